"""Turning what people type into words and phrases, and nothing else.

No character a person types reaches an engine as syntax: every word is reduced to letters and
digits, so FTS5 operators, tsquery operators and Lucene syntax (``NEAR(a b)``, ``title:x``,
``AND``, ``-x``, ``/.*/``, ``a~10``) arrive as plain words. Double quotes mark phrases; an
unmatched quote is simply dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

MAX_QUERY_CHARS = 500
MAX_QUERY_WORDS = 32
MAX_TERM_CHARS = 64

# Letters and digits (any script); underscores and everything else separate words.
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_TOKEN = re.compile(r"[^\W_]+")
_PHRASE = re.compile(r'"([^"]*)"')

# Words too common to help ranking; dropped outside phrases unless nothing else is left.
STOP_WORDS = frozenset(
    """a an and are as at be but by for from has have how i if in into is it its no not of on or
    our so such that the their then there these they this to was we were what when where which
    who will with you your""".split()  # noqa: SIM905
)
# The words that make a sentence a question ("what happens if ...", "how do I ...", "which
# councils were ..."): treated as stop words, so that a question finds what its keywords find
# and no entry drops to the some-words tier for lacking "happens" or "does". "May" is left out:
# it is a month as often as a question.
QUESTION_WORDS = frozenset(
    """about am any been being can could did do does doing done had happen happened happens
    having me much many must my shall should whom whose why would""".split()  # noqa: SIM905
)
STOP_WORDS |= QUESTION_WORDS
# How a question is put rather than what it asks about ("how long does it take to set up?",
# "how is it worked out?", "what did the evaluation find?"): dropped only from questions, and
# only as single words (never from a phrase or a synonym such as "top up").
QUESTION_FILLER = frozenset(
    """also get gets getting got go goes going long mean means meant often
    out put set take takes taken taking took up work worked works""".split()  # noqa: SIM905
)
# A query is a question when it ends with a question mark or starts with one of these ("may"
# is left out, as above).
QUESTION_OPENERS = frozenset(
    """are can could did do does has have how is must should was were what when where which who
    whom whose why will would""".split()  # noqa: SIM905
)


class QueryError(ValueError):
    """A query we refuse, with a message that tells the person what to change."""


@dataclass(frozen=True)
class Term:
    """One thing every hit should match: any of its alternatives (a word or a phrase each)."""

    alternatives: tuple[tuple[str, ...], ...]
    # For a quoted phrase: its words (stop words left out), which also match anywhere in an
    # entry, ranked below the phrase itself. Empty for words and for hyphenated words.
    loose: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(self.alternatives[0])


@dataclass
class ParsedQuery:
    text: str
    terms: list[Term] = field(default_factory=list)

    def __bool__(self):
        return bool(self.terms)

    @property
    def words(self) -> list[str]:
        """Every word in every alternative, for highlighting."""
        return sorted({w for term in self.terms for alt in term.alternatives for w in alt})


def clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    return "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text).strip()


def tokens(text: str) -> list[str]:
    return [t[:MAX_TERM_CHARS] for t in _TOKEN.findall(text.lower())]


def parse(text: str, synonyms=()) -> ParsedQuery:
    """Parse a query, expanding synonyms. Raises QueryError when it is too long."""
    text = clean(text)
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"Your search is {len(text)} characters long. Use {MAX_QUERY_CHARS} or fewer."
        )
    pieces: list[tuple[str, ...]] = []  # a 1-tuple is a word; longer tuples are phrases
    quoted: list[bool] = []  # whether each piece was typed in quotes
    position = 0
    for match in _PHRASE.finditer(text):
        plain = _plain_pieces(text[position : match.start()])
        pieces += plain
        quoted += [False] * len(plain)
        phrase = tuple(tokens(match.group(1)))
        if phrase:
            pieces.append(phrase)
            quoted.append(True)
        position = match.end()
    plain = _plain_pieces(text[position:].replace('"', " "))
    pieces += plain
    quoted += [False] * len(plain)

    word_count = sum(len(p) for p in pieces)
    if word_count > MAX_QUERY_WORDS:
        raise QueryError(
            f"Your search has {word_count} words. Use {MAX_QUERY_WORDS} or fewer: a few "
            "distinctive words find more than a whole sentence."
        )
    meaningful = [
        (p, q) for p, q in zip(pieces, quoted, strict=True) if len(p) > 1 or p[0] not in STOP_WORDS
    ]
    if meaningful:
        pieces, quoted = [p for p, _ in meaningful], [q for _, q in meaningful]
    loose = {p for p, q in zip(pieces, quoted, strict=True) if q and len(p) > 1}
    terms = _expand(pieces, synonyms, loose)
    if is_question(text):
        asked = [term for term in terms if not _filler(term)]
        terms = asked or terms
    return ParsedQuery(text=text, terms=terms)


def is_question(text: str) -> bool:
    """Whether the query is put as a question: it ends with "?" or starts with a question word
    or an auxiliary ("what", "how", "can", "does" ...)."""
    words = tokens(text)
    return bool(words) and (text.rstrip().endswith("?") or words[0] in QUESTION_OPENERS)


def _filler(term: Term) -> bool:
    """A single word of ``QUESTION_FILLER``, typed as a word (no synonyms, not in quotes)."""
    (first, *others) = term.alternatives
    return not others and len(first) == 1 and first[0] in QUESTION_FILLER and not term.loose


def _plain_pieces(text: str) -> list[tuple[str, ...]]:
    """Words; a hyphenated or apostrophised word ("top-up") is a phrase of its parts."""
    return [tuple(tokens(w)) for w in _WORD.findall(text) if tokens(w)]


def normalise(words) -> tuple[str, ...]:
    """A crude plural fold, only for recognising synonyms ("top ups" is "top up")."""
    return tuple(
        w[:-1] if len(w) > 2 and w.endswith("s") and not w.endswith("ss") else w for w in words
    )


def _expand(pieces, synonyms, quoted=frozenset()) -> list[Term]:
    """Group consecutive words that form a synonym (longest first), and add its alternatives.

    ``synonyms`` is a list of groups; each group a list of token tuples meaning the same thing.
    ``quoted``: phrases typed in quotes, whose words also match loose (``Term.loose``).
    """
    lookup: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
    for group in synonyms:
        for entry in group:
            lookup[normalise(entry)] = tuple(group)
    longest = max((len(k) for k in lookup), default=1)

    terms, i = [], 0
    while i < len(pieces):
        piece = pieces[i]
        if len(piece) == 1:
            # Try to join this word with the next few single words into a known synonym.
            for size in range(min(longest, len(pieces) - i), 1, -1):
                window = pieces[i : i + size]
                if all(len(p) == 1 for p in window):
                    joined = tuple(p[0] for p in window)
                    if normalise(joined) in lookup:
                        piece = joined
                        break
        group = lookup.get(normalise(piece))
        alternatives = (piece,) + tuple(a for a in group or () if normalise(a) != normalise(piece))
        loose = ()
        if piece in quoted:
            # A quoted phrase found nowhere should still find entries with all its words.
            loose = tuple(w for w in piece if w not in STOP_WORDS) or piece
        terms.append(Term(alternatives=alternatives, loose=loose))
        i += len(piece) if len(piece) > 1 and len(pieces[i]) == 1 else 1
    # The same term twice adds nothing but cost.
    unique, seen = [], set()
    for term in terms:
        if term not in seen:
            seen.add(term)
            unique.append(term)
    return unique
