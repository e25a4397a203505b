"""Candidates' side of a campaign: adding, importing, inviting; adjustments and equality data."""
