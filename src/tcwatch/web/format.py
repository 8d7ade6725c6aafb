"""Small formatting helpers for the templates (registered as Jinja filters).

Corridor figures come from :mod:`tcwatch.analysis`; these helpers read them
defensively (a status may be a string or ``{"status", "date"}``, people a
number or ``{"total", ...}``, money a list or a mapping per currency).
"""

from __future__ import annotations

from typing import Any

#: status classes in the order of a deal's life, with their colours (also in style.css)
STATUS_CLASSES = {
    "talks": ("talks", "#8e7cc3"),
    "agreement": ("agreement", "#3c78d8"),
    "transfers": ("transfers", "#e69138"),
    "contested": ("ruling / contested", "#cc0000"),
    "suspended": ("suspended", "#bf9000"),
    "ended": ("ended", "#555555"),
    "unknown": ("unknown", "#999999"),
}


def status_text(status: Any) -> str:
    if isinstance(status, dict):
        return str(status.get("status") or status.get("state") or status.get("label") or "")
    return "" if status is None else str(status)


def status_date(status: Any) -> str:
    if isinstance(status, dict):
        return str(status.get("date") or status.get("since") or "")
    return ""


_STATUS_WORDS = {
    "talks": "talks",
    "agreement": "agreement",
    "in force": "agreement",
    "transfers": "transfers",
    "blocked by court": "contested",
    "court allowed": "transfers",
    "suspended": "suspended",
    "terminated": "ended",
}


def status_class(status: Any) -> str:
    """One of :data:`STATUS_CLASSES` for any status word the analysis gives."""
    word = status_text(status).lower().strip()
    if word in _STATUS_WORDS:
        return _STATUS_WORDS[word]
    rules = (
        ("ended", ("terminat", "scrap", "ended", "cancel", "withdraw", "expired")),
        ("suspended", ("suspend", "pause", "halt", "frozen")),
        ("contested", ("block", "unlawful", "unsafe", "contest", "challeng")),
        ("transfers", ("transfer", "operat", "active", "running")),
        ("agreement", ("agree", "sign", "force", "conclu", "ratif", "legislat")),
        ("talks", ("talk", "negot", "propos", "discuss", "explor")),
    )
    for cls, stems in rules:
        if any(stem in word for stem in stems):
            return cls
    return "unknown"


def fmt_number(value: Any) -> str:
    if value is None or value == "":
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{number:,.0f}" if number.is_integer() else f"{number:,.2f}"


def fmt_money(amount: Any, currency: str | None = None) -> str:
    """``GBP 700m``, ``USD 6m``, ``EUR 1.2bn``."""
    if amount is None or amount == "":
        return ""
    try:
        amount = float(amount)
    except (TypeError, ValueError):
        return f"{currency or ''} {amount}".strip()
    for size, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(amount) >= size:
            text = f"{amount / size:.1f}".rstrip("0").rstrip(".")
            return f"{currency or ''} {text}{suffix}".strip()
    return f"{currency or ''} {amount:,.0f}".strip()


def people_total(people: Any) -> int | None:
    """The headline number of people moved, whatever shape the figure has."""
    if isinstance(people, dict):
        for key in ("total", "moved", "transferred", "count", "value"):
            value = people.get(key)
            if isinstance(value, (int, float)):
                return int(value)
        return None
    if isinstance(people, (int, float)):
        return int(people)
    return None


MONEY_CATEGORIES = ("spent", "paid", "committed", "demanded")


def _money_entries(money: Any) -> list[tuple[str, str | None, float]]:
    """``(category, currency, amount)`` from the analysis' ``{category: {currency: {amount, ...}}}``
    (or a flat ``{currency: amount}`` / list of ``{currency, amount}``)."""
    out = []
    if isinstance(money, dict):
        for key, value in money.items():
            if isinstance(value, dict) and all(isinstance(v, dict) for v in value.values()):
                for currency, fig in value.items():
                    amount = fig.get("amount")
                    if isinstance(amount, (int, float)) and not isinstance(amount, bool):
                        out.append((key, fig.get("currency") or currency, float(amount)))
            elif isinstance(value, dict):
                amount = value.get("amount", value.get("total"))
                if isinstance(amount, (int, float)):
                    out.append((value.get("category") or "", key, float(amount)))
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                out.append(("", key, float(value)))
    elif isinstance(money, list):
        for entry in money:
            if isinstance(entry, dict) and isinstance(entry.get("amount"), (int, float)):
                out.append((entry.get("category") or "", entry.get("currency"), float(entry["amount"])))
    order = {c: i for i, c in enumerate(MONEY_CATEGORIES)}
    return sorted(out, key=lambda e: (order.get(e[0], 9), e[1] or ""))


