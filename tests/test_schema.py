"""schemathesis against the OpenAPI spec: no request, however malformed, gets a 500."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from dossier.api import create_app
from dossier.pipeline import ingest
from dossier.settings import load_config
from dossier.store import Store

from .conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def api_schema(new_db):
    target = new_db("schema")
    s = Store(target)
    ingest(s, [str(ROOT / "examples" / "corpus")], load_config(), progress=False)
    s.close()
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(target, token="schema-token"))


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case):
    response = case.call()
    assert response.status_code < 500, (case.path, case.query, response.text[:300])
