"""Ingest jobs: `POST /api/ingest` (token) stores the upload and queues a job at once (202); the job runs in
a process of its own (dossier.jobs) while `GET /api/jobs/{id}` reports its progress, counts and failures."""

from __future__ import annotations

import re
import shutil
from typing import Any, Optional

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from pydantic import BaseModel

from ..errors import FetchError
from ..fetch import normalise_url
from .auth import AUTH_ERRORS, require_token
from .responses import NOT_FOUND, errors
from .uploads import read_upload

router = APIRouter(prefix="/api", tags=["jobs"])


class Failure(BaseModel):
    source: str
    reason: str


class JobView(BaseModel):
    id: str
    status: str  # queued, running, done, failed, cancelled
    created: str
    started: Optional[str] = None
    finished: Optional[str] = None
    inputs: int
    done: int
    total: int
    counts: dict[str, int]
    new: list[str]
    failures: list[Failure]
    error: Optional[str] = None


# The urls field, one grammar for the OpenAPI document and the check (ASCII whitespace, as both regex dialects
# read it): http(s) URLs with a host, separated by whitespace.
SPACE = r"[ \t\n\r\f\v]"
URL = r"[Hh][Tt][Tt][Pp][Ss]?://[^ \t\n\r\f\v/]+[^ \t\n\r\f\v]*"
URL_LINES = rf"^{SPACE}*{URL}({SPACE}+{URL})*{SPACE}*$"
FILES = {"type": "array", "minItems": 1, "items": {"type": "string", "format": "binary"}}
URLS = {"type": "string", "pattern": URL_LINES, "description": "http(s) URLs, one a line"}
UPLOAD_BODY = {"requestBody": {"required": True, "content": {
    "multipart/form-data": {"schema": {"type": "object", "properties": {"files": FILES, "urls": URLS},
                                       "anyOf": [{"required": ["files"]}, {"required": ["urls"]}]}},
    "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {"urls": URLS},
                                                     "required": ["urls"]}}}}}
UPLOAD_ERRORS = {**AUTH_ERRORS, **errors(
    e400="the body is not a readable form",
    e413="the body, a file or a field is larger than the server accepts",
    e415="the body is neither multipart/form-data nor URL-encoded",
    e422="nothing to ingest, or a URL that is not http(s)")}


def check_length(request: Request) -> None:
    """413 from the declared Content-Length alone, before a byte of the body is read."""
    limit = request.app.state.config.max_upload
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"request body of {declared} bytes: the limit is {limit} bytes")


@router.post("/ingest", status_code=202, response_model=JobView, openapi_extra=UPLOAD_BODY, responses=UPLOAD_ERRORS,
             dependencies=[Depends(require_token), Depends(check_length)])
async def api_ingest(request: Request, response: Response) -> dict[str, Any]:
    """Queue an ingest of uploaded files (`files`) and/or URLs (`urls`, one a line); poll the job it returns."""
    runner, cfg = request.app.state.jobs, request.app.state.config
    job_id, folder = runner.new_folder()
    try:
        upload = await read_upload(request, folder / "inputs", cfg.max_upload, cfg.max_bytes)
        targets = _urls(upload.fields.get("urls", [])) + [str(p) for p in upload.files]
        if not targets:
            raise HTTPException(422, "nothing to ingest: send files or urls")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    runner.submit(job_id, targets)
    response.headers["Location"] = f"/api/jobs/{job_id}"
    return runner.status(job_id)


def _urls(fields: list[str]) -> list[str]:
    """The URLs of the urls field, normalised where fetch.normalise_url can (a leading space or an upper-case scheme
    never gets past the check); the job's fetch refuses internal addresses, after resolving the name and on every
    redirect, and reports each refusal as that URL's failure line."""
    urls = [u for text in fields for u in re.split(SPACE + "+", text) if u]
    bad = [u for u in urls if not re.fullmatch(URL, u)]
    if bad:
        raise HTTPException(422, f"not an http(s) URL: {bad[0][:200]}")
    return [_normalised(u) for u in urls]


def _normalised(url: str) -> str:
    try:
        return normalise_url(url)
    except FetchError:
        return url  # the job names it as a failure


@router.get("/jobs", response_model=list[JobView])
def api_jobs(request: Request) -> list[dict[str, Any]]:
    """Every ingest job since the server started, newest first."""
    return request.app.state.jobs.list()


@router.get("/jobs/{job_id}", response_model=JobView, responses=NOT_FOUND)
def api_job(request: Request, job_id: str) -> dict[str, Any]:
    """A job's status (queued, running, done, failed, cancelled), inputs done of all, counts and failures."""
    return request.app.state.jobs.status(job_id)