def money_parts(money: Any) -> list[str]:
    """Money figures as short phrases: ``GBP 700m spent``, ``GBP 50m demanded``."""
    return [f"{fmt_money(amount, currency)} {category}".strip() for category, currency, amount in _money_entries(money)]


def money_sort_key(money: Any) -> float:
    """A number to sort corridors by money (the largest single figure, whatever the currency)."""
    return max((amount for _, _, amount in _money_entries(money)), default=0.0)


def fact_date(fact: dict) -> str:
    """``2025-05-06``, ``before 2025-05-06``, ``about 2024``."""
    date = fact.get("date")
    if not date:
        return "undated"
    q = fact.get("date_qualifier")
    return date if q in (None, "on") else f"{q} {date}"


def fact_summary(fact: dict) -> str:
    """The key values of a fact in a few words."""
    parts = []
    if fact.get("people") is not None:
        q = fact.get("people_qualifier")
        prefix = "" if q in (None, "exact") else q.replace("_", " ") + " "
        parts.append(f"{prefix}{fact['people']} people")
    if fact.get("amount") is not None:
        q = fact.get("amount_qualifier")
        prefix = "" if q in (None, "exact") else q.replace("_", " ") + " "
        parts.append(prefix + fmt_money(fact["amount"], fact.get("currency")))
    if fact.get("outcome"):
        parts.append(fact["outcome"])
    if fact.get("actor"):
        parts.append(f"by {fact['actor']}")
    if fact.get("nationalities"):
        parts.append("nationals of " + ", ".join(fact["nationalities"]))
    return "; ".join(parts)


def split_marks(snippet: str) -> list[dict]:
    """A search snippet (matches between ``[`` and ``]``) as plain and matched pieces, for escaping."""
    out, hit, buf = [], False, []
    for ch in snippet or "":
        if ch == "[" and not hit:
            if buf:
                out.append({"text": "".join(buf), "hit": False})
            buf, hit = [], True
        elif ch == "]" and hit:
            out.append({"text": "".join(buf), "hit": True})
            buf, hit = [], False
        else:
            buf.append(ch)
    if buf:
        out.append({"text": "".join(buf), "hit": hit})
    return out


# -- the corridor page's headline ---------------------------------------------

QUALIFIER_WORDS = {"at_least": "at least", "up_to": "up to", "about": "about", "less_than": "fewer than"}


def qualifier_word(qualifier: str | None) -> str:
    """``at_least`` -> ``at least``; ``exact`` (or nothing) -> ``""``."""
    if not qualifier or qualifier == "exact":
        return ""
    return QUALIFIER_WORDS.get(qualifier, qualifier.replace("_", " "))


def event_fact_ids(detail: dict) -> dict:
    """Event id -> the ids of the facts that report it, from a corridor detail's ``events``."""
    return {e.get("id"): list(e.get("fact_ids") or []) for e in detail.get("events") or [] if isinstance(e, dict)}


def _facts_of(events: dict, event_ids) -> list[int]:
    """The facts of these events, each once, in order (a busy corridor's total rests on thousands)."""
    return list(dict.fromkeys(fid for event_id in event_ids or [] for fid in events.get(event_id, [])))


