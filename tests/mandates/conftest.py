from tests.governance.conftest import gov  # noqa: F401 — the governance cast: a deciding body with two seats
