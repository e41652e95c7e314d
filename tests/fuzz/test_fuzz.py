"""A short, bounded pass of `make fuzz` (CI runs it in `make test`): schemathesis with --checks all over the whole
schema, as the coordinator, the AVIQ reviewer and the admin, finds no server error, no schema violation and no value of
the wrong type accepted (`negative_data_rejection`: the API's fields are strict, see ols_platform/api_fields.py)."""

import pytest

from . import runner

pytestmark = pytest.mark.fuzz

# A few cases per operation and a time budget per actor keep the pass around two minutes.
MAX_EXAMPLES = 3
MAX_SECONDS_PER_ACTOR = 30
# A fixed seed makes CI's pass reproducible (`make fuzz` explores with a new seed each run and finds what is new).
SEED = "20261201"


def test_schemathesis_finds_no_server_error_and_no_schema_violation():
    if runner.schemathesis_executable() is None:
        pytest.skip("schemathesis is not installed (make install-dev)")
    assert runner.fuzz(max_examples=MAX_EXAMPLES, max_time=MAX_SECONDS_PER_ACTOR, extra=("--seed", SEED)) == 0
