"""An upload read as it streams: multipart file parts are written straight into a folder and the other
fields kept, and reading stops at the size limits (the whole body, one file, one field), so an oversized
request is refused after at most `max_total` bytes and nothing is spooled first. URL-encoded forms (fields
only) are read the same way, up to the same limit."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Optional
from urllib.parse import parse_qs

from fastapi import HTTPException, Request
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

MAX_FIELD = 100_000  # bytes in one non-file field (the URL list)
MAX_PARTS = 200  # files and fields in one request
FILE_FIELD = "files"  # a part of this name is a file even when the client gives no file name


@dataclass
class Upload:
    files: list[Path] = field(default_factory=list)
    fields: dict[str, list[str]] = field(default_factory=dict)


class _Parts:
    """The multipart parser's callbacks: headers of each part, then its data to a file or a field."""

    def __init__(self, folder: Path, max_file: int):
        self.folder, self.max_file = folder, max_file
        self.upload = Upload()
        self.headers: dict[bytes, bytes] = {}
        self.header_field, self.header_value = b"", b""
        self.name: str = ""
        self.filename: Optional[str] = None
        self.file: Optional[BinaryIO] = None
        self.size = 0
        self.data = bytearray()
        self.count = 0

    def callbacks(self) -> dict:
        return {"on_part_begin": self.part_begin, "on_header_field": self.field_bytes,
                "on_header_value": self.value_bytes, "on_header_end": self.header_end,
                "on_headers_finished": self.headers_finished, "on_part_data": self.part_data,
                "on_part_end": self.part_end}

    def part_begin(self) -> None:
        self.count += 1
        if self.count > MAX_PARTS:
            raise HTTPException(413, f"more than {MAX_PARTS} parts in one upload")
        self.headers, self.name, self.filename, self.file, self.size = {}, "", None, None, 0
        self.data = bytearray()

    def field_bytes(self, data: bytes, start: int, end: int) -> None:
        self.header_field += data[start:end]

    def value_bytes(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def header_end(self) -> None:
        self.headers[self.header_field.strip().lower()] = self.header_value.strip()
        self.header_field, self.header_value = b"", b""

    def headers_finished(self) -> None:
        _, options = parse_options_header(self.headers.get(b"content-disposition", b""))
        self.name = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" in options or self.name == FILE_FIELD:
            self.filename = _safe_name(options.get(b"filename", b"").decode("utf-8", "replace"), self.count)
            path = self.folder / f"{len(self.upload.files):03d}-{self.filename}"
            self.file = path.open("wb")
            self.upload.files.append(path)

    def part_data(self, data: bytes, start: int, end: int) -> None:
        self.size += end - start
        if self.file is not None:
            if self.size > self.max_file:
                raise HTTPException(413, f"{self.filename}: larger than {self.max_file} bytes")
            self.file.write(data[start:end])
        elif self.size > MAX_FIELD:
            raise HTTPException(413, f"form field {self.name!r}: larger than {MAX_FIELD} bytes")
        else:
            self.data += data[start:end]

    def part_end(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None
        else:
            self.upload.fields.setdefault(self.name, []).append(self.data.decode("utf-8", "replace"))

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


def _safe_name(name: str, n: int) -> str:
    """The file name's last part, without path separators or control characters (the folder is ours)."""
    base = re.sub(r"[\x00-\x1f/\\]", "", name.replace("\\", "/").rsplit("/", 1)[-1]).strip(". ")
    return base[:120] or f"upload-{n}.txt"


async def read_upload(request: Request, folder: Path, max_total: int, max_file: int) -> Upload:
    """Streams `request`'s form body into `folder`; 413 past a limit, 400 for a body that is not a form."""
    ctype, options = parse_options_header(request.headers.get("content-type", ""))
    if ctype == b"multipart/form-data":
        if not options.get(b"boundary"):
            raise HTTPException(400, "multipart/form-data without a boundary")
        parts = _Parts(folder, max_file)
        parser = MultipartParser(options[b"boundary"], parts.callbacks())
        try:
            async for chunk in _limited(request, max_total):
                parser.write(chunk)
            parser.finalize()
        except FormParserError as e:
            raise HTTPException(400, f"the upload is not valid multipart/form-data ({e})") from None
        finally:
            parts.close()
        return parts.upload
    if ctype in (b"application/x-www-form-urlencoded", b""):
        body = b"".join([chunk async for chunk in _limited(request, min(max_total, MAX_FIELD * 2))])
        return Upload(fields=parse_qs(body.decode("utf-8", "replace")))
    raise HTTPException(415, "send multipart/form-data (files and a urls field) or a URL-encoded urls field")


async def _limited(request: Request, limit: int):
    """The body's chunks, refusing (413) as soon as more than `limit` bytes have arrived."""
    seen = 0
    async for chunk in request.stream():
        seen += len(chunk)
        if seen > limit:
            raise HTTPException(413, f"request body larger than {limit} bytes")
        yield chunk
