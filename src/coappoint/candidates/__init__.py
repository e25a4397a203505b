"""Candidates' side of a campaign: adding and importing them, invitations, adjustments, equality data."""
