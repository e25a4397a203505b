"""Passwordless sign-in for recruiters and candidates: personal links and short access codes."""
