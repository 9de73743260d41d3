"""Facet counts and totals from a column snapshot of every entry, kept in each process.

Exact facets visit every match. Asking the database to look up each match's audience, kind,
organisation, year and tags costs it one row lookup and some sorting per match: about 2 µs,
so 30-50 ms for a word in 14,000 entries. Here the database is asked only for the matching
ids (a lookup in the full-text index alone), and the rest runs over arrays held in memory:

- the audience rule is ``Visibility.admits``, the same rule every other check uses, asked
  once per *kind* of audience (public; members; each set of groups), not once per entry;
- the facet choices (kind, organisation, year, tags) select whole combinations and tag sets;
- counting is one ``bincount`` per facet.

The snapshot must describe exactly the rows the ids came from. A token row
(``search_facet_token``, written by triggers) gets a new random value in the
same transaction as any change to an entry's audience, groups, kind, organisation, year or tags,
or a tag's name. The statement that reads the ids also reads the token, so both come from one
database snapshot, and a snapshot is used only if it was loaded under that same token. If it
was not, it is loaded again (in the background, ``SnapshotCache``); until it is, if the data
keeps changing under it, or the token row is missing, ``None`` tells the engine to count in SQL
instead (``search.engines.database.facet_counts``).

Inside a transaction the cache is neither read nor filled: the transaction may see its own
uncommitted writes, and a snapshot built from them must not outlive a rollback. There the
engine counts in SQL, unless ``SEARCH_SNAPSHOT_IN_TRANSACTIONS`` asks for a snapshot loaded
for that one answer (the tests use it to run every search test through this module).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from django.conf import settings
from django.db import connection

from search.engines.base import tag_order

logger = logging.getLogger(__name__)

TOKEN_SQL = "SELECT token FROM search_facet_token WHERE id = 1"  # noqa: S105 (not a password)
ATTEMPTS = 2  # loads tried against one token before counting in SQL instead
MIN_RELOAD_SECONDS = 5.0


@dataclass(frozen=True, eq=False)
class Snapshot:
    """Each entry's audience, facet values and tags, as arrays indexed by entry id.

    ``entry_class``, ``entry_combo`` and ``entry_tagset`` hold, per id, an index into
    ``classes`` (audience and group ids; 0 is "no such entry", never visible), ``combos``
    (kind, organisation, year) and the tag sets (0 is "no tags"). Tag set ``s`` holds the tag
    indexes ``tagset_tags[tagset_start[s]:tagset_start[s + 1]]``; ``tags`` maps a tag index
    to its (slug, name).
    """

    token: str
    entry_class: np.ndarray
    classes: tuple
    entry_combo: np.ndarray
    combos: tuple
    entry_tagset: np.ndarray
    tagset_start: np.ndarray
    tagset_tags: np.ndarray
    tags: tuple

    @cached_property
    def combo_values(self) -> dict:
        """For kind, organisation and year: the distinct values (as facets show them: years
        as text, "" for none) and, for each combination, the index of its value."""
        out = {}
        for position, name in enumerate(("kind", "organisation", "year")):
            shown = [combo[position] for combo in self.combos]
            if name == "year":
                shown = [str(year) if year else "" for year in shown]
            values = sorted(set(shown))
            index = {value: i for i, value in enumerate(values)}
            out[name] = (values, np.array([index[v] for v in shown], dtype=np.int64))
        return out

    def visible(self, ids: np.ndarray, viewer, filters: dict) -> np.ndarray:
        """The ids, of those given, that this viewer may see and the facet choices keep."""
        ids = ids[(ids >= 0) & (ids < len(self.entry_class))]  # unknown ids: never shown
        visibility = viewer.visibility()
        allowed = np.array(
            [index > 0 and visibility.admits(audience, groups)
             for index, (audience, groups) in enumerate(self.classes)],
            dtype=bool,
        )  # fmt: skip
        keep = allowed[self.entry_class[ids]]
        kinds, organisations = set(filters.get("kind", ())), set(filters.get("organisation", ()))
        years = {str(year) for year in filters.get("year", ())}
        if kinds or organisations or years:
            chosen = np.array(
                [(not kinds or kind in kinds)
                 and (not organisations or organisation in organisations)
                 and (not years or str(year) in years)
                 for kind, organisation, year in self.combos],
                dtype=bool,
            )  # fmt: skip
            keep &= chosen[self.entry_combo[ids]]
        if filters.get("tag"):
            keep &= self._tagsets_with(set(filters["tag"]))[self.entry_tagset[ids]]
        return ids[keep]

    def _tagsets_with(self, slugs: set) -> np.ndarray:
        """For each tag set, whether it holds every one of these tag slugs (drilling down)."""
        wanted = [index for index, (slug, _) in enumerate(self.tags) if slug in slugs]
        if len(wanted) < len(slugs):
            return np.zeros(len(self.tagset_start) - 1, dtype=bool)  # a tag nobody has
        holds = np.zeros(len(self.tagset_start) - 1, dtype=np.int32)
        owner = np.repeat(np.arange(len(holds)), np.diff(self.tagset_start))
        for index in wanted:
            holds += np.bincount(owner[self.tagset_tags == index], minlength=len(holds)) > 0
        return holds == len(wanted)

    def tags_of(self, entry_id) -> list[dict]:
        """One entry's tags ({"name", "slug"}), by name as hits list them."""
        if not 0 <= entry_id < len(self.entry_tagset):
            return []
        tagset = self.entry_tagset[entry_id]
        start, end = self.tagset_start[tagset], self.tagset_start[tagset + 1]
        tags = [self.tags[index] for index in self.tagset_tags[start:end]]
        return [
            {"name": name, "slug": slug}
            for slug, name in sorted(tags, key=lambda tag: tag_order(tag[1]))
        ]

    def facet_counts(self, ids: np.ndarray) -> tuple[dict, list]:
        """Counts over these (visible, chosen) ids: a Counter each for kind, organisation and
        year (empty organisations and missing years are not values), and (slug, name, n) per
        tag, as ``search.engines.database.facets_from_counts`` reads them."""
        per_combo = np.bincount(self.entry_combo[ids], minlength=len(self.combos))
        counts = {}
        for name, (values, of_combo) in self.combo_values.items():
            per_value = np.bincount(of_combo, weights=per_combo, minlength=len(values))
            counts[name] = Counter(
                {values[i]: int(per_value[i]) for i in np.flatnonzero(per_value) if values[i]}
            )
        per_tagset = np.bincount(self.entry_tagset[ids], minlength=len(self.tagset_start) - 1)
        per_tag = np.bincount(
            self.tagset_tags,
            weights=np.repeat(per_tagset, np.diff(self.tagset_start)),
            minlength=len(self.tags),
        )
        tags = [(*self.tags[i], int(per_tag[i])) for i in np.flatnonzero(per_tag)]
        return counts, tags


