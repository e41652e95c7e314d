"""Reporting's reads, one module per area."""
