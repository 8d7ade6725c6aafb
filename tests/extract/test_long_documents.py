"""Long documents (judgments of thousands of words): facts from any paragraph, each with
its own evidence sentence and exact span."""

from tcwatch.extract import extract
from tcwatch.model import Document

FILLER = ("The tribunal considered the written submissions on the Rwanda scheme with care (paragraph {n}). "
          "Counsel for the Home Secretary said the assurances of the Government of Rwanda were adequate (paragraph {n}). "
          "The question was whether people removed to Rwanda faced a real risk of ill-treatment (paragraph {n}).")
FIRST = "On 13 June 2022 the European Court of Human Rights blocked the first flight to Rwanda."
MIDDLE = "The Home Office paid Rwanda £120 million under the agreement before any person had been relocated."
LAST = "Four volunteers were flown to Rwanda in 2024 under the voluntary scheme."


def judgment(paragraphs: int = 120) -> str:
    paras = []
    for n in range(paragraphs):
        body = FILLER.format(n=n + 1)
        if n == 1:
            body = FIRST + " " + body
        if n == paragraphs // 2:
            body = body + " " + MIDDLE
        if n == paragraphs - 2:
            body = body + " " + LAST
        paras.append(f"{n + 1}. {body}")
    return "R (AAA) v Home Secretary\n\n" + "\n".join(paras)


def test_facts_come_from_the_first_middle_and_last_paragraphs():
    """A 5,000-word judgment gives the ruling, payment and transfer stated far apart."""
    text = judgment()
    assert len(text.split()) > 5000
    ex = extract(Document(id="j", date="2024-04-01", text=text))
    by_type = {f.type: f for f in ex.facts}
    assert by_type["ruling"].evidence == FIRST and by_type["ruling"].date == "2022-06-13"
    assert by_type["payment"].evidence == MIDDLE and by_type["payment"].amount == 120_000_000
    assert by_type["transfer"].evidence == LAST and by_type["transfer"].people == 4
    for f in ex.facts:
        assert text[f.span.start : f.span.end] == f.evidence