def ids_from_text(text) -> np.ndarray:
    """Entry ids from the database's comma-separated list (None when nothing matched)."""
    if not text:
        return np.zeros(0, dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=",")


def load() -> Snapshot | None:
    """Read every entry's columns, tags and groups; None if they changed while being read."""
    with connection.cursor() as cursor:
        token = _token(cursor)
        if token is None:
            return None
        cursor.execute("SELECT id, audience, kind, organisation, year FROM search_searchentry")
        entries = cursor.fetchall()
        cursor.execute("SELECT searchentry_id, tag_id FROM search_searchentry_tags")
        tag_links = cursor.fetchall()
        cursor.execute("SELECT searchentry_id, group_id FROM search_searchentry_groups")
        group_links = cursor.fetchall()
        cursor.execute("SELECT id, slug, name FROM taggit_tag ORDER BY id")
        tag_rows = cursor.fetchall()
        if _token(cursor) != token:
            return None
    return _build(token, entries, tag_links, group_links, tag_rows)


def _token(cursor):
    cursor.execute(TOKEN_SQL)
    row = cursor.fetchone()
    return row[0] if row else None


def _build(token, entries, tag_links, group_links, tag_rows) -> Snapshot:
    groups_of, tags_of = {}, {}
    for entry_id, group_id in group_links:
        groups_of.setdefault(entry_id, []).append(group_id)
    groups_of = {entry_id: frozenset(ids) for entry_id, ids in groups_of.items()}
    tag_index = {tag_id: index for index, (tag_id, _, _) in enumerate(tag_rows)}
    for entry_id, tag_id in tag_links:
        tags_of.setdefault(entry_id, []).append(tag_index[tag_id])

    # Index 0 of classes ("no such entry") and of tag sets ("no tags") is taken first.
    classes, combos, tagsets = {None: 0}, {}, {(): 0}
    no_groups = frozenset()
    entry_ids = [row[0] for row in entries]
    class_of = [
        classes.setdefault((audience, groups_of.get(entry_id, no_groups)), len(classes))
        for entry_id, audience, _, _, _ in entries
    ]
    combo_of = [
        combos.setdefault((kind, organisation, year), len(combos))
        for _, _, kind, organisation, year in entries
    ]
    tagset_of = [
        tagsets.setdefault(tuple(sorted(tags_of[entry_id])), len(tagsets))
        if entry_id in tags_of
        else 0
        for entry_id in entry_ids
    ]
    size = (max(entry_ids) + 1) if entry_ids else 0
    ordered_tagsets = sorted(tagsets, key=tagsets.get)
    lengths = [len(tagset) for tagset in ordered_tagsets]
    return Snapshot(
        token=token,
        entry_class=_by_id(size, entry_ids, class_of),
        classes=tuple((None, no_groups) if c is None else c for c in classes),
        entry_combo=_by_id(size, entry_ids, combo_of),
        combos=tuple(combos),
        entry_tagset=_by_id(size, entry_ids, tagset_of),
        tagset_start=np.concatenate(([0], np.cumsum(lengths))).astype(np.int64),
        tagset_tags=np.array([t for tagset in ordered_tagsets for t in tagset], dtype=np.int64),
        tags=tuple((slug, name) for _, slug, name in tag_rows),
    )


