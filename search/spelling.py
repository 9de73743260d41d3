"""Correcting a misspelt query word to the nearest frequent word the viewer may see.

Candidates come from ``SearchWord``, every word ever indexed, whoever may see its entry: the
list only proposes. Every decision is taken on counts of entries *the viewer* may see, made by
the engine answering them (``count_visible``): whether a word is rare enough to correct, which
candidates are frequent enough to offer, and which of those wins. A word found only in
entries someone may not see counts 0 for them, so it is never offered to them, and its being
in the list cannot change what they are offered. Counts are capped (``CAP``): "frequent" only
needs to know that much, and a capped count of what one may see is still only theirs.

Edit distance is optimal string alignment (a swapped pair of letters is one edit), allowed
as Elasticsearch's ``fuzziness: AUTO`` allows it: one edit in words of four or five letters,
two in longer ones; shorter words, numbers, stop words, phrases and words with synonyms are
left as typed.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from rapidfuzz import process
from rapidfuzz.distance import OSA

from search.query import STOP_WORDS, ParsedQuery, tokens

MIN_LENGTH = 4
MAX_WORD = 64
RECORD_BATCH = 500
# A word seen in at most RARE visible entries is corrected when a candidate is seen in at
# least RATIO times as many (a word seen nowhere: by any candidate seen at all).
RARE = 2
RATIO = 50
CAP = RARE * RATIO * 2
REFRESH_SECONDS = 5.0  # new words are read at most this often
RELOAD_SECONDS = 600.0  # and the whole list now and then (see VocabularyCache)

CountVisible = Callable[[list[str], int], dict[str, int]]


def max_edits(word: str) -> int:
    if len(word) < MIN_LENGTH:
        return 0
    return 1 if len(word) <= 5 else 2


def correctable(word: str) -> bool:
    return max_edits(word) > 0 and word.isalpha() and word not in STOP_WORDS


@dataclass(frozen=True)
class Correction:
    words: dict[str, str]  # typed word -> the word searched instead
    text: str  # the query as searched


def correct(query: ParsedQuery, count_visible: CountVisible) -> Correction | None:
    """The query with its rare words corrected, or None when every word stands.

    ``count_visible(words, cap)`` answers, for each word, how many entries the viewer may see
    match it (stemmed, as the engine matches), counting no further than ``cap``.
    """
    phrase_words = {w for term in query.terms for alt in term.alternatives if len(alt) > 1
                    for w in alt}  # fmt: skip
    words = [
        term.alternatives[0][0]
        for term in query.terms
        if len(term.alternatives) == 1 and len(term.alternatives[0]) == 1 and not term.loose
    ]
    words = [w for w in dict.fromkeys(words) if correctable(w) and w not in phrase_words]
    if not words:
        return None
    seen = count_visible(words, RARE + 1)
    rare = [w for w in words if seen.get(w, 0) <= RARE]
    if not rare:
        return None
    vocabulary = vocabulary_cache.get()
    chosen = {}
    for word in rare:
        needed = max(1, RATIO * seen.get(word, 0))
        for edits in range(1, max_edits(word) + 1):
            candidates = vocabulary.at_distance(word, edits)
            if not candidates:
                continue
            candidates = [c for c in candidates if not _another_form(word, c, seen.get(word, 0))]
            counts = count_visible(candidates, CAP) if candidates else {}
            frequent = [c for c in candidates if counts.get(c, 0) >= needed]
            if frequent:
                # Most often seen; equal counts (the cap) go to the first in the alphabet.
                chosen[word] = min(frequent, key=lambda c: (-counts[c], c))
                break
    text = replace_words(query.text, chosen) if chosen else query.text
    if text == query.text:
        return None  # nothing to correct, or no word as typed to put the correction in
    return Correction(words=chosen, text=text)


def _another_form(word: str, other: str, found: int) -> bool:
    """Whether ``other`` is another form of ``word`` rather than what a slip made of it:
    "directly" is not a misspelt "direct", even where only "direct" is found. A word the
    reader can find is not a slip for a longer or shorter form of it either ("carer", "care");
    one found nowhere may be, by a letter ("paymentt", "paymen": "payment")."""
    if not (word.startswith(other) or other.startswith(word)):
        return False
    return bool(found) or abs(len(word) - len(other)) >= 2


def replace_words(text: str, replacements: dict[str, str]) -> str:
    """``text`` with each whole word replaced (ignoring case), everything else as typed."""
    pattern = re.compile(
        r"(?<![^\W_])(" + "|".join(re.escape(w) for w in replacements) + r")(?![^\W_])",
        re.IGNORECASE,
    )
    return pattern.sub(lambda match: replacements.get(match.group(1).lower(), match[1]), text)


# --- The word list ---------------------------------------------------------------------------


def words_of(*texts) -> set[str]:
    return {w for text in texts for w in tokens(text or "") if 3 <= len(w) <= MAX_WORD}


def record(*texts):
    """Add the words of an entry's texts to the list (words already there are skipped)."""
    record_words(words_of(*texts))


