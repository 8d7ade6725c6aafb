"""Long documents: extraction time against length, up to a 50,000-word judgment.

The judgment is made here from sentences written for this benchmark (legal reasoning,
procedure, and a few sentences stating facts, spread over the whole text), repeated with
numbered paragraphs to the lengths asked.  Prints, per length: words, seconds, words/s,
facts found, and the paragraphs they come from (first, middle and last must all appear),
then the ratio of time per word at the longest length to the shortest (about 1 when
time is linear in length).

    .venv/bin/python bench/bench_long_document.py [--words 5000,10000,20000,50000]
"""

from __future__ import annotations

import argparse
import time

from tcwatch.extract import extract
from tcwatch.model import Document

BOILERPLATE = [
    "The claimants contend that the Home Secretary failed to take into account the evidence on Rwanda placed before the tribunal.",
    "Counsel for the respondent submitted that the Rwanda scheme contains sufficient safeguards against refoulement.",
    "We have considered the written and oral submissions with care, and the authorities to which we were referred.",
    "The standard of review is not in dispute between the parties, and we adopt it without further comment.",
    "The witness statements describe the reception arrangements in some detail, including access to legal advice.",
    "It is common ground that the assurances were given in good faith by the Government of Rwanda.",
    "The question is whether there were substantial grounds for believing that people removed to Rwanda faced a real risk of ill-treatment.",
    "Paragraph 12 of the guidance sets out the procedure for notifying individuals of a decision to remove them.",
    "The monitoring committee reported on the Rwandan asylum system, its capacity, and the training of its officials.",
    "In our judgment the evidence of the expert witness on the asylum system deserves considerable weight.",
]
FACTS = [
    "On 13 June 2022 the European Court of Human Rights blocked the first flight to Rwanda.",
    "The Home Office paid Rwanda £120 million under the agreement before any person had been relocated.",
    "The High Court ruled in December 2022 that the Rwanda policy was lawful.",
    "The Court of Appeal held in June 2023 that Rwanda was not a safe third country.",
    "Four volunteers were flown to Rwanda in 2024 under the voluntary scheme.",
]


def judgment(words: int) -> tuple[str, list[int]]:
    """A judgment of about ``words`` words; the character offsets of its fact sentences."""
    parts = ["R (on the application of AAA and others) v Secretary of State for the Home Department\n\nJUDGMENT\n"]
    offsets = []
    n = i = 0
    slots = {0, 1, 2, 3, 4}
    total_paras = max(5, round(words / 143))  # about 143 words a paragraph
    marks = {0: 0, total_paras // 4: 1, total_paras // 2: 2, (3 * total_paras) // 4: 3, total_paras - 1: 4}
    for para in range(total_paras):
        # every sentence of a real judgment is its own: number them so that none repeats
        body = [BOILERPLATE[(para + k) % len(BOILERPLATE)][:-1] + f" (see paragraph {para * 7 + k + 1})." for k in range(7)]
        if para in marks and marks[para] in slots:
            body.insert(3, FACTS[marks[para]])
            slots.discard(marks[para])
            offsets.append(sum(len(p) for p in parts) + len(f"{para + 1}. ") + sum(len(b) + 1 for b in body[:3]))
        text = f"{para + 1}. " + " ".join(body) + "\n"
        parts.append(text)
        n += len(text.split())
        i += 1
    return "".join(parts), offsets


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--words", default="5000,10000,20000,50000")
    args = ap.parse_args()
    extract(Document(id="warm", date="2024-04-01", text=judgment(500)[0]))  # load the parser once
    rows = []
    for w in (int(x) for x in args.words.split(",")):
        text, offsets = judgment(w)
        doc = Document(id=f"judgment-{w}", date="2024-04-01", text=text)
        t = time.perf_counter()
        ex = extract(doc)
        dt = time.perf_counter() - t
        nwords = len(text.split())
        found = sorted({f.span.start for f in ex.facts})
        where = sorted({sum(1 for o in offsets if o <= s) for s in found})
        rows.append((nwords, dt))
        print(f"{nwords:>7} words  {dt:7.2f} s  {nwords / dt:9.0f} words/s  {len(ex.facts):>2} facts  "
              f"from fact sentences {where} of {len(offsets)}  types {sorted({f.type for f in ex.facts})}")
    (w0, t0), (w1, t1) = rows[0], rows[-1]
    print(f"time per word, longest / shortest: {(t1 / w1) / (t0 / w0):.2f} (1.0 = linear)")


if __name__ == "__main__":
    main()
