"""The one error type raised by services. Views turn it into a form error or a message; the API into a 400."""


class DomainError(Exception):
    """A write refused by a business rule.

    `code` is stable and machine-readable (the API returns it); `message` is for people (French);
    `field` names the input at fault when there is one; `params` carries the figures behind the refusal.
    """

    def __init__(self, message: str, *, code: str, field: str | None = None, params: dict | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        self.params = params or {}

    def __str__(self):
        return self.message


class ConflictError(DomainError):
    """Someone else saved the same record first (optimistic locking)."""
