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


def _app():
    import tempfile
    from pathlib import Path

    tmp = Path(tempfile.mkdtemp())
    s = Store(tmp / "schema.db")
    ingest(s, [str(ROOT / "examples" / "corpus")], load_config(), progress=False)
    s.close()
    return create_app(str(tmp / "schema.db"), token="schema-token")


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case):
    response = case.call()
    assert response.status_code < 500, (case.path, case.query, response.text[:300])
