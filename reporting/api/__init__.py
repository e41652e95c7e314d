"""Reporting's JSON API, one module per area."""