def _by_id(size, entry_ids, values) -> np.ndarray:
    """An array indexed by entry id: ``values`` at ``entry_ids``, 0 (none) elsewhere."""
    array = np.zeros(size, dtype=np.int32)
    array[np.array(entry_ids, dtype=np.int64)] = np.array(values, dtype=np.int32)
    return array


class SnapshotCache:
    """The process's snapshot, replaced when the token it was loaded under is no longer current.

    Loading reads every entry (0.34-0.47 s for 100,000, 3.9 s for 1,000,000), so it is done by
    one thread at a time while the others count in SQL, and at most once every
    ``MIN_RELOAD_SECONDS``: while entries are changing in bulk (a reindex, a privacy change over
    a whole section), answers are counted in SQL rather than each paying for a load.

    With ``SEARCH_SNAPSHOT_BACKGROUND`` (the default), the load runs in a thread of its own and
    the answer that found the snapshot stale is counted in SQL, exactly, as every answer is
    until the new snapshot is in: nobody waits for a load. Without it (the tests), the answer
    loads the snapshot itself. One snapshot per process: the hub searches one database.
    """

    def __init__(self):
        self._snapshot = None
        self._loaded_at = None
        self._lock = threading.Lock()
        self._loader = None

    def clear(self):
        self.wait()
        self._snapshot = self._loaded_at = None

    def wait(self, timeout=None):
        """Until a load running in the background has finished (for tests and the bench)."""
        loader = self._loader
        if loader is not None:
            loader.join(timeout)

    def for_token(self, token) -> Snapshot | None:
        """A snapshot loaded under exactly ``token`` (read in the same statement as the ids),
        or None: then the caller counts in SQL."""
        if token is None or not settings.SEARCH_SNAPSHOT:
            return None
        if connection.in_atomic_block:
            if not getattr(settings, "SEARCH_SNAPSHOT_IN_TRANSACTIONS", False):
                return None
            snapshot = load()  # for this answer only: never cached
            return snapshot if snapshot is not None and snapshot.token == token else None
        snapshot = self._snapshot
        if snapshot is not None and snapshot.token == token:
            return snapshot
        if not self._lock.acquire(blocking=False):
            return None  # another thread is loading
        recently = self._loaded_at is not None and (
            time.monotonic() - self._loaded_at < MIN_RELOAD_SECONDS
        )
        if recently:
            self._lock.release()
            return None
        if getattr(settings, "SEARCH_SNAPSHOT_BACKGROUND", False):
            # The lock passes to the loading thread, which releases it when done.
            self._loader = threading.Thread(
                target=self._load_behind, name="search-snapshot", daemon=True
            )
            self._loader.start()
            return None
        try:
            return self._load(token)
        finally:
            self._lock.release()

    def _load(self, token=None) -> Snapshot | None:
        """Load (up to ``ATTEMPTS`` times while the data changes under it) and keep the
        snapshot: the first one read whole, or with ``token`` the one loaded under it."""
        for _ in range(ATTEMPTS):
            snapshot = load()
            self._loaded_at = time.monotonic()
            if snapshot is not None:
                self._snapshot = snapshot
                if token is None or snapshot.token == token:
                    return snapshot
        return None

    def _load_behind(self):
        """The background load, on the thread's own database connection, closed after."""
        try:
            self._load()
        except Exception:  # the answers go on counting in SQL; the next one tries again
            logger.exception("The search snapshot could not be loaded")
        finally:
            connection.close()
            self._lock.release()


cache = SnapshotCache()
