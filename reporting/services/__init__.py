"""Reporting's writes, one module per area."""
