"""A realistic demo: one council's community recruitment, with people in every role."""
