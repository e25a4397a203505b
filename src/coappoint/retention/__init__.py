"""How long an organisation keeps each kind of personal data (its retention periods)."""
