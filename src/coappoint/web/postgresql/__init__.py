"""PostgreSQL as Django ships it, with a health check that skips connections just seen working."""
