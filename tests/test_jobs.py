"""Ingest jobs: the upload is checked (token, size) before its body is read and read no further than the limit;
the job runs in its own process with progress, counts and failures; reads go on while it runs; the jobs page."""

import asyncio
import os
import shutil
import socket
import time

import httpx
import pytest

from dossier.api import create_app
from dossier.jobs import JobRunner
from dossier.settings import load_config
from dossier.store import Store

from .conftest import SHARED
from .live import live_server

pytestmark = pytest.mark.slow
TOKEN = "jobs-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ARTICLE = (b"Norway orders radars\n\nNorway has signed a contract with Kongsberg for ten air defence radars worth "
           b"NOK 2 billion, the Norwegian defence ministry said on Monday.")


def wait(get, job_id: str, timeout: float = 300) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        job = get(job_id)
        if job["status"] not in ("queued", "running"):
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.2)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("jobs") / "jobs.db"
    Store(db).close()
    with live_server(create_app(str(db), token=TOKEN)) as url:
        yield url


def raw_post(url: str, headers: str) -> bytes:
    """Sends only the request head (announcing a 200 MB body) and returns what the server answers."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=20) as s:
        s.sendall(f"POST /api/ingest HTTP/1.1\r\nHost: {host}\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                  f"Content-Length: 200000000\r\n{headers}\r\n".encode("latin-1"))
        s.sendall(b"--x\r\n")  # a few bytes of the body, never the rest
        answer = b""
        while b"\r\n\r\n" not in answer or len(answer.split(b"\r\n\r\n", 1)[1]) < _length(answer):
            more = s.recv(4096)
            if not more:
                break
            answer += more
        return answer


def _length(answer: bytes) -> int:
    for line in answer.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return int(line.split(b":")[1])
    return 0


def test_big_uploads_are_refused_before_the_body_is_read(server):
    assert raw_post(server, "").startswith(b"HTTP/1.1 401")
    assert raw_post(server, "Authorization: Bearer nope\r\n").startswith(b"HTTP/1.1 401")
    answer = raw_post(server, f"Authorization: Bearer {TOKEN}\r\n")
    assert answer.startswith(b"HTTP/1.1 413") and b"200000000" in answer


def asgi_post(app, chunks, headers) -> tuple[int, bytes, int]:
    """POSTs a body in `chunks` straight into the ASGI app; returns status, body and the bytes it consumed."""
    consumed, sent = 0, []
    pending = list(chunks)

    async def receive():
        nonlocal consumed
        if not pending:
            return {"type": "http.request", "body": b"", "more_body": False}
        chunk = pending.pop(0)
        consumed += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": bool(pending)}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/api/ingest", "raw_path": b"/api/ingest", "query_string": b"", "root_path": "",
             "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    return start["status"], b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body"), consumed


def multipart(name: str, size: int, chunk: int = 65536):
    yield b'--b\r\nContent-Disposition: form-data; name="files"; filename="' + name.encode() + b'"\r\n\r\n'
    for _ in range(size // chunk):
        yield b"a" * chunk
    yield b"\r\n--b--\r\n"


def test_reading_stops_at_the_limits(tmp_path, monkeypatch):
    monkeypatch.setenv("DOSSIER_MAX_UPLOAD", "1000000")
    monkeypatch.setenv("DOSSIER_MAX_BYTES", "200000")
    app = create_app(str(tmp_path / "t.db"), token=TOKEN)
    head = {**AUTH, "Content-Type": "multipart/form-data; boundary=b"}  # no Content-Length: chunked
    status, body, consumed = asgi_post(app, multipart("huge.txt", 50_000_000), head)
    assert status == 413 and b"huge.txt" in body  # the file limit comes first
    assert consumed <= 200_000 + 2 * 65536
    monkeypatch.setenv("DOSSIER_MAX_BYTES", "5000000")
    app = create_app(str(tmp_path / "t.db"), token=TOKEN)
    status, body, consumed = asgi_post(app, multipart("big.txt", 50_000_000), head)
    assert status == 413 and b"request body larger than 1000000 bytes" in body
    assert consumed <= 1_000_000 + 65536
    assert not any(app.state.jobs.root.iterdir())  # the refused upload's folder is gone
    app.state.jobs.close()


def test_a_job_reports_progress_counts_and_failures(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for n in range(3):
        (inputs / f"a{n}.txt").write_bytes(ARTICLE.replace(b"ten", f"{n + 10}".encode()))
    (inputs / "a3.txt").write_bytes(ARTICLE)
    (inputs / "dup.txt").write_bytes(ARTICLE)
    (inputs / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    db = str(tmp_path / "j.db")
    Store(db).close()
    runner = JobRunner(db, config=load_config())
    try:
        job_id, folder = runner.new_folder()
        for p in sorted(inputs.iterdir()):
            shutil.copy(p, folder / "inputs" / f"{len(os.listdir(folder / 'inputs')):03d}-{p.name}")
        targets = sorted(str(p) for p in (folder / "inputs").iterdir())
        job = runner.submit(job_id, targets)
        assert runner.status(job.id)["status"] in ("queued", "running")
        done = wait(runner.status, job.id)
        assert done["status"] == "done" and done["done"] == done["total"] == 6 and done["error"] is None
        c = done["counts"]
        assert c["new"] + c["duplicate"] + c["near_duplicate"] == 5 and c["failed"] == 1 and c["facts"] >= 4
        assert [f["source"] for f in done["failures"]] == ["bin.txt"]
        assert set(done["new"]) <= {"a0.txt", "a1.txt", "a2.txt", "a3.txt", "dup.txt"}
        assert not (folder / "inputs").exists()  # uploads are removed when the job ends
        with Store(db) as s:
            assert s.counts()["documents"] == c["new"]
        with pytest.raises(Exception, match="no job nope"):
            runner.status("nope")
    finally:
        runner.close()


def test_closing_the_runner_stops_a_running_job_cleanly(tmp_path):
    corpus = SHARED / "corpus" / "dev"
    if not corpus.exists():
        pytest.skip("../shared/corpus/dev is not beside the repository")
    db = str(tmp_path / "c.db")
    Store(db).close()
    runner = JobRunner(db, config=load_config())
    job_id, _ = runner.new_folder()
    runner.submit(job_id, [str(p) for p in sorted(corpus.iterdir())])
    deadline = time.monotonic() + 300
    while runner.status(job_id)["done"] < 3:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    runner.close()
    job = runner.jobs[job_id]
    assert job.status == "cancelled" and "stopped after" in job.error
    with Store(db) as s:  # what was stored is whole: every stored document has its source row
        n = s.counts()["documents"]
        assert 0 < n < 56
        assert s.query("SELECT count(*) AS n FROM documents WHERE id NOT IN (SELECT doc_id FROM document_sources)")[0]["n"] == 0


def test_reads_go_on_while_a_job_runs(server):
    corpus = SHARED / "corpus" / "dev"
    if not corpus.exists():
        pytest.skip("../shared/corpus/dev is not beside the repository")
    files = [("files", (p.name, p.read_bytes(), "text/plain")) for p in sorted(corpus.iterdir())[:40]]
    with httpx.Client(base_url=server, timeout=60) as c:
        r = c.post("/api/ingest", files=files, headers=AUTH)
        assert r.status_code == 202
        job_id = r.json()["id"]
        reads_during = 0
        while c.get(f"/api/jobs/{job_id}").json()["status"] in ("queued", "running"):
            for url in ("/api/facts", "/api/documents", "/", "/jobs"):
                assert c.get(url).status_code == 200
            if c.get(f"/api/jobs/{job_id}").json()["status"] == "running":
                reads_during += 1  # a whole round of reads answered between two looks at a running job
            time.sleep(0.1)
        job = c.get(f"/api/jobs/{job_id}").json()
        assert job["status"] == "done" and job["counts"]["new"] + job["counts"]["near_duplicate"] + job["counts"]["duplicate"] == 40
        assert reads_during >= 3
        assert c.get("/api/documents").json()["total"] == job["counts"]["new"]


@pytest.mark.browser
def test_the_jobs_page_ingests_and_shows_progress(server):
    from playwright.sync_api import sync_playwright

    from .browsing import launch

    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        problems = []
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.goto(server + "/jobs")
        page.fill("input[name=token]", "wrong")
        page.set_input_files("input[name=files]", files=[{"name": "page.txt", "mimeType": "text/plain",
                                                           "buffer": ARTICLE.replace(b"Norway", b"Finland")}])
        page.click("#ingest-form button[type=submit]")
        page.wait_for_selector("#ingest-message:has-text('refused (401)')")
        problems.clear()  # the browser logs the refused request itself
        page.fill("input[name=token]", TOKEN)
        page.click("#ingest-form button[type=submit]")
        page.wait_for_selector("#ingest-message:has-text('queued')")
        job_id = page.inner_text("#ingest-message").split()[1]
        row = f"tr.job[data-status=done]:has-text('{job_id}')"
        page.wait_for_selector(row, timeout=300_000)  # the table refreshes itself while a job runs
        assert "1 / 1" in page.inner_text(row)
        page.goto(server + "/docs")
        page.wait_for_selector(".swagger-ui .opblock")
        assert page.locator(".opblock").count() >= 19
        assert not problems, problems  # no script errors, no Content-Security-Policy violations
        browser.close()


def test_api_ingest_refuses_internal_addresses_and_normalises_urls(tmp_path):
    from fastapi.testclient import TestClient

    from dossier.api import create_app

    from .test_api import wait_for_job

    app = create_app(str(tmp_path / "j.db"), token="t")
    with TestClient(app) as client:
        r = client.post("/api/ingest", data={"urls": " HTTP://169.254.169.254/latest/meta-data"},
                        headers={"Authorization": "Bearer t"})
        assert r.status_code == 202
        job = wait_for_job(client, r.json())
        assert [f["source"] for f in job["failures"]] == ["http://169.254.169.254/latest/meta-data"]
        assert "refused" in job["failures"][0]["reason"] or "internal" in job["failures"][0]["reason"]
        assert client.get("/api/documents").json()["total"] == 0
