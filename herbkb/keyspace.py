"""One key space of the name index: exact look-up, prefixes, and fuzzy candidates.

Names are also found by the whole words they contain (`peony` finds "White peony root"): each
word of a key of several words has a posting of the keys it is in, by the word's hash (no
dictionary of words is held; a collision only adds a candidate, which is checked).

Fuzzy matching compares the query with a few hundred candidate keys that share the most
grams with it, not with every key: at 500,000 names a full rapidfuzz scan costs tens of
milliseconds a keystroke. A gram is a character trigram in alphabetic keys, and a single
character in Han keys (a Chinese name is two to five characters, each a word). Postings live
in numpy arrays (a few bytes a key).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

import numpy as np
from rapidfuzz import fuzz, process

SCAN_MAX = 20_000  # spaces this small are simply scanned
CANDIDATES = 300
WIDTH = 32  # characters of a key that make trigrams; longer keys still match on their start

# key characters → codes: 0 ends a key, 1 is a word boundary, letters and digits, then other
_CODE = np.full(256, 38, dtype=np.int32)
_CODE[0] = 0
_CODE[ord(" ")] = 1
for _i, _c in enumerate("abcdefghijklmnopqrstuvwxyz0123456789"):
    _CODE[ord(_c)] = _i + 2
_BASE = 39


def _codes(keys: list[str]) -> np.ndarray:
    raw = b"".join(k.encode("ascii", "replace")[:WIDTH].ljust(WIDTH, b"\0") for k in keys)
    codes = _CODE[np.frombuffer(raw, dtype=np.uint8).reshape(len(keys), WIDTH)]
    # a boundary before the first letter and after the last, so starts and ends count
    padded = np.zeros((len(keys), WIDTH + 2), dtype=np.int32)
    padded[:, 0] = 1
    padded[:, 1:-1] = codes
    lengths = np.fromiter((min(len(k), WIDTH) for k in keys), dtype=np.int64, count=len(keys))
    padded[np.arange(len(keys)), lengths + 1] = 1
    return padded


def _trigrams(padded: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, trigram id) of every trigram made only of characters, not of key ends."""
    a, b, c = padded[:, :-2], padded[:, 1:-1], padded[:, 2:]
    grams = (a * _BASE + b) * _BASE + c
    rows, cols = np.nonzero((a != 0) & (b != 0) & (c != 0))
    return rows.astype(np.int32), grams[rows, cols]


