"""A synthetic corpus with the shape of the hub's real content, built once and cached.

Words come from the programme's own documents (``/work/shared/seeds`` or ``$BENCH_SEEDS``),
strung together by a bigram chain so that phrases are real phrases and domain words are as
common as they are in real direct-payments documents, with a long tail of plain English words
(Python's bundled documentation text) so rare words are rare. Lengths are log-normal: median
~250 words, a long tail up to 20,000.
"""

from __future__ import annotations

import math
import os
import random
import re
from collections import Counter, defaultdict
from pathlib import Path

SEEDS = Path(os.environ.get("BENCH_SEEDS", "/work/shared/seeds"))
SIZE = int(os.environ.get("BENCH_SIZE", "100000"))
RARE_WORD = "quillwort"  # planted in a handful of entries
RARE_COUNT = 12
TAGS = [
    "top-ups", "contracts", "brokerage", "evaluation", "commissioning", "market-shaping",
    "finance", "deep-dive", "learning-event", "guidance", "templates", "providers",
    "care-planning", "information-advice", "safeguarding", "charging", "personal-budgets",
    "residential-care", "regulations", "case-studies",
]  # fmt: skip
ORGANISATIONS = [
    "Essex County Council", "Hertfordshire County Council", "Manchester City Council",
    "Lincolnshire County Council", "Norfolk County Council", "Enfield Council", "SCIE",
    "PIRU (LSHTM)", "PSSRU (LSE)", "Department of Health", "Sheffield City Council",
    "Stockport Council", "Bristol City Council", "Sutton Council",
]  # fmt: skip
KINDS = [("resource", 45), ("page", 10), ("guidance", 8), ("practice", 7), ("thread", 25),
         ("event", 3), ("news", 2)]  # fmt: skip

_WORD = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]")


def _seed_words() -> list[str]:
    text = " ".join(p.read_text(errors="ignore") for p in sorted(SEEDS.glob("*.txt")))
    return _WORD.findall(text.lower())


def _tail_words() -> list[str]:
    import pydoc_data.topics

    return _WORD.findall(" ".join(pydoc_data.topics.topics.values()).lower())


class Generator:
    def __init__(self, seed=42):
        self.random = random.Random(seed)
        words = _seed_words()
        self.chain = defaultdict(list)
        for a, b in zip(words, words[1:], strict=False):
            self.chain[a].append(b)
        self.starts = words
        tail = Counter(_tail_words())
        self.tail_words = [w for w, _ in tail.most_common()]
        # Zipf weights over the tail, so a few tail words are common and most are rare.
        self.tail_weights = [1 / (rank + 1) for rank in range(len(self.tail_words))]
        self.sentences = [self._sentence() for _ in range(20_000)]

    def _sentence(self) -> str:
        rnd = self.random
        word = rnd.choice(self.starts)
        out = [word]
        for _ in range(rnd.randint(6, 24)):
            if rnd.random() < 0.3:
                out.append(rnd.choices(self.tail_words, self.tail_weights)[0])
                word = rnd.choice(self.starts)
            else:
                followers = self.chain.get(word)
                word = rnd.choice(followers) if followers else rnd.choice(self.starts)
                out.append(word)
        return " ".join(out).capitalize() + "."

    def text(self, words: int) -> str:
        out, count = [], 0
        while count < words:
            sentence = self.random.choice(self.sentences)
            out.append(sentence)
            count += sentence.count(" ") + 1
        return " ".join(out)

    def entry(self, n: int) -> dict:
        rnd = self.random
        length = min(20_000, max(20, int(math.exp(rnd.gauss(math.log(250), 1.0)))))
        body = self.text(length)
        if n % (SIZE // RARE_COUNT) == 7:
            body += f" The {RARE_WORD} note."
        audience = rnd.choices(["public", "members", "groups"], [80, 12, 8])[0]
        return {
            "kind": rnd.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0],
            "title": self.text(rnd.randint(4, 10))[:120].rstrip("."),
            "summary": self.text(rnd.randint(15, 40)) if rnd.random() < 0.7 else "",
            "body": body,
            "tags": rnd.sample(TAGS, rnd.randint(0, 3)),
            "organisation": rnd.choice(ORGANISATIONS) if rnd.random() < 0.8 else "",
            "audience": audience,
            "year": rnd.randint(2012, 2017),
            "day": rnd.randint(1, 365),
        }
