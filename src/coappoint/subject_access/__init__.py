"""Subject-access requests: what the service holds about one person, asked for and answered."""