def corridor_headline(detail: dict) -> dict:
    """What the corridor page leads with, each figure with the facts it rests on.

    Status, people moved, money, cost per person and the ruling that currently
    blocks transfers, read from the detail's ``figures`` (the analysis) and tied
    back to facts through the detail's ``events``.
    """
    figures = detail.get("figures") or {}
    events = event_fact_ids(detail)

    status = figures.get("status") or detail.get("status")
    # the date the current status began, as the timeline's band shows it (a court allowing
    # transfers again restores "agreement" on its own date, not the agreement's)
    since, since_events = status_date(status), []
    changes = [ch for ch in figures.get("timeline") or [] if isinstance(ch, dict)]
    if changes and changes[-1].get("status") == status_text(status):
        start = len(changes) - 1
        while start > 0 and changes[start - 1].get("status") == changes[-1].get("status"):
            start -= 1
        since = changes[start].get("date") or since
        since_events = [changes[start].get("event_id")]
    status_out = {
        "text": status_text(status), "date": since, "class": status_class(status),
        "facts": _facts_of(events, since_events + ([status.get("event_id")] if isinstance(status, dict) else [])),
        "lifted_by": _facts_of(events, [status.get("lifted_by")]) if isinstance(status, dict) and status.get("lifted_by") is not None else [],
    }

    people = figures.get("people") or detail.get("people") or {}
    total = people_total(people)
    people_out = {
        "total": total,
        "qualifier": qualifier_word(people.get("qualifier")) if isinstance(people, dict) and total is not None else "",
        "rule": people.get("rule") if isinstance(people, dict) else None,
        "nationalities": list(people.get("nationalities") or []) if isinstance(people, dict) else [],
        "onward": people.get("onward_removed") if isinstance(people, dict) else None,
        "onward_facts": _facts_of(events, people.get("onward_event_ids")) if isinstance(people, dict) else [],
        "facts": _facts_of(events, people.get("event_ids")) if isinstance(people, dict) else [],
    }

    money_out = []
    money = figures.get("money") or {}
    if isinstance(money, dict):
        for category in MONEY_CATEGORIES:
            for currency, fig in sorted((money.get(category) or {}).items(), key=lambda kv: str(kv[0])):
                if not isinstance(fig, dict):
                    continue
                amount = fig.get("amount")
                cur = fig.get("currency") or (None if currency == "?" else currency)
                money_out.append({
                    "category": category, "currency": cur,
                    "text": (f"{fmt_money(amount, cur)} {category}" if amount is not None
                             else f"{category} ({cur + ', ' if cur else ''}amount not disclosed)"),
                    "disclosed": amount is not None,
                    "rule": fig.get("rule"),
                    "facts": _facts_of(events, list(fig.get("event_ids") or []) + list(fig.get("undisclosed") or [])),
                })
    money_out.sort(key=lambda m: not m["disclosed"])  # amounts first, then the undisclosed ones
    cancelled = []
    for entry in figures.get("cancelled") or []:
        if isinstance(entry, dict):
            cancelled.append({"text": fmt_money(entry.get("amount"), entry.get("currency")) or "an undisclosed amount",
                              "date": entry.get("date"), "facts": _facts_of(events, [entry.get("event_id")])})

    cost_out = []
    for currency, fig in sorted((figures.get("cost_per_person") or {}).items()):
        if not isinstance(fig, dict) or fig.get("amount") is None:
            continue
        people_q = fig.get("people_qualifier")
        # fewer people than the money covers is the only uncertainty: "at least N people" -> "at most X each"
        bound = "at most" if people_q == "at_least" else "at least" if people_q in ("up_to", "less_than") else ""
        cost_out.append({
            "text": fmt_money(fig["amount"], currency), "bound": bound, "basis": fig.get("basis") or "",
            "how": f"{fmt_money(fig.get('money'), currency)} {fig.get('basis') or ''} ÷ "
                   f"{(qualifier_word(people_q) + ' ') if qualifier_word(people_q) else ''}{fmt_number(fig.get('people'))} people moved",
            "facts": _facts_of(events, fig.get("event_ids")),
        })

    rulings = figures.get("rulings") or detail.get("rulings") or {}
    items = list(rulings.get("items") or []) if isinstance(rulings, dict) else []
    blocking = rulings.get("blocking") if isinstance(rulings, dict) else None
    ruling_out = {
        "blocked": bool(blocking),
        "blocking": ({**blocking, "facts": _facts_of(events, [blocking.get("event_id")])} if isinstance(blocking, dict) else None),
        "count": len(items),
        "last": ({**items[-1], "facts": _facts_of(events, [items[-1].get("event_id")])} if items else None),
    }
    return {"status": status_out, "people": people_out, "money": money_out, "cancelled": cancelled,
            "cost": cost_out, "ruling": ruling_out}


def url_host(url: str | None) -> str:
    """``https://www.bbc.co.uk/news/x`` -> ``bbc.co.uk``: a source link's readable name."""
    from urllib.parse import urlparse

    try:
        host = urlparse(url or "").hostname or ""
    except ValueError:
        host = ""
    return host[4:] if host.startswith("www.") else host or "source"


def end_name(code: str | None, role: str = "receiver") -> str:
    """A corridor end for a heading: the country, or what an unknown end stands for."""
    from ..api.geo import country_name

    if code and code.upper() != "XXX":
        return country_name(code)
    return "unnamed third countries" if role == "receiver" else "unnamed sending state"


FILTERS = {
    "split_marks": split_marks,
    "status_text": status_text,
    "status_date": status_date,
    "status_class": status_class,
    "number": fmt_number,
    "money": fmt_money,
    "people_total": people_total,
    "money_parts": money_parts,
    "money_sort_key": money_sort_key,
    "fact_date": fact_date,
    "fact_summary": fact_summary,
    "qualifier_word": qualifier_word,
    "end_name": end_name,
    "host": url_host,
}
