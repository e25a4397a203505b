"""Tenants (councils and partnerships), their programmes and areas, and staff roles in them."""
