"""The permission matrix: every URL of the project × every actor → the expected status.

Each module in this package exports `ENTRIES`, a list of `Entry`. `tests/test_permission_matrix.py` visits them
all and fails when a URL of the project, or a method it accepts, has no entry (the key is URL name + method). Each
actor's request runs in a savepoint rolled back afterwards, so write entries use bodies that succeed for every allowed
actor. Build expectations with the helpers below.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

MEMBER_ROLES = ("coordinator", "operational", "accountant", "governance", "structure_reporter", "viewer")
ACTORS = ("anonymous", "outsider", *MEMBER_ROLES, "reviewer", "admin")


@dataclass
class Entry:
    name: str  # URL name, with namespace ("consortia:detail")
    expect: dict  # actor → status
    kwargs: Callable = lambda cast: {}  # cast → URL kwargs
    method: str = "get"
    data: Callable | None = None  # cast → POST data (built afresh for each actor)
    api: bool = False  # JSON API: anonymous gets 401, bodies are JSON
    id: str = field(default="")
    # cast → a comparable picture of what the request may change: refused actors (4xx) must leave it as it was.
    snapshot: Callable | None = None

    def __post_init__(self):
        missing = set(ACTORS) - set(self.expect)
        assert not missing, f"{self.name}: no expected status for {sorted(missing)}"
        self.id = self.id or f"{self.method.upper()} {self.name}"


def expect(anonymous=302, outsider=404, reviewer=None, admin=None, default=200, **roles):
    """Statuses per actor: members get `default` unless named; reviewer and admin default to `default` too."""
    statuses = {"anonymous": anonymous, "outsider": outsider}
    for role in MEMBER_ROLES:
        statuses[role] = roles.get(role, default)
    statuses["reviewer"] = default if reviewer is None else reviewer
    statuses["admin"] = default if admin is None else admin
    return statuses


def only(allowed: tuple, ok=200, denied=403, anonymous=302, outsider=404, reviewer=403, admin=None):
    """Members in `allowed` get `ok`, other members `denied`; the admin gets `ok` unless told."""
    statuses = {"anonymous": anonymous, "outsider": outsider, "reviewer": reviewer}
    for role in MEMBER_ROLES:
        statuses[role] = ok if role in allowed else denied
    statuses["admin"] = ok if admin is None else admin
    return statuses


def a(cast):
    """kwargs for a page of consortium A."""
    return {"consortium_id": cast.consortium_a.pk}
