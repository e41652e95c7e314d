"""The JSON API of the platform foundation, one module per resource: users, roles, territories, structures,
consortia, memberships (routed in `consortia.api_urls`).

Thin on purpose: serializers check the shape of the input, `consortia.permissions` decides who sees and does what,
and every write is one call to a `consortia.services` module, whose `DomainError` the exception handler turns into
a 400 carrying the rule's `code`. Objects outside the caller's consortia are 404; members without the right get 403.
"""