def record_words(words):
    from search.models import SearchWord

    words = sorted(set(words) - vocabulary_cache.committed_words())
    if not words:
        return
    # Most words of an entry are in the list already: looking them up through the unique
    # index is several times cheaper than building and offering an insert for each.
    known = set()
    with connection.cursor() as cursor:
        for start in range(0, len(words), RECORD_BATCH):
            batch = words[start : start + RECORD_BATCH]
            cursor.execute(
                f"SELECT word FROM {SearchWord._meta.db_table} "  # noqa: S608 (our table; words are parameters)
                f"WHERE word IN ({', '.join(['%s'] * len(batch))})",
                batch,
            )
            known.update(word for (word,) in cursor.fetchall())
    new = [SearchWord(word=w) for w in words if w not in known]
    if new:
        SearchWord.objects.bulk_create(new, batch_size=RECORD_BATCH, ignore_conflicts=True)


def record_all(batch=500):
    """Fill the list from every entry (after entries were written in bulk, without signals)."""
    from search.models import SearchEntry

    columns = ("title", "tags_text", "summary", "body")
    words = set()
    for row in SearchEntry.objects.values_list(*columns).iterator(chunk_size=batch):
        words |= words_of(*row)
    record_words(words)


class Vocabulary:
    """Words by length, so a word is compared only with those that could be near it."""

    def __init__(self, words=()):
        self.by_length: dict[int, list[str]] = {}
        self.known: set[str] = set()
        self.add(words)

    def add(self, words):
        for word in words:
            if word not in self.known:
                self.known.add(word)
                self.by_length.setdefault(len(word), []).append(word)

    def at_distance(self, word: str, edits: int) -> list[str]:
        """Words exactly ``edits`` edits from ``word``, stop words left out, in the alphabet's
        order."""
        found = []
        for length in range(len(word) - edits, len(word) + edits + 1):
            choices = self.by_length.get(length)
            if choices:
                found += [
                    choice
                    for choice, distance, _ in process.extract(
                        word, choices, scorer=OSA.distance, score_cutoff=edits, limit=None
                    )
                    if distance == edits and choice not in STOP_WORDS
                ]
        return sorted(found)


class VocabularyCache:
    """The process's word list: new rows (by id) read at most every ``REFRESH_SECONDS``, the
    whole list every ``RELOAD_SECONDS`` (a row committed late under a lower id is then seen).

    Inside a transaction the list is read afresh for that answer and not kept: the transaction
    may see its own uncommitted words, and the ids of rolled-back rows can be given again.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self.clear()

    def clear(self):
        self._vocabulary, self._last_id = Vocabulary(), 0
        self._checked_at = self._loaded_at = None

    def committed_words(self) -> set[str]:
        """Words this process has read from committed rows (none inside a transaction)."""
        return set() if connection.in_atomic_block else self._vocabulary.known

    def get(self) -> Vocabulary:
        from search.models import SearchWord

        if connection.in_atomic_block:
            return Vocabulary(SearchWord.objects.values_list("word", flat=True))
        now = time.monotonic()
        if self._checked_at is not None and now - self._checked_at < REFRESH_SECONDS:
            return self._vocabulary
        if not self._lock.acquire(blocking=False):
            return self._vocabulary  # another thread is reading
        try:
            if self._loaded_at is None or now - self._loaded_at >= RELOAD_SECONDS:
                vocabulary, last_id = Vocabulary(), 0
                self._loaded_at = now
            else:
                vocabulary, last_id = self._vocabulary, self._last_id
            rows = SearchWord.objects.filter(id__gt=last_id).order_by("id")
            new = list(rows.values_list("id", "word"))
            vocabulary.add(word for _, word in new)
            self._vocabulary = vocabulary
            self._last_id = new[-1][0] if new else last_id
            self._checked_at = now
            return vocabulary
        finally:
            self._lock.release()


vocabulary_cache = VocabularyCache()
