"""Benchmark: hostile input. A seeded generator of malformed inputs through every way in: the
ingest library (read_inputs + ingest_documents, as `tcwatch ingest` calls them), the CLI (in
process, and a few real `tcwatch ingest` processes), the extractor, the feed parser, feeds over
HTTP from a loopback server (poll_source), and the API (in-process client).

Run on demand (never as a test; tests/test_fuzz.py runs a short version):

    .venv/bin/python bench/bench_fuzz.py                 # about 100,000 inputs
    .venv/bin/python bench/bench_fuzz.py --scale 0.05    # a short run
    .venv/bin/python bench/bench_fuzz.py --only feed_http --seed 3

What goes in: truncated and garbled JSON Lines, CSV with wrong, missing and extra columns,
binary, invalid UTF-8, mixed encodings (latin-1, cp1252, UTF-16 pieces), lone surrogates,
impossible dates, wrong JSON types, deep nesting, 10 MB single lines (``--big`` of them),
zero-width, right-to-left and combining characters, HTML with scripts and iframes; feeds with
billion-laughs and external entities (file and http), endless bodies, 200 MB bodies, gzip
bombs, redirect loops, slow drips, wrong content types; API requests with garbage parameters
and malformed bodies. Good documents are mixed into the inputs (lines, rows, files, requests),
and each is checked to be stored.

Each target runs in a worker process; the parent restarts a worker that stops answering
(a hang is counted against the input it was on). Inside the worker each input has a time
limit (SIGALRM). Printed per target: inputs run, tracebacks (any exception that escaped the
library, a 5xx from the API, a traceback from the CLI), hangs, good documents lost, the
slowest input and the largest growth of peak RSS one input caused; then a sample of each
failure with the seed and index that reproduce it (``--only T --seed S --start I --count 1``).
The machine is shared: times are noisy.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import random
import resource
import signal
import string
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

#: Inputs per target for ``--scale 1`` (the sum is over 100,000).
PLAN = {"ingest": 6000, "cli": 600, "extract": 71000, "feed_parse": 8000, "feed_http": 200, "api": 15000}
CLI_PROCESSES = 12  # real `tcwatch ingest` processes (of the cli target's inputs)

ZERO_WIDTH_RTL = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u202d", "\u202a", "\u202b",
                  "\u202c", "\u2066", "\u2067", "\u2068", "\u2069", "\u061c", "\u200e", "\u200f", "\u00ad"]
ODD = ["\x00", "\x1b[31m", "\r", "\u2028", "\u2029", "\x85", "\x0c", "\x7f", "\ufffd", "\U0001F600", "\u0301" * 50,
       "\ud800", "\udfff", "\\", '"', "'", "<", ">", "&", "%s", "{0}", "?", ";--", "\t"]
HTML_BAD = ["<script>alert(1)</script>", "<iframe src=\"javascript:alert(1)\"></iframe>",
            "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>", "<svg onload=alert(1)>",
            "<object data=\"data:text/html,<script>alert(1)</script>\"></object>", "<style>*{display:none}</style>",
            "<!--", "<![CDATA[", "</textarea><script>x</script>", "<meta http-equiv=refresh content=0;url=javascript:x>"]
BAD_DATES = ["2025-02-30", "2025-13-01", "0000-00-00", "9999-99-99", "2025-02-29", "1899-12-31", "3025-01-01",
             "-1", "", " ", "31/31/2031", "tomorrow", "2025-1-1", "20250506", "2025-05-06T25:61:00",
             "2025-05-06T10:00:00+99:00", "May 35, 2025", "\u0662\u0660\u0662\u0665-\u0660\u0665-\u0660\u0666",
             "2025-05-06\x00", "１９９９-01-01", "1e308", "NaN", "2025-W19", "0001-01-01", "2025-05-06 " * 100]
WEIRD_VALUES = [None, True, False, 0, -1, 1e308, float("inf"), 2**70, [], {}, ["a"], {"a": 1}, "", " ", "x" * 300]
WORDS = ("ministers met talks agreement court ruling transfer flight deported migrants asylum seekers paid "
         "million pounds dollars euros Rwanda Uganda Eswatini Albania Italy the of to and in on said").split()
PLAIN = ("the council met on a road bridge school harvest market rain team match price week city people said "
         "new old and of to in for with").split()


def good_text(n: int) -> str:
    return (f"The city council met on Monday to discuss budget item {n}; members approved new buses, "
            f"a bridge and {n % 97} school repairs, the mayor said.")


def good_record(n: int) -> dict:
    return {"id": f"good-{n}", "date": "2025-05-06", "title": f"Council budget {n}", "text": good_text(n),
            "url": f"https://council.example.org/{n}", "source": "fuzz"}


class Gen:
    """Malformed values, strings, records and files from one seeded generator."""

    def __init__(self, seed: int, big: int = 0):
        self.rng = random.Random(seed)
        self.big_left = big
        self.good_n = 0

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def words(self, n: int | None = None) -> str:
        """Words; topical ones (which send a text on to the costly part of the extractor) one time in ten."""
        n = n if n is not None else self.rng.randint(1, 60)
        vocabulary = WORDS if self.chance(0.1) else PLAIN
        return " ".join(self.rng.choice(vocabulary) for _ in range(n))

    def good(self) -> dict:
        self.good_n += 1
        return good_record(self.good_n + self.rng.randrange(10**9) * 1000)

    def big_text(self) -> str | None:
        """A 10 MB single line, ``--big`` times in a run."""
        if self.big_left > 0 and self.chance(0.002):
            self.big_left -= 1
            unit = self.rng.choice(["a", "Rwanda deported ", "\u200b", "<div>", "é", "9"])
            return unit * (10 * 1024 * 1024 // len(unit.encode("utf-8")))
        return None

    def nasty_string(self) -> str:
        rng = self.rng
        kind = rng.randrange(9)
        if kind == 0:
            return "".join(rng.choice(ZERO_WIDTH_RTL) for _ in range(rng.randint(1, 400)))
        if kind == 1:
            return self.mix(self.words())
        if kind == 2:
            return rng.choice(HTML_BAD) + self.words() + rng.choice(HTML_BAD)
        if kind == 3:
            return "".join(chr(rng.randrange(0x110000)) for _ in range(rng.randint(1, 200)))
        if kind == 4:
            return rng.choice(ODD) * rng.randint(1, 500)
        if kind == 5:
            return self.words(rng.randint(200, 3000) if self.chance(0.1) else rng.randint(20, 200))
        if kind == 6:
            return "".join(rng.choice(string.printable) for _ in range(rng.randint(0, 300)))
        if kind == 7:
            return "\u202e" + self.words() + "\u202c" + "\u0301" * rng.randint(1, 2000)
        return rng.choice(["", " ", "\n", "\t\t", "null", "None", "undefined", "0"])

    def mix(self, text: str) -> str:
        out = []
        for word in text.split(" "):
            if self.chance(0.3):
                word += self.rng.choice(ZERO_WIDTH_RTL + ODD)
            out.append(word)
        return " ".join(out)

    def value(self):
        rng = self.rng
        r = rng.randrange(4)
        if r == 0:
            return rng.choice(WEIRD_VALUES)
        if r == 1:
            return rng.choice(BAD_DATES)
        return self.nasty_string()

    def nested(self, depth: int):
        value: object = "x"
        for _ in range(depth):
            value = [value] if self.chance(0.5) else {"a": value}
        return value

    def bad_record(self) -> dict:
        rng = self.rng
        rec = good_record(rng.randrange(10**12))
        rec["id"] = f"bad-{rng.randrange(10**12)}"
        for key in rng.sample(list(rec), rng.randint(1, len(rec))):
            action = rng.randrange(5)
            if action == 0:
                del rec[key]
            elif action == 1:
                rec[key] = self.value()
            elif action == 2:
                rec[key] = self.nested(rng.randint(1, 60))
            else:
                rec[key] = self.nasty_string()
        if self.chance(0.1):
            rec[self.nasty_string()[:30]] = self.value()
        big = self.big_text()
        if big is not None:
            rec["text"] = big
        return rec

    def corrupt(self, data: bytes) -> bytes:
        """Bytes damaged one of many ways (truncated, flipped, invalid UTF-8, other encodings, binary)."""
        rng = self.rng
        kind = rng.randrange(9)
        if not data:
            return bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
        if kind == 0:
            return data[: rng.randrange(len(data))]
        if kind == 1:
            b = bytearray(data)
            for _ in range(rng.randint(1, 8)):
                b[rng.randrange(len(b))] = rng.randrange(256)
            return bytes(b)
        if kind == 2:
            at = rng.randrange(len(data))
            return data[:at] + rng.choice([b"\xff\xfe", b"\xc3\x28", b"\xa0\xa1", b"\xe2\x28\xa1", b"\xf0\x28\x8c\xbc",
                                           b"\xed\xa0\x80", b"\xc0\xaf", b"\xf8\x88\x80\x80\x80"]) + data[at:]
        if kind == 3:
            text = data.decode("utf-8", "replace")
            enc = rng.choice(["latin-1", "cp1252", "utf-16", "utf-16-be", "utf-32", "shift_jis", "koi8-r"])
            return text.encode(enc, "replace")
        if kind == 4:
            at = rng.randrange(len(data))
            return data[:at] + data[at:].decode("utf-8", "replace").encode(rng.choice(["latin-1", "utf-16"]), "replace")
        if kind == 5:
            return data[: rng.randrange(len(data))] + b"\x00" * rng.randint(1, 20)
        if kind == 6:
            return os.urandom(0) + bytes(rng.randrange(256) for _ in range(rng.randint(1, 2048)))
        if kind == 7:
            return data.replace(b"\n", rng.choice([b"\r", b"\r\n", b"\n\n\n", b"", b"\x85"]))
        return data * rng.randint(2, 5)

    def json_line(self, rec) -> bytes:
        try:
            return json.dumps(rec, ensure_ascii=self.chance(0.5)).encode("utf-8", "surrogatepass")
        except (ValueError, TypeError, RecursionError):
            return b'{"id": "x", "text": NaN}'

    # -- whole inputs ------------------------------------------------------
    def jsonl_file(self) -> tuple[bytes, list[dict]]:
        """JSON Lines: good lines kept intact among broken ones; returns (bytes, the good records)."""
        rng = self.rng
        lines, goods = [], []
        for _ in range(rng.randint(1, 12)):
            r = rng.randrange(6)
            if r == 0:
                rec = self.good()
                goods.append(rec)
                lines.append(self.json_line(rec))
            elif r == 1:
                lines.append(self.corrupt(self.json_line(self.bad_record())).replace(b"\n", b" "))
            elif r == 2:
                depth = rng.choice([50, 500, 5000, 100000])
                lines.append(b"[" * depth + b"]" * (depth if self.chance(0.5) else 0))
            elif r == 3:
                lines.append(self.json_line(rng.choice([[1, 2], "text", 3, None, True, self.nested(30)])))
            else:
                lines.append(self.json_line(self.bad_record()).replace(b"\n", b" "))
        data = b"\n".join(lines)
        if self.chance(0.2):  # the file cut short: only what precedes the cut can be kept
            cut = rng.randrange(len(data) + 1)
            kept = data[:cut]
            goods = [g for g in goods if self.json_line(g) + b"\n" in kept + b"\n"]
            data = kept
        return data, goods

    def csv_file(self) -> tuple[bytes, list[dict]]:
        import csv as _csv

        rng = self.rng
        cols = ["id", "date", "title", "text", "url", "source"]
        header_ok = self.chance(0.7)
        header = cols[:] if header_ok else rng.choice([cols[:3], cols[::-1][:4], ["a", "b"], [], cols + ["x", "y"],
                                                       [self.nasty_string()[:20] for _ in range(4)]])
        if header_ok and self.chance(0.3):
            rng.shuffle(header)
        out = io.StringIO()
        writer = _csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        goods = []
        rows = []
        for _ in range(rng.randint(0, 10)):
            r = rng.randrange(5)
            if r == 0 and header_ok:
                rec = self.good()
                goods.append(rec)
                rows.append([rec[c] for c in header])
            elif r == 1:
                rows.append([self.nasty_string() for _ in range(rng.randint(0, 12))])
            elif r == 2:
                rec = self.bad_record()
                rows.append([str(rec.get(c, "")) for c in header][: rng.randint(0, len(header))])
            else:
                rec = self.bad_record()
                rows.append([str(rec.get(c, "")) for c in header] + [self.nasty_string()] * rng.randint(0, 3))
        for row in rows:
            try:
                writer.writerow(row)
            except UnicodeEncodeError:
                writer.writerow(["bad"])
        data = out.getvalue().encode("utf-8", "surrogatepass")
        if self.chance(0.15):  # an unbalanced quote at the very end (after every good row)
            data += b'\n"never closed, ' + self.words().encode()
        return data, goods

    def text_file(self) -> bytes:
        rng = self.rng
        r = rng.randrange(5)
        if r == 0:
            body = f"date {rng.choice(BAD_DATES)}\n{self.nasty_string()}"
        elif r == 1:
            body = self.nasty_string()
        elif r == 2:
            body = f"date 2025-05-06\n{self.mix(self.words(200))}"
        elif r == 3:
            big = self.big_text()
            body = big if big is not None else self.words(5000)
        else:
            body = rng.choice(HTML_BAD) * rng.randint(1, 50)
        data = body.encode("utf-8", "surrogatepass")
        return self.corrupt(data) if self.chance(0.5) else data

    def html_file(self) -> bytes:
        rng = self.rng
        parts = ["<html><head><title>", self.nasty_string(), "</title>"]
        for _ in range(rng.randint(0, 20)):
            parts.append(rng.choice(HTML_BAD + ["<p>" + self.words() + "</p>", "<div>" * 200, "</div>" * 50,
                                                "<table><tr><td>" + self.words(), "&#xD800;&#0;&bogus;"]))
        if self.chance(0.1):
            parts.append("<div>" * rng.choice([1000, 20000]))
        data = "".join(parts).encode("utf-8", "surrogatepass")
        return self.corrupt(data) if self.chance(0.4) else data


# -- the run ---------------------------------------------------------------
class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang()


def rss_peak_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


@dataclass
class Stats:
    inputs: int = 0
    tracebacks: list = field(default_factory=list)
    hangs: list = field(default_factory=list)
    lost: list = field(default_factory=list)
    goods: int = 0
    max_seconds: float = 0.0
    max_rss_growth_kb: int = 0

    def to_dict(self) -> dict:
        return {"inputs": self.inputs, "tracebacks": self.tracebacks[:50], "n_tracebacks": len(self.tracebacks),
                "hangs": self.hangs[:50], "n_hangs": len(self.hangs), "lost": self.lost[:50], "n_lost": len(self.lost),
                "goods": self.goods, "max_seconds": self.max_seconds, "max_rss_growth_kb": self.max_rss_growth_kb}


def timed(stats: Stats, index: int, limit: float, fn) -> None:
    """Run one input under a time limit; note what escaped it, its time and its peak RSS growth."""
    before = rss_peak_kb()
    t0 = time.monotonic()
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        fn()
    except Hang:
        stats.hangs.append(index)
    except Exception as exc:  # noqa: BLE001 - exactly what the fuzzer looks for
        stats.tracebacks.append({"index": index, "error": f"{type(exc).__name__}: {str(exc)[:300]}",
                                 "where": traceback.format_exc()[-1500:]})
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    stats.inputs += 1
    stats.max_seconds = max(stats.max_seconds, time.monotonic() - t0)
    stats.max_rss_growth_kb = max(stats.max_rss_growth_kb, rss_peak_kb() - before)


def expected_goods(data: bytes, goods: list[dict], max_bytes: int) -> list[dict]:
    """The good records of a line file that must be stored: all of them, unless the file as a
    whole is refused as the readers document it (over the size cap, a UTF-16/32 mark, most
    lines binary)."""
    from tcwatch.sources.decode import SNIFF_BYTES, looks_binary_lines

    if len(data) > max_bytes or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return []
    if looks_binary_lines(data[:SNIFF_BYTES]):  # the documented rule: most lines of the head binary
        return []
    return goods


def _lost(store, goods: list[dict]) -> list[str]:
    return [g["id"] for g in goods
            if not store.conn.scalar("SELECT 1 FROM documents WHERE id = ? OR id LIKE ?", (g["id"], g["id"] + "~%"))]


def target_ingest(gen: Gen, workdir: Path, store, stats: Stats, index: int, limit: float) -> None:
    """One input through read_inputs + ingest_documents: a file of some format, or a folder of them."""
    from tcwatch.config import Options
    from tcwatch.ingest import BULK_BATCH, ingest_paths

    rng = gen.rng
    folder = workdir / f"in-{index}"
    folder.mkdir()
    goods: list[dict] = []
    max_bytes = rng.choice([64 * 1024, 50 * 1024 * 1024])
    for k in range(rng.choice([1, 1, 1, 2, 4])):
        kind = rng.randrange(6)
        if kind == 0:
            data, g = gen.jsonl_file()
            name = rng.choice(["a.jsonl", "a.ndjson", "a.JSONL"])
        elif kind == 1:
            data, g = gen.csv_file()
            name = "a.csv"
        elif kind == 2:
            data, g = gen.text_file(), []
            name = rng.choice(["a.txt", "a.TXT"])
        elif kind == 3:
            data, g = gen.html_file(), []
            name = rng.choice(["a.html", "a.htm"])
        elif kind == 4:
            data, g = bytes(rng.randrange(256) for _ in range(rng.randint(1, 4096))), []
            name = rng.choice(["a.jsonl", "a.csv", "a.txt", "a.bin", "a"])
        else:
            rec = gen.good()
            data, g = f"date 2025-05-06\n{rec['title']}\n\n{rec['text']}".encode(), []
            name = "good.txt"
            g = [{"id": None, "text": rec["text"]}]
        (folder / f"{k}-{name}").write_bytes(data)
        goods += expected_goods(data, g, max_bytes)
    stats.goods += len(goods)
    paths = [str(folder)] if rng.random() < 0.5 else sorted(str(p) for p in folder.iterdir())
    options = Options(db=":memory:", max_bytes=max_bytes)

    def run():
        ingest_paths(store, paths, options, batch_size=rng.choice([1, BULK_BATCH]))
        with_ids = [g for g in goods if g["id"]]
        missing = _lost(store, with_ids)
        for g in goods:
            if not g["id"] and not store.conn.scalar("SELECT 1 FROM documents WHERE text LIKE ?", (f"%{g['text']}%",)):
                missing.append("txt:" + g["text"][:40])
        if missing:
            stats.lost.append({"index": index, "ids": missing})

    timed(stats, index, limit, run)


def target_cli(gen: Gen, workdir: Path, db: str, stats: Stats, index: int, limit: float, real: bool) -> None:
    """`tcwatch ingest FILE` in process (click's runner), or as a real process."""
    kind = "jsonl" if gen.chance(0.5) else "csv"
    data, goods = gen.jsonl_file() if kind == "jsonl" else gen.csv_file()
    path = workdir / f"cli-{index}.{kind}"
    path.write_bytes(data)
    goods = expected_goods(data, goods, 50 * 1024 * 1024)
    stats.goods += len(goods)

    def run():
        from tcwatch.store import open_store

        if real:
            env = {**os.environ, "TCWATCH_DB": db}
            env.pop("TCWATCH_CONFIG", None)
            proc = subprocess.run([sys.executable, "-c", "import sys; from tcwatch.cli import main; "
                                   "sys.argv[0] = 'tcwatch'; main()", "ingest", str(path)],
                                  env=env, capture_output=True, timeout=limit)
            code, err = proc.returncode, proc.stderr.decode("utf-8", "replace")
        else:
            from click.testing import CliRunner

            from tcwatch.cli import cli

            result = CliRunner().invoke(cli, ["ingest", "--db", db, str(path)])
            code, err = result.exit_code, result.output
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                raise result.exception
        if "Traceback" in err or code not in (0, 3):
            raise RuntimeError(f"tcwatch ingest exited {code}: {err[-600:]}")
        with open_store(db, reference=False) as store:
            missing = _lost(store, goods)
        if missing:
            stats.lost.append({"index": index, "ids": missing})

    timed(stats, index, limit, run)


def target_extract(gen: Gen, stats: Stats, index: int, limit: float) -> None:
    from tcwatch.extract import extract
    from tcwatch.model import Document

    rng = gen.rng
    text = gen.big_text() or (gen.mix(gen.words(rng.randint(1, 120))) if gen.chance(0.5) else gen.nasty_string())
    if gen.chance(0.3):
        text = rng.choice(HTML_BAD) + text + rng.choice(HTML_BAD)
    if not text.strip():
        text = "x" + text
    doc = Document(id=f"x{index}", date=rng.choice(["2025-05-06", "1900-01-01", "2099-12-31"]), text=text,
                   title=gen.nasty_string()[:200])

    def run():
        result = extract(doc)
        for fact in result.facts:  # the evidence is where the span says
            if fact.span and not (0 <= fact.span.start <= fact.span.end <= len(text)):
                raise AssertionError(f"span {fact.span} outside the text ({len(text)} characters)")

    timed(stats, index, limit, run)


def hostile_feed(gen: Gen) -> tuple[bytes, str | None]:
    rng = gen.rng
    kind = rng.randrange(12)
    if kind in (0, 2, 8) and not gen.chance(0.1):  # the costly kinds (about 1 s each) one time in ten
        kind = rng.choice([1, 3, 4, 5, 6, 7, 9, 10, 11])
    item = "<item><title>{t}</title><link>{l}</link><description>{d}</description><pubDate>{p}</pubDate></item>"
    if kind == 0:  # billion laughs
        lol = '<!DOCTYPE r [<!ENTITY a "lollollollol">' + "".join(
            f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(rng.randint(3, 9))) + "]>"
        last = chr(97 + rng.randint(3, 9))
        body = f'<?xml version="1.0"?>{lol}<rss version="2.0"><channel><title>&{last};</title>' + \
            item.format(t=f"&{last};", l="https://e.example/1", d=f"&{last};", p="Tue, 06 May 2025 09:00:00 GMT") + \
            "</channel></rss>"
        return body.encode(), "application/rss+xml"
    if kind == 1:  # external entities
        target = rng.choice(["file:///etc/passwd", "file:///proc/self/environ", "http://127.0.0.1:1/x",
                             "http://169.254.169.254/latest/meta-data/", "expect://id", "php://filter/resource=x"])
        body = (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "{target}">'
                f'<!ENTITY % p SYSTEM "{target}"> %p;]><rss version="2.0"><channel><title>&xxe;</title>'
                + item.format(t="&xxe;", l="https://e.example/2", d="&xxe;", p="x") + "</channel></rss>")
        return body.encode(), rng.choice(["application/xml", None])
    if kind == 2:  # deep nesting
        depth = rng.choice([100, 1000, 50000])
        return (b'<?xml version="1.0"?><rss version="2.0"><channel>' + b"<a>" * depth + b"x" + b"</a>" * depth
                + b"</channel></rss>"), "text/xml"
    if kind == 3:  # garbage in declared encodings
        enc = rng.choice(["utf-16", "shift_jis", "iso-8859-1", "bogus-enc", "utf-7", "utf-32"])
        body = f'<?xml version="1.0" encoding="{enc}"?><rss version="2.0"><channel>' + \
            item.format(t=gen.nasty_string(), l="https://e.example/3", d=gen.nasty_string(), p=rng.choice(BAD_DATES)) + \
            "</channel></rss>"
        return gen.corrupt(body.encode("utf-8", "surrogatepass")), "application/rss+xml; charset=" + enc
    if kind == 4:  # atom with hostile fields
        body = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>' + "".join(
            f"<entry><id>{gen.nasty_string()[:50]}</id><title type='html'>{rng.choice(HTML_BAD)}</title>"
            f"<link href='{rng.choice(['javascript:alert(1)', 'data:text/html,x', 'https://e.example/4', ''])}'/>"
            f"<updated>{rng.choice(BAD_DATES)}</updated><content type='html'>{rng.choice(HTML_BAD)}{gen.words()}</content></entry>"
            for _ in range(rng.randint(0, 30))) + "</feed>")
        return body.encode("utf-8", "replace"), "application/atom+xml"
    if kind == 5:
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 5000))), rng.choice(["image/png", None])
    if kind == 6:
        return (b"<html><body>" + rng.choice(HTML_BAD).encode() + b"</body></html>"), "text/html"
    if kind == 7:
        return json.dumps({"items": [gen.value() for _ in range(5)]}, default=str).encode(), "application/json"
    if kind == 8:  # many items
        body = '<rss version="2.0"><channel><title>many</title>' + "".join(
            item.format(t=f"t{i}", l=f"https://e.example/m{i}", d=gen.words(5), p="Tue, 06 May 2025 09:00:00 GMT")
            for i in range(rng.randint(500, 3000))) + "</channel></rss>"
        return body.encode(), "application/rss+xml"
    body = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>' + "".join(
        item.format(t=gen.nasty_string()[:300], l=rng.choice(["https://e.example/r", gen.nasty_string()[:80], ""]),
                    d=gen.nasty_string(), p=rng.choice(BAD_DATES)) for _ in range(rng.randint(0, 8))) + "</channel></rss>"
    data = body.encode("utf-8", "surrogatepass")
    return (gen.corrupt(data) if gen.chance(0.5) else data), rng.choice(["application/rss+xml", "text/plain", None])


