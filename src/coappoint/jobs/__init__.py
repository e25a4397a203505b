"""Long work done off the request by the task worker, with its progress, outcome and failure."""
