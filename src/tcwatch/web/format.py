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
}
