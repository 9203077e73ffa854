"""API fuzzing with schemathesis against the running server's own OpenAPI schema.

A real uvicorn server on 127.0.0.1 (the deterministic fake models behind it, so hundreds of
requests take seconds). Schemathesis generates valid and invalid requests for every operation
and checks each answer: no 500, a documented status code, a body that matches the schema,
the documented content type, and invalid input refused with a 4xx.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance

from service.app import create_app
from tests.service_helpers import backend, live_server
from tests.service_helpers import settings as service_settings

# Hundreds of generated requests against a live server: seconds.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def api_schema() -> Iterator[schemathesis.BaseSchema]:
    app = create_app(service_settings(queue_size=64, request_timeout_s=30), backend())
    with live_server(app) as url:
        yield schemathesis.openapi.from_url(f"{url}/openapi.json")


def _operations(schema: schemathesis.BaseSchema) -> list[schemathesis.APIOperation]:
    return [result.ok() for result in schema.get_all_operations()]


# schemathesis's own pytest plugin does not load under pytest 9 yet, so each operation's
# case strategy runs under hypothesis directly: valid inputs, then invalid ones.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_server_errors_and_responses_match_the_schema(api_schema, mode) -> None:
    operations = _operations(api_schema)
    labels = {op.label for op in operations}
    assert {"POST /v1/summarize", "GET /v1/models", "GET /readyz"} <= labels, labels
    calls: dict[str, int] = {}
    for operation in operations:
        if mode is GenerationMode.NEGATIVE and not operation.body:
            continue  # only optional free-form headers: nothing can be made invalid

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=150,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def fuzz(case: schemathesis.Case) -> None:
            calls[case.operation.label] = calls.get(case.operation.label, 0) + 1
            # Not positive_data_acceptance: a schema-valid bundle can still hold nothing to
            # summarise ("a", pure boilerplate), which is a documented 422, not a bug.
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        fuzz()
    assert calls.get("POST /v1/summarize", 0) >= 20, calls
