"""Writes on governance: each function validates, locks the consortium, writes, audits and bumps the consortium's
revision (its cached pages) in one transaction, and refuses with `ols_platform.errors.DomainError`."""
