"""Staff accounts in pages: starting an organisation, invitations, the team, two-factor sign-in,
password reset and change, and how long a staff session lasts."""
