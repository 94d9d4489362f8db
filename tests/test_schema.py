"""schemathesis against the OpenAPI spec: no request, however malformed, gets a 500.

The spec is read at import from an app on an empty SQLite file (it does not depend on the data); the requests go
to an app over the sample corpus on the back-end under test (new_db)."""

import os
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from dossier.api import create_app
from dossier.pipeline import ingest
from dossier.settings import load_config
from dossier.store import Store

from .conftest import ROOT

pytestmark = pytest.mark.slow
TOKEN = "schema-token"
# The same generated requests on every run, so CI is reproducible; DOSSIER_FUZZ_RANDOM=1 explores new ones.
DERANDOMIZE = not os.environ.get("DOSSIER_FUZZ_RANDOM")

schema = schemathesis.openapi.from_asgi(
    "/openapi.json", create_app(str(Path(tempfile.mkdtemp()) / "spec.db"), token=TOKEN))


@pytest.fixture(scope="module")
def app(new_db):
    target = new_db("schema")
    with Store(target) as s:
        ingest(s, [str(ROOT / "examples" / "corpus")], load_config(), progress=False)
    return create_app(target, token=TOKEN)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=DERANDOMIZE)
def test_no_server_errors(case, app):
    response = case.call(app=app)
    assert response.status_code < 500, (case.path, case.query, response.text[:300])
