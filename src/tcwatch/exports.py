"""Facts for analysts: the export columns, and the Parquet writer (pyarrow) the CLI and the API share.

Every export (CSV, JSON Lines, Parquet) has the same columns, provenance included.
Parquet keeps their types: ids and counts as integers, amounts as doubles,
``nationalities``/``source_urls`` as lists of strings, ``span`` as a list of two
integers, ``uncertain`` as a boolean, dates as text (a date may be partial:
``2025`` or ``2025-05``). Rows are written in row groups of ``ROW_GROUP`` facts,
so memory stays bounded however many facts are exported.
"""

from __future__ import annotations

from typing import BinaryIO, Iterable, Iterator

#: the columns of every facts export, in order
COLUMNS = ["id", "event_id", "origin", "review"] + [
    "type", "sender", "receiver", "date", "date_qualifier", "people", "people_qualifier", "nationalities",
    "amount", "currency", "amount_qualifier", "actor", "outcome", "evidence",
] + ["document_id", "span", "extractor_version", "arrangement_id", "source_urls", "uncertain", "published"]

#: facts per Parquet row group
ROW_GROUP = 10_000

_INTEGER = {"id", "event_id", "people"}
_LISTS = {"nationalities", "source_urls"}


def parquet_schema():
    """The Arrow schema of a facts Parquet file (column names as :data:`COLUMNS`)."""
    import pyarrow as pa

    def kind(name: str):
        if name in _INTEGER:
            return pa.int64()
        if name == "amount":
            return pa.float64()
        if name in _LISTS:
            return pa.list_(pa.string())
        if name == "span":
            return pa.list_(pa.int64())
        if name == "uncertain":
            return pa.bool_()
        return pa.string()

    return pa.schema([pa.field(name, kind(name), nullable=name not in ("id", "type", "origin", "evidence"))
                      for name in COLUMNS])


class _Chunks:
    """A write-only binary sink that hands over what was written since the last call."""

    def __init__(self):
        self._parts: list[bytes] = []
        self._position = 0
        self.closed = False

    def write(self, data) -> int:
        data = bytes(data)
        self._parts.append(data)
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def writable(self) -> bool:
        return True

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def take(self) -> bytes:
        out = b"".join(self._parts)
        self._parts.clear()
        return out


def _batches(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for row in rows:
        batch.append({k: row.get(k) for k in COLUMNS})
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def parquet_chunks(rows: Iterable[dict], row_group: int = ROW_GROUP) -> Iterator[bytes]:
    """A Parquet file of the fact rows (as :func:`~tcwatch.corridors.fact_view` gives them), as bytes
    to send in order: one piece per row group, then the footer. An empty export is a valid file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    sink = _Chunks()
    writer = pq.ParquetWriter(pa.PythonFile(sink, mode="w"), schema, compression="zstd")
    try:
        for batch in _batches(rows, row_group):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema), row_group_size=row_group)
            data = sink.take()
            if data:
                yield data
    finally:
        writer.close()
    yield sink.take()


def write_parquet(rows: Iterable[dict], out: BinaryIO, row_group: int = ROW_GROUP) -> int:
    """Write the rows as Parquet to a binary file; return how many were written."""
    count = 0

    def counted():
        nonlocal count
        for row in rows:
            count += 1
            yield row

    for data in parquet_chunks(counted(), row_group):
        out.write(data)
    out.flush()
    return count
