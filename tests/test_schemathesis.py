"""Schemathesis against a real loopback server: every response has a status code and a content type the
OpenAPI document declares, and matches its schema (a bounded number of generated examples per operation)."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from dossier.api import create_app
from dossier.pipeline import ingest
from dossier.settings import load_config
from dossier.store import Store

from .conftest import SAMPLE
from .live import live_server

pytestmark = pytest.mark.slow
EXAMPLES = 30
# The same generated requests on every run, so CI is reproducible; DOSSIER_FUZZ_RANDOM=1 explores new ones.
DERANDOMIZE = not os.environ.get("DOSSIER_FUZZ_RANDOM")
TOKEN = "schemathesis-token"


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    db = tmp_path_factory.mktemp("schemathesis") / "st.db"
    with Store(db) as s:
        ingest(s, [str(SAMPLE)], load_config(), progress=False)
    with live_server(create_app(str(db), token=TOKEN)) as url:
        yield schemathesis.openapi.from_url(url + "/openapi.json")


def check_operation(operation, examples: int, headers: dict) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None,
              derandomize=DERANDOMIZE)
    def check(case):
        case.call_and_validate(headers=headers)

    check()


def failures(operations, examples: int = EXAMPLES, headers: dict = {}) -> list[str]:  # noqa: B006 - read only
    found = []
    for operation in operations:
        try:
            check_operation(operation, examples, headers)
        except KeyboardInterrupt:
            raise
        except BaseException as e:  # noqa: BLE001 - collected, so one run reports every failing operation
            found.append(f"{operation.method.upper()} {operation.path}: {e}")
    return found


def test_api_matches_its_openapi_document(api_schema):
    # One test over every operation (schemathesis' own pytest plugin does not run under pytest 9).
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 19
    found = failures(operations)
    assert not found, "\n\n".join(found)


def test_writes_with_the_token_match_the_document(api_schema):
    """With the right token, generated writes reach the routes (ingest jobs, entity corrections)."""
    writes = [result.ok() for result in api_schema.get_all_operations() if result.ok().method == "post"]
    assert len(writes) == 5  # ingest, entity merge/split/rename, fact correction
    found = failures(writes, examples=10, headers={"Authorization": f"Bearer {TOKEN}"})
    assert not found, "\n\n".join(found)
