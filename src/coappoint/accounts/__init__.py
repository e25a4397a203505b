"""Staff accounts: council staff sign in with email and password; recruiters never do."""