SECRETS = ("root:x:0:", "PATH=", "HOME=")


def target_feed_parse(gen: Gen, stats: Stats, index: int, limit: float) -> None:
    from tcwatch.errors import FetchError
    from tcwatch.watch.feeds import item_document, parse_feed

    data, ctype = hostile_feed(gen)

    def run():
        from datetime import date

        try:
            parsed = parse_feed(data, ctype, "https://feed.example/x")
        except FetchError:
            return
        for item in parsed.items:
            text = f"{item.title} {item.summary}"
            if any(s in text for s in SECRETS):
                raise AssertionError("an external entity was read into an item")
            if len(text) > 5_000_000:
                raise AssertionError(f"an entity expanded to {len(text)} characters")
            item_document(item, source_name="fuzz", feed_url="https://feed.example/x", fetched=date(2025, 5, 6))

    timed(stats, index, limit, run)


class HostileServer:
    """Loopback server whose paths misbehave: endless, huge, bombs, loops, drips, wrong types."""

    def __init__(self):
        owner = self
        self.feeds: dict[str, tuple[bytes, str | None]] = {}

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_GET(self):
                path = self.path.split("?")[0]
                try:
                    if path.startswith("/feed/"):
                        data, ctype = owner.feeds.get(path, (b"", None))
                        self.send_response(200)
                        if ctype:
                            self.send_header("Content-Type", ctype)
                        self.send_header("Content-Length", str(len(data)))
                        self.end_headers()
                        self.wfile.write(data)
                    elif path == "/endless":
                        self.send_response(200)
                        self.send_header("Content-Type", "application/rss+xml")
                        self.send_header("Transfer-Encoding", "chunked")
                        self.end_headers()
                        chunk = b"<item><title>again</title></item>" * 500
                        self.wfile.write(b'<rss version="2.0"><channel>')
                        while True:
                            self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                    elif path in ("/huge", "/huge-nolength"):
                        total = 200 * 1024 * 1024
                        self.send_response(200)
                        self.send_header("Content-Type", "application/rss+xml")
                        if path == "/huge":
                            self.send_header("Content-Length", str(total))
                        else:
                            self.send_header("Connection", "close")
                        self.end_headers()
                        block = b"<item><title>x</title></item>" * 2000
                        sent = 0
                        while sent < total:
                            self.wfile.write(block)
                            sent += len(block)
                    elif path == "/bomb":
                        raw = gzip.compress(b'<rss version="2.0"><channel>' + b" " * (120 * 1024 * 1024))
                        self.send_response(200)
                        self.send_header("Content-Type", "application/rss+xml")
                        self.send_header("Content-Encoding", "gzip")
                        self.send_header("Content-Length", str(len(raw)))
                        self.end_headers()
                        self.wfile.write(raw)
                    elif path.startswith("/loop"):
                        n = int(path[5:] or 0)
                        self.send_response(302)
                        self.send_header("Location", f"/loop{(n + 1) % 3}")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                    elif path == "/away":
                        self.send_response(301)
                        self.send_header("Location", "http://10.0.0.1/feed")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                    elif path == "/drip":
                        self.send_response(200)
                        self.send_header("Content-Type", "application/rss+xml")
                        self.send_header("Content-Length", "100000")
                        self.end_headers()
                        for _ in range(100000):
                            self.wfile.write(b"<")
                            self.wfile.flush()
                            time.sleep(0.2)
                    elif path == "/lying-length":
                        self.send_response(200)
                        self.send_header("Content-Type", "application/rss+xml")
                        self.send_header("Content-Length", "999999")
                        self.end_headers()
                        self.wfile.write(b'<rss version="2.0"><channel><title>short</title>')
                        self.close_connection = True
                    elif path == "/silent":
                        time.sleep(30)
                    else:
                        status = int(path[1:]) if path[1:].isdigit() else 404
                        self.send_response(status)
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                except (BrokenPipeError, ConnectionResetError, OSError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


HTTP_PATHS = ["/endless", "/huge", "/huge-nolength", "/bomb", "/loop0", "/away", "/drip", "/lying-length", "/silent",
              "/500", "/404", "/204", "/304", "/418"]


def target_feed_http(gen: Gen, server: HostileServer, store, watch, stats: Stats, index: int, limit: float) -> None:
    """One poll (poll_source: fetch, parse, ingest) of a hostile URL on loopback; it must end as a
    result (ok or error), in time, never raise."""
    from tcwatch.watch import add_source, poll_source

    rng = gen.rng
    if rng.random() < 0.5:
        path = rng.choice(HTTP_PATHS)
    else:
        path = f"/feed/{index}"
        server.feeds[path] = hostile_feed(gen)
    source = add_source(store, server.url(path) + f"?n={index}", every="1h")

    def run():
        result = poll_source(store, source, watch)
        if result.status not in ("ok", "error", "not_modified"):
            raise AssertionError(f"poll status {result.status}")
        for row in store.conn.query("SELECT text FROM documents WHERE origin LIKE ?", (f"feed {source.url}",)):
            if any(s in row["text"] for s in SECRETS):
                raise AssertionError("an external entity was stored")

    timed(stats, index, limit, run)
    server.feeds.pop(path, None)


API_GETS = ["/api/corridors", "/api/corridors/{c}", "/api/facts", "/api/facts/{n}", "/api/events", "/api/events/{n}",
            "/api/documents", "/api/documents/{s}", "/api/search", "/api/export/facts.csv", "/api/export/facts.jsonl",
            "/api/export/corridors.geojson", "/api/alerts", "/alerts.atom", "/corridors/{c}/alerts.atom", "/",
            "/corridors/{c}", "/documents/{s}", "/facts", "/facts/{n}", "/search", "/openapi.json"]
API_PARAMS = ["type", "sender", "receiver", "since", "until", "origin", "review", "document_id", "limit", "cursor",
              "q", "as_of", "corridor", "format", "kind"]


def target_api(gen: Gen, client, token: str, stats: Stats, index: int, limit: float, store_check) -> None:
    import httpx

    rng = gen.rng
    fill = {"c": lambda: rng.choice(["USA-RWA", "GBR-RWA", "XXX-XXX", "usa-rwa", "U-S", "", gen.nasty_string()[:40]]),
            "n": lambda: str(rng.choice([1, 0, -1, 2**63, 2**64, "abc", "1e9", gen.nasty_string()[:20]])),
            "s": lambda: gen.nasty_string()[:80] or "x"}

    def fmt(path: str) -> str:
        for key, make in fill.items():
            if "{" + key + "}" in path:
                from urllib.parse import quote

                path = path.replace("{" + key + "}", quote(make(), safe="", errors="surrogatepass"))
        return path

    goods: list[dict] = []
    if rng.random() < 0.35:
        r = rng.randrange(7)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        if r == 0:
            body = gen.json_line({"documents": [gen.bad_record() for _ in range(rng.randint(0, 4))]})
        elif r == 1:
            body = gen.corrupt(gen.json_line({"documents": [good_record(rng.randrange(10**9))]}))
        elif r == 2:
            body = gen.json_line(gen.nested(rng.choice([10, 100, 3000])))
        elif r == 3:
            goods = [gen.good() for _ in range(rng.randint(1, 3))]
            body = gen.json_line({"documents": goods})
        elif r == 4:
            body = bytes(rng.randrange(256) for _ in range(rng.randint(0, 3000)))
        elif r == 5:
            body = gen.json_line({"documents": gen.value()})
            headers["Content-Type"] = rng.choice(["text/plain", "application/json", "multipart/form-data", ""])
        else:
            body = b'{"documents": [' + b'{"text": "\\ud800 \\udfff \\u0000 x' + b'", "date": "2025-05-06"}' + b"]}"
        request = ("POST", "/api/ingest", None, body, headers)
    else:
        params = {p: gen.value() if rng.random() < 0.7 else rng.choice(["", "2025-02-30", "-1", "0", "10000000"])
                  for p in rng.sample(API_PARAMS, rng.randint(0, 5))}
        params = {k: (json.dumps(v) if not isinstance(v, str) else v) for k, v in params.items()}
        request = ("GET", fmt(rng.choice(API_GETS)), params, None, {})
    stats.goods += len(goods)

    def run():
        method, path, params, body, headers = request
        try:
            response = client.request(method, path, params=params, content=body, headers=headers)
        except (UnicodeEncodeError, httpx.InvalidURL):
            return  # the client cannot send this (a lone surrogate, a query too long); nothing reached the server
        if response.status_code >= 500:
            raise RuntimeError(f"{method} {path} {params!r:.200} -> {response.status_code}: {response.text[:300]}")
        if response.status_code >= 400 and path.startswith("/api"):
            error = response.json().get("error", {})
            if not (error.get("code") and error.get("message") and error.get("status") == response.status_code):
                raise AssertionError(f"{method} {path}: not the one error shape: {response.text[:200]}")
        if goods:
            if response.status_code != 200:
                raise AssertionError(f"good documents refused: {response.status_code} {response.text[:200]}")
            missing = store_check(goods)
            if missing:
                stats.lost.append({"index": index, "ids": missing})

    timed(stats, index, limit, run)


def run_target(target: str, seed: int, start: int, count: int, big: int, limit: float, progress=None,
               cli_processes: int = CLI_PROCESSES) -> Stats:
    """Inputs ``start`` .. ``start + count`` of ``target`` (the generator is replayed from 0, so an
    index names the same input whatever the batch)."""
    from tcwatch.store import open_store

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 3000))
    stats = Stats()
    gen = Gen(seed * 1000 + sum(map(ord, target)), big=big)
    with tempfile.TemporaryDirectory(prefix=f"tcwatch-fuzz-{target}-") as tmp:
        workdir = Path(tmp)
        db = str(workdir / "fuzz.db")
        store = open_store(db, reference=False)
        ctx = {}
        if target == "feed_http":
            import httpx

            from tcwatch.config import Options
            from tcwatch.store import watching as sql
            from tcwatch.watch import Watch
            from tcwatch.watch.clock import SystemClock

            store.set_meta(sql.DEFAULTS_SEEDED, "fuzz")
            ctx["server"] = HostileServer()
            ctx["client"] = httpx.Client(trust_env=False)
            # the default size cap (50 MiB): the 200 MB bodies are cut there; a short timeout
            ctx["watch"] = Watch(options=Options(allow_private=True, timeout=2.0), client=ctx["client"],
                                 clock=SystemClock())
        if target == "api":
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                from fastapi.testclient import TestClient
            from tcwatch.api import create_app
            from tcwatch.config import Options

            store.close()
            token = "fuzz-token"
            app = create_app(Options(db=db, token=token, write_rate=0, max_bytes=256 * 1024), reference=False)
            ctx["client"] = TestClient(app, raise_server_exceptions=True).__enter__()
            store = open_store(db, reference=False)
            ctx["token"] = token

            def store_check(goods, store=store):
                return _lost(store, goods)

            ctx["check"] = store_check
        try:
            for index in range(start + count):
                if index < start:  # replay the generator without running (cheap: files are not written)
                    _skip(target, gen, index)
                    continue
                if progress:
                    progress(index)
                if target == "ingest":
                    target_ingest(gen, workdir, store, stats, index, limit)
                elif target == "cli":
                    every = max(1, (start + count) // max(1, cli_processes))
                    real = cli_processes > 0 and index % every == every - 1
                    target_cli(gen, workdir, db, stats, index, max(limit, 60.0) if real else limit, real)
                elif target == "extract":
                    target_extract(gen, stats, index, limit)
                elif target == "feed_parse":
                    target_feed_parse(gen, stats, index, limit)
                elif target == "feed_http":
                    target_feed_http(gen, ctx["server"], store, ctx["watch"], stats, index, limit)
                elif target == "api":
                    target_api(gen, ctx["client"], ctx["token"], stats, index, limit, ctx["check"])
                _cleanup(workdir, index)
        finally:
            if "client" in ctx:
                try:
                    ctx["client"].__exit__(None, None, None) if target == "api" else ctx["client"].close()
                except Exception:  # noqa: BLE001
                    pass
            store.close()
    return stats


def _skip(target: str, gen: Gen, index: int) -> None:
    """Advance the generator past one input exactly as running it would (its random draws)."""
    with tempfile.TemporaryDirectory() as tmp:
        stats = Stats()
        if target == "ingest":
            from tcwatch.store import open_store

            with open_store(":memory:", reference=False) as s:
                target_ingest(gen, Path(tmp), s, stats, index, 0.001)
        else:
            raise SystemExit("--start is only for the ingest target; for the others run from 0 with --count")


def _cleanup(workdir: Path, index: int) -> None:
    import shutil

    for p in (workdir / f"in-{index}", workdir / f"cli-{index}.jsonl", workdir / f"cli-{index}.csv"):
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        elif p.exists():
            p.unlink()


# -- the parent: one worker per target, restarted when it stops answering ----------------
def supervise(target: str, count: int, seed: int, big: int, limit: float, stall: float) -> dict:
    """Run ``count`` inputs of ``target`` in a worker; a worker silent for ``stall`` s is killed,
    its input counted as a hang, and a new worker goes on from the next input (same generator)."""
    total = {"inputs": 0, "n_tracebacks": 0, "tracebacks": [], "n_hangs": 0, "hangs": [], "n_lost": 0, "lost": [],
             "goods": 0, "max_seconds": 0.0, "max_rss_growth_kb": 0, "restarts": 0, "seconds": 0.0}
    t0 = time.monotonic()
    start = 0
    while start < count:
        cmd = [sys.executable, __file__, "--worker", target, "--seed", str(seed), "--start", str(start),
               "--count", str(count - start), "--big", str(big), "--limit", str(limit)]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
        last_seen = [start, time.monotonic()]
        done = {}

        def reader():
            for line in proc.stdout:
                if line.startswith("at "):
                    last_seen[0], last_seen[1] = int(line[3:]), time.monotonic()
                elif line.startswith("{"):
                    done.update(json.loads(line))

        thread = threading.Thread(target=reader, daemon=True)
        thread.start()
        while proc.poll() is None:
            time.sleep(0.2)
            if time.monotonic() - last_seen[1] > stall:
                proc.kill()
                break
        proc.wait()
        thread.join(10)
        if done:
            for key in ("inputs", "n_tracebacks", "n_hangs", "n_lost", "goods"):
                total[key] += done[key]
            for key in ("tracebacks", "hangs", "lost"):
                total[key] += done[key]
            total["max_seconds"] = max(total["max_seconds"], done["max_seconds"])
            total["max_rss_growth_kb"] = max(total["max_rss_growth_kb"], done["max_rss_growth_kb"])
            break
        # the worker died or stalled on input last_seen[0]: count it, go on after it
        stuck = last_seen[0]
        err = proc.stderr.read()[-1500:] if proc.stderr else ""
        total["n_hangs"] += 1
        total["hangs"].append({"index": stuck, "note": "worker stalled or died", "stderr": err})
        total["restarts"] += 1
        total["inputs"] += stuck - start + 1
        start = stuck + 1
        if target != "ingest":
            break  # replay (--start) works for ingest only; report and stop this target
    total["seconds"] = time.monotonic() - t0
    return total


def _last_frame(where: str) -> str:
    frames = [line.strip() for line in where.splitlines() if line.strip().startswith("File ")]
    return frames[-1][:160] if frames else "?"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=float, default=1.0, help="inputs per target = PLAN x scale")
    ap.add_argument("--only", choices=list(PLAN), help="one target")
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--big", type=int, default=6, help="10 MB single lines per target")
    ap.add_argument("--limit", type=float, default=30.0, help="seconds one input may take")
    ap.add_argument("--stall", type=float, default=120.0, help="seconds of worker silence counted as a hang")
    ap.add_argument("--worker", choices=list(PLAN), help=argparse.SUPPRESS)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--count", type=int)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(REPO / "src"))

    if args.worker:
        def progress(i):
            print(f"at {i}", flush=True)

        stats = run_target(args.worker, args.seed, args.start, args.count, args.big, args.limit, progress)
        print(json.dumps(stats.to_dict(), default=str), flush=True)
        return 0

    targets = [args.only] if args.only else list(PLAN)
    results = {}
    for target in targets:
        count = args.count if args.count is not None else max(1, int(PLAN[target] * args.scale))
        results[target] = r = supervise(target, count, args.seed, args.big, args.limit, args.stall)
        print(f"{target:11s} inputs {r['inputs']:7d}  tracebacks {r['n_tracebacks']:3d}  hangs {r['n_hangs']:3d}  "
              f"good documents {r['goods']:6d}, lost {r['n_lost']:3d}  slowest input {r['max_seconds']:6.2f} s  "
              f"largest peak-RSS growth {r['max_rss_growth_kb'] / 1024:7.1f} MiB  ({r['seconds']:.0f} s)", flush=True)
    total = sum(r["inputs"] for r in results.values())
    bad = sum(r["n_tracebacks"] + r["n_hangs"] + r["n_lost"] for r in results.values())
    print(f"total inputs {total}; tracebacks {sum(r['n_tracebacks'] for r in results.values())}, "
          f"hangs {sum(r['n_hangs'] for r in results.values())}, "
          f"good documents lost {sum(r['n_lost'] for r in results.values())} (seed {args.seed})")
    for target, r in results.items():
        kinds = {}
        for t in r["tracebacks"]:
            kinds.setdefault(t["error"].split(":")[0] + " at " + _last_frame(t["where"]), t["index"])
        for signature, first in kinds.items():
            print(f"  {target} distinct traceback: {signature} (first at input {first})")
        for kind in ("tracebacks", "hangs", "lost"):
            for sample in r[kind][:5]:
                print(f"  {target} {kind}: {json.dumps(sample, default=str)[:1500]}")
    if args.json:
        print(json.dumps(results, default=str))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
