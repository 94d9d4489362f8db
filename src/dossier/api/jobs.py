"""Ingest through the API: uploaded files and/or URLs (one a line); needs the token."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, UploadFile

from .auth import require_token
from .params import StoreDep

router = APIRouter(prefix="/api", tags=["writes"])
MAX_UPLOAD = 5_000_000


@router.post("/ingest", dependencies=[Depends(require_token)])
async def api_ingest(store: StoreDep, files: list[UploadFile] = File(default=[]),
                     urls: str = Form(default="")) -> dict[str, Any]:
    """Ingest uploaded files and/or URLs (one per line)."""
    from ..pipeline import ingest
    from ..settings import load_config

    targets = [u.strip() for u in urls.splitlines() if u.strip()]
    bad = [u for u in targets if not u.startswith(("http://", "https://"))]
    if bad:
        raise HTTPException(422, f"not an http(s) URL: {bad[0][:200]}")
    with tempfile.TemporaryDirectory() as tmp:
        for n, f in enumerate(files):
            data = await f.read(MAX_UPLOAD + 1)
            name = Path(f.filename or f"upload-{n}.txt").name or f"upload-{n}.txt"
            if len(data) > MAX_UPLOAD:
                raise HTTPException(413, f"{name}: larger than {MAX_UPLOAD} bytes")
            path = Path(tmp) / f"{n:03d}-{name}"
            path.write_bytes(data)
            targets.append(str(path))
        if not targets:
            raise HTTPException(422, "nothing to ingest: send files or urls")
        report = ingest(store, targets, load_config(), progress=False)
    strip = lambda s: s.split("-", 1)[1] if "/" in s and Path(s).name[:3].isdigit() else s  # noqa: E731
    return {"new": [Path(strip(s)).name for s in report.new], "unchanged": len(report.unchanged),
            "duplicate": len(report.duplicate), "near_duplicate": len(report.near_duplicate),
            "failed": [{"source": Path(s).name, "reason": r} for s, r in report.failed],
            "facts": report.facts, "mentions": report.mentions}