def _characters(keys: list[str], ids: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """(row, character id) of every distinct character of every key; `ids` grows as needed."""
    rows = [row for row, key in enumerate(keys) for _ in set(key)]
    grams = [ids.setdefault(char, len(ids)) for key in keys for char in set(key)]
    return np.array(rows, dtype=np.int32), np.array(grams, dtype=np.int64)


_WORD_WIDTH = 64  # characters of a word that make its hash
WORD_BLOCK = 8192  # keys whose words are hashed at once
# 32 bits a word: half the memory of 64, and a collision is only a candidate more to check
_POWERS = np.uint32(1_000_003) ** np.arange(_WORD_WIDTH, dtype=np.uint32)  # wraps: a hash


def _word_hash(word: str) -> int:
    """The hash `_word_postings` gives `word`: its bytes as a polynomial, modulo 2**32."""
    raw = word.encode("ascii", "replace")[:_WORD_WIDTH]
    return sum(b * int(p) for b, p in zip(raw, _POWERS.tolist(), strict=False)) % 2**32


def _word_postings(keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(word hash, row) of every word of every key of two or more words, sorted by hash and
    then row. A key of one word is found by exact and prefix look-ups already."""
    hashes, rows = [np.zeros(0, dtype=np.uint32)], [np.zeros(0, dtype=np.int32)]
    # a block of keys at a time: the work arrays stay small, and so does what the allocator
    # keeps of them (all keys at once held 60 MB more after a 500,000-name build)
    for start in range(0, len(keys), WORD_BLOCK):
        found, at = _block_words(keys[start : start + WORD_BLOCK])
        hashes.append(found)
        rows.append(at + np.int32(start))
    all_hashes, all_rows = np.concatenate(hashes), np.concatenate(rows)
    order = np.argsort(all_hashes, kind="stable")  # rows stay ascending within a word
    all_hashes, all_rows = all_hashes[order], all_rows[order]
    distinct = np.ones(len(all_rows), dtype=bool)  # a word twice in one key is posted once
    distinct[1:] = (all_hashes[1:] != all_hashes[:-1]) | (all_rows[1:] != all_rows[:-1])
    return all_hashes[distinct], all_rows[distinct]


def _block_words(keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(word hash, row) of the words of keys of two or more words, in row order, worked out
    over the keys' bytes at once (a loop word by word was seconds of an index build)."""
    raw = np.frombuffer("\n".join(keys).encode("ascii", "replace"), dtype=np.uint8)
    if not len(raw):
        return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.int32)
    sep = (raw == 32) | (raw == 10)
    at = np.arange(len(raw), dtype=np.int32)
    starts = np.flatnonzero(~sep & np.concatenate(([True], sep[:-1])))
    first = np.zeros(len(raw), dtype=np.int32)
    first[starts] = starts
    position = np.minimum(at - np.maximum.accumulate(first), _WORD_WIDTH - 1)
    contribution = raw.astype(np.uint32) * _POWERS[position]
    contribution[sep] = 0
    hashes = np.add.reduceat(contribution, starts, dtype=np.uint32)
    rows = np.cumsum(raw == 10, dtype=np.int32)[starts]
    several = np.bincount(rows, minlength=len(keys))[rows] >= 2
    return hashes[several], rows[several]


class KeySpace:
    def __init__(self, *, han: bool = False) -> None:
        self.han = han  # Han keys: grams are characters, which trigrams cannot see
        # key → its entry, or a list of them: most keys belong to one name, and an int
        # instead of a one-item list saves ~70 bytes a key (a 500,000-name index: 50 MB)
        self.postings: dict[str, int | list[int]] = {}
        self.keys: list[str] = []  # sorted, once finished
        self.extra: list[str] = []  # keys added since
        self.finished = False
        self.longest = 0  # characters of the longest key, once finished
        # the sorted keys as finished: trigram and word rows point into this list, which a
        # key added later must not shift
        self._frozen: list[str] = []
        self._word_hashes: np.ndarray | None = None  # sorted
        self._word_rows: np.ndarray | None = None
        self._lengths: np.ndarray | None = None  # of the finished keys
        self._starts: np.ndarray | None = None
        self._rows: np.ndarray | None = None
        self._chars: dict[str, int] = {}  # Han character → gram id

    def add(self, key: str, entry: int) -> None:
        if self.finished and key not in self.postings:
            # a key added after finish(): kept sorted for prefixes, and scanned for fuzzy and
            # word matches until the next rebuild, since the arrays do not know it
            if self.keys is self._frozen:
                self.keys = list(self.keys)
            bisect.insort(self.keys, key)
            self.extra.append(key)
            self.longest = max(self.longest, len(key))
        held = self.postings.get(key)
        if held is None:
            self.postings[key] = entry
        elif isinstance(held, int):
            self.postings[key] = [held, entry]
        else:
            held.append(entry)

    def discard(self, key: str, entry: int) -> None:
        held = self.postings.get(key)
        if held == entry:
            self.postings[key] = []  # the key stays known to the sorted list and trigrams
        elif isinstance(held, list) and entry in held:
            held.remove(entry)

    def finish(self) -> None:
        self.finished = True
        self.keys = self._frozen = sorted(self.postings)
        self.longest = max(map(len, self.keys), default=0)
        if not self.han:
            self._index_words()
        if len(self.keys) <= SCAN_MAX:
            return
        if self.han:
            rows, grams = _characters(self.keys, self._chars)
            size = len(self._chars)
        else:
            rows, grams = _trigrams(_codes(self.keys))
            size = _BASE**3
        order = np.argsort(grams, kind="stable")
        self._rows = rows[order]
        self._starts = np.searchsorted(grams[order], np.arange(size + 1)).astype(np.int32)

    def _index_words(self) -> None:
        self._word_hashes, self._word_rows = _word_postings(self._frozen)
        # only to find the shortest: a length past 255 counts as 255
        lengths = np.fromiter(map(len, self._frozen), dtype=np.int32, count=len(self._frozen))
        self._lengths = np.minimum(lengths, 255).astype(np.uint8)

    def containing(self, key: str, limit: int) -> list[str]:
        """Up to `limit` keys, shortest first, that hold every word of `key` (Han keys: every
        character run of it) in any order, other than `key` itself."""
        if self.han:
            pool = self._frozen if self._starts is None else self._candidates(key)
            found = [k for k in (*pool, *self.extra) if key in k and k != key]
            return sorted(found, key=len)[:limit]
        assert self._word_hashes is not None and self._word_rows is not None
        words = set(key.split(" "))
        rows: np.ndarray | None = None
        for word in words:
            wanted = np.uint32(_word_hash(word))
            start = np.searchsorted(self._word_hashes, wanted, side="left")
            end = np.searchsorted(self._word_hashes, wanted, side="right")
            posted = self._word_rows[start:end]
            rows = posted if rows is None else np.intersect1d(rows, posted, assume_unique=True)
        if rows is not None and len(rows) > 4 * limit:
            # a common word is in thousands of names: only the shortest are worth a look
            rows = rows[np.argpartition(self._lengths[rows], 4 * limit)[: 4 * limit]]
        pool = [self._frozen[r] for r in rows.tolist()] if rows is not None else []
        # checked word by word: a hash is not proof, and later keys are not in the arrays
        found = [k for k in (*pool, *self.extra) if k != key and words <= set(k.split(" "))]
        return sorted(found, key=len)[:limit]

    def entries(self, key: str) -> list[int]:
        held = self.postings.get(key, [])
        return [held] if isinstance(held, int) else held

    def prefixed(self, prefix: str, limit: int = 200) -> Iterator[str]:
        start = bisect.bisect_left(self.keys, prefix)
        for key in self.keys[start : start + limit]:
            if not key.startswith(prefix):
                return
            yield key

    def similar(self, key: str, *, cutoff: float, limit: int) -> list[tuple[str, float]]:
        """Keys within `cutoff` (rapidfuzz ratio) of `key`, best first."""
        pool = self.keys if self._starts is None else self._candidates(key) + self.extra
        found = process.extract(key, pool, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
        return [(match, score) for match, score, _ in found]

    def _candidates(self, key: str) -> list[str]:
        assert self._starts is not None and self._rows is not None
        if self.han:
            grams = [self._chars[c] for c in set(key) if c in self._chars]
        else:
            grams = np.unique(_trigrams(_codes([key]))[1]).tolist()
        hits = [self._rows[self._starts[g] : self._starts[g + 1]] for g in grams]
        if not hits:
            return []
        counts = np.bincount(np.concatenate(hits), minlength=len(self._frozen))
        best = np.argpartition(-counts, min(CANDIDATES, len(counts) - 1))[:CANDIDATES]
        return [self._frozen[i] for i in best if counts[i]]
