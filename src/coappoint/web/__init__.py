"""The web shell every app shares: the page layout, GOV.UK form rendering, security headers."""
