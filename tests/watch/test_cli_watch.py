"""The watch commands through click's runner: sources add/list/remove/import/export, watch --once, alerts, subscribe."""

from __future__ import annotations

import json

import pytest
from support_watch import Feed, fact, store_facts

from tcwatch.store import open_store
from tcwatch.store import watching as sql
from tcwatch.watch import alerts_from_facts
from tcwatch.watch.sources import default_entries



def sources_json(run_cli) -> list[dict]:
    result = run_cli("sources", "list", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_default_sources_loaded_once_and_removable(run_cli):
    """The first listing loads the default feeds; a removed default does not come back."""
    listed = sources_json(run_cli)
    assert len(listed) == len(default_entries()) >= 10
    assert all(s["is_default"] and s["url"].startswith("https://") for s in listed)
    first = listed[0]
    result = run_cli("sources", "remove", first["url"])
    assert result.exit_code == 0 and f"removed source {first['id']}" in result.output
    again = sources_json(run_cli)
    assert len(again) == len(listed) - 1 and first["url"] not in {s["url"] for s in again}
    for s in again:
        assert run_cli("sources", "remove", s["id"]).exit_code == 0
    assert sources_json(run_cli) == []
    assert "no sources" in run_cli("sources", "list").output


def test_sources_add_list_remove(run_cli):
    """add with a name, an interval and page fetching; list shows it with its state; remove by id."""
    result = run_cli("sources", "add", "https://feeds.example.org/rss", "--name", "Example wire", "--every", "30s", "--pages")
    assert result.exit_code == 0, result.output
    assert "Example wire <https://feeds.example.org/rss> every 30s (pages)" in result.output
    added = next(s for s in sources_json(run_cli) if s["url"] == "https://feeds.example.org/rss")
    assert (added["name"], added["every_seconds"], added["fetch_pages"], added["is_default"]) == ("Example wire", 30, True, False)
    assert (added["last_success"], added["last_error"], added["items_seen"], added["failures"]) == (None, None, 0, 0)
    text = run_cli("sources", "list").output
    assert "LAST SUCCESS" in text and "LAST ERROR" in text and "Example wire" in text
    # adding the same URL again changes its settings instead of adding a second one
    assert run_cli("sources", "add", "https://feeds.example.org/rss", "--every", "1h").exit_code == 0
    same = [s for s in sources_json(run_cli) if s["url"] == "https://feeds.example.org/rss"]
    assert len(same) == 1 and same[0]["every"] == "1h"
    assert run_cli("sources", "remove", str(added["id"])).exit_code == 0
    assert "https://feeds.example.org/rss" not in {s["url"] for s in sources_json(run_cli)}


@pytest.mark.parametrize(
    "args, message",
    [
        (("sources", "add", "ftp://x.example/feed"), "not an http(s) URL"),
        (("sources", "add", "https://x.example/feed", "--every", "soon"), "not like 30s"),
        (("sources", "add", "https://x.example/feed", "--every", "2s"), "shorter than"),
        (("sources", "remove", "999"), "no source"),
        (("alerts", "--corridor", "USA"), "not SENDER-RECEIVER"),
        (("subscribe", "--corridor", "USA-RWA", "--country", "RWA"), "exactly one"),
        (("subscribe", "--type", "ruling", "--webhook", "https://h.example/x"), "needs a --secret"),
    ],
)
def test_bad_arguments_exit_1_with_a_reason(run_cli, args, message):
    """Bad URLs, intervals, ids and filters are refused with `error: ...` and exit code 1."""
    result = run_cli(*args)
    assert result.exit_code == 1 and message in result.output


def test_export_then_import(run_cli, tmp_path, monkeypatch):
    """export writes the list as YAML that import reads back into another database."""
    run_cli("sources", "add", "https://feeds.example.org/a", "--name", "A", "--every", "1h", "--pages")
    out = tmp_path / "feeds.yaml"
    assert run_cli("sources", "export", out).exit_code == 0
    printed = run_cli("sources", "export").output
    assert printed == out.read_text() and "https://feeds.example.org/a" in printed
    monkeypatch.setenv("TCWATCH_DB", str(tmp_path / "other.db"))
    with open_store(str(tmp_path / "other.db"), reference=False) as other:
        other.set_meta(sql.DEFAULTS_SEEDED, "test")
    result = run_cli("sources", "import", out)
    assert result.exit_code == 0 and f"imported {len(default_entries()) + 1} sources" in result.output
    mine = next(s for s in sources_json(run_cli) if s["url"] == "https://feeds.example.org/a")
    assert (mine["name"], mine["every"], mine["fetch_pages"]) == ("A", "1h", True)


def test_import_refuses_a_bad_file_whole(run_cli, tmp_path):
    """A file with one bad entry adds nothing and names the entry."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("- url: https://ok.example/rss\n- url: https://ok.example/2\n  every: never\n")
    result = run_cli("sources", "import", bad)
    assert result.exit_code == 1 and "entry 2" in result.output
    assert "https://ok.example/rss" not in {s["url"] for s in sources_json(run_cli)}


def test_watch_once_polls_and_records_state(run_cli, db_path, server, monkeypatch):
    """`watch --once` polls the due sources; `sources list` then shows success, error and items seen."""
    monkeypatch.setenv("TCWATCH_ALLOW_PRIVATE", "1")
    with open_store(db_path) as store:
        store.set_meta(sql.DEFAULTS_SEEDED, "test")
    feed = Feed()
    feed.add("c1", "Ministers meet", "Ministers met in the capital to talk about the plan for the coming year.")
    feed.add("c2", "Talks go on", "The talks between the two governments went on for a second day on Tuesday.")
    run_cli("sources", "add", server.feed("/rss", feed), "--name", "Good")
    run_cli("sources", "add", server.static("/broken", b"<html>no feed</html>", "text/html"), "--name", "Broken")
    result = run_cli("watch", "--once")
    assert result.exit_code == 0, result.output
    assert "Good: 2 new items" in result.output and "Broken: error:" in result.output
    assert "polled 2 sources (1 failed), 2 new items" in result.output
    state = {s["name"]: s for s in sources_json(run_cli)}
    assert state["Good"]["items_seen"] == 2 and state["Good"]["last_success"] and state["Good"]["last_error"] is None
    assert "not an RSS or Atom feed" in state["Broken"]["last_error"] and state["Broken"]["failures"] == 1
    again = run_cli("watch", "--once")
    assert "polled 0 sources" in again.output  # nothing due yet


def test_alerts_listing(run_cli, db_path, clock):
    """`alerts` lists newest first, filters by corridor, prints JSON and Atom."""
    with open_store(db_path) as store:
        alerts_from_facts(store, store_facts(store, fact("agreement", "ESP", "MRT", evidence="Spain signed with Mauritania.")), clock)
        clock.advance(60)
        alerts_from_facts(store, store_facts(store, fact("agreement", "ITA", "TUN")), clock)
    listed = json.loads(run_cli("alerts", "--json").output)
    assert [a["corridor"] for a in listed] == ["ITA-TUN", "ESP-MRT"]
    assert listed[1]["evidence"] == "Spain signed with Mauritania." and listed[1]["kind"] == "new_corridor"
    one = json.loads(run_cli("alerts", "--json", "--corridor", "esp-mrt").output)
    assert [a["corridor"] for a in one] == ["ESP-MRT"]
    text = run_cli("alerts").output
    assert "new_corridor" in text and "ESP-MRT" in text
    atom = run_cli("alerts", "--atom", "--corridor", "ITA-TUN").output
    assert atom.startswith("<?xml") and "New corridor: ITA -&gt; TUN" in atom and "ESP" not in atom


def test_alerts_empty(run_cli):
    """With no alerts the listing says so."""
    assert run_cli("alerts").output.strip() == "no alerts yet"
    assert json.loads(run_cli("alerts", "--json").output) == []


def test_subscribe_and_list(run_cli):
    """subscribe to a corridor with a webhook and to a type without; subscriptions lists both."""
    r1 = run_cli("subscribe", "--corridor", "usa-rwa", "--webhook", "https://hooks.example.org/a", "--secret", "k")
    assert r1.exit_code == 0 and "corridor USA-RWA -> https://hooks.example.org/a" in r1.output
    r2 = run_cli("subscribe", "--type", "ruling")
    assert r2.exit_code == 0 and "(Atom only)" in r2.output
    subs = json.loads(run_cli("subscriptions", "--json").output)
    assert [(s["kind"], s["value"], s["has_secret"]) for s in subs] == [("corridor", "USA-RWA", True), ("type", "ruling", False)]
    assert "secret" not in subs[0]
    assert "USA-RWA" in run_cli("subscriptions").output
    assert run_cli("unsubscribe", subs[1]["id"]).exit_code == 0
    assert len(json.loads(run_cli("subscriptions", "--json").output)) == 1


def test_every_watch_command_has_help_with_an_example(run_cli):
    """Each command documents itself with an example."""
    for args in (["watch"], ["sources", "add"], ["sources", "list"], ["sources", "remove"], ["sources", "import"],
                 ["sources", "export"], ["alerts"], ["subscribe"], ["subscriptions"], ["unsubscribe"]):
        result = run_cli(*args, "--help")
        assert result.exit_code == 0 and "Example: tcwatch" in result.output, args
