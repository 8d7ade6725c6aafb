"""Fixtures for the reader tests: write a file in tmp_path, read paths into a list."""

from __future__ import annotations

import pytest
from support_sources import TODAY

from tcwatch.model import Document, Rejection
from tcwatch.sources import ReadOptions, read_inputs


@pytest.fixture
def write(tmp_path):
    """``write(name, content)``: create ``tmp_path/name`` (str is UTF-8 encoded) and return its path."""

    def write(name: str, content: str | bytes, encoding: str = "utf-8") -> str:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode(encoding) if isinstance(content, str) else content)
        return str(path)

    return write


@pytest.fixture
def read():
    """``read(paths, **options)``: everything read_inputs yields, as a list."""

    def read(paths, **options) -> list[Document | Rejection]:
        if isinstance(paths, str):
            paths = [paths]
        options.setdefault("today", TODAY)
        return list(read_inputs(paths, ReadOptions(**options)))

    return read
