"""Keeping the service in order: the daily housekeeping run, and /health/ for load balancers."""
