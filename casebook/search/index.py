"""The index of one site, as files: per language a manifest, term shards and page records.

``search/<lang>/manifest.js``
    ``{"n": pages, "kinds": [[kind, first id, end id], ...], "keys": [shard key, ...],
    "broad": [prefix, ...]}`` (both sorted).
    Page ids are given in kind order, so a kind is a range of ids and the kind filter's
    counts need nothing per page.
``search/<lang>/t/<i>.js``
    The shard of ``keys[i]``: every word that starts with the key and with no longer key.
    ``{"w": [word, ...] (sorted), "f": [family of each word], "p": [postings of each family]}``.
    A family is the words sharing a stem; its postings are page ids, delta-encoded, each
    times 16 plus the page's weight for the family: bits 0-2 BM25 (1-7), bit 3 set when the
    family is in the page's title.
``search/<lang>/p/<i>.js``
    The pages of ``broad[i]``, a prefix whose words lie in more than ``BROAD_SHARDS`` shards
    (a first letter or two at a large size): ``{"p": [postings]}``, every page holding a word
    that starts with the prefix, delta-encoded, each times 32 plus its score as search.js
    computes it from the shards (twice the page's best weight among those words, plus one when
    the best is the word equal to the prefix), so one or two letters show the best matches at
    once, from one file of at most ``PREFIX_BYTES``. A larger one keeps the best scored pages
    and says so (``"c": 0``).
``search/<lang>/d/<id>.js``
    One page: ``{"u": path from the site root, "t": title, "k": kind, "s": [[heading,
    text], ...]}``, for the result's title, section and snippet.

Each file is a script calling ``casebookSearchData.manifest|shard|doc(lang, ...)``: the
browser loads it with a ``<script>`` element, which works from ``file://`` where ``fetch``
does not. Shards start at a word's first two letters (one Han character) and are split one
letter deeper while larger than ``SHARD_BYTES``, so a query loads a few tens of kilobytes at
any size of collection.
"""

from __future__ import annotations

import bisect
import itertools
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from casebook.search.pages import KIND_ORDER, IndexedPage, script_json
from casebook.search.terms import is_han, stemmer_for

SEARCH_DIR = "search"
SHARD_BYTES = 48_000
# A prefix whose words lie in more shards than this is answered by a prefix file instead.
BROAD_SHARDS = 6
PREFIX_BYTES = 64_000
_LAST = "\U0010ffff"  # sorts after every character: prefix + _LAST follows its words
GLOBAL = "casebookSearchData"
# BM25's usual constants: term frequency saturates (k1), long pages are damped (b).
K1 = 1.2
B = 0.75
TITLE_FLAG = 8
MAX_WEIGHT = 7


@dataclass(frozen=True)
class LanguageIndex:
    lang: str
    pages: tuple[IndexedPage, ...]  # in id order
    family_of: Mapping[str, str]  # word -> its family (stem)
    postings: Mapping[str, tuple[int, ...]]  # family -> encoded postings


def index_files(pages: Iterable[IndexedPage]) -> dict[str, str]:
    """Every file of the search index of ``pages`` (paths from the site root). Pure."""
    by_lang: dict[str, list[IndexedPage]] = defaultdict(list)
    for page in pages:
        by_lang[page.lang].append(page)
    files: dict[str, str] = {}
    for lang in sorted(by_lang):
        files.update(language_files(build_language_index(lang, by_lang[lang])))
    return files


def build_language_index(lang: str, pages: Sequence[IndexedPage]) -> LanguageIndex:
    """Each family's postings: BM25 of the family on each page, from the words the pages
    counted (``IndexedPage.words``, ``times``), worked out over every pair of page and family
    at once with numpy (a Python step per pair was most of the index's time)."""
    rank = {kind: index for index, kind in enumerate(KIND_ORDER)}
    ordered = tuple(sorted(pages, key=lambda page: (rank[page.kind], page.path)))
    stem = stemmer_for(lang)
    # Words, then families, in the order the pages first have them; each stemmed once.
    every_word = dict.fromkeys(itertools.chain.from_iterable(page.words for page in ordered))
    family_of = {word: stem(word) for word in every_word}
    number = {name: at for at, name in enumerate(dict.fromkeys(family_of.values()))}
    if not number:
        return LanguageIndex(lang, ordered, family_of, {})
    word_number = {word: at for at, word in enumerate(family_of)}
    word_family = np.fromiter(map(number.__getitem__, family_of.values()), np.int64)
    words_read = itertools.chain.from_iterable(page.words for page in ordered)
    word_ids = np.fromiter(map(word_number.__getitem__, words_read), np.int64)
    total = len(ordered)
    word_pages = np.repeat(np.arange(total, dtype=np.int64), [len(page.words) for page in ordered])
    # One pair of family and page for a page's words of one family, counted together; pairs
    # sorted by family, then page: the postings' order. (Arrays freed as soon as done with:
    # 10,000 pages make some 1.5 million pairs.)
    pairs, together = np.unique(word_family[word_ids] * total + word_pages, return_inverse=True)
    del word_ids, word_pages
    times = np.fromiter(itertools.chain.from_iterable(page.times for page in ordered), np.float64)
    frequency = np.bincount(together, weights=times)
    del together, times
    families, page_ids = np.divmod(pairs, total)
    lengths = [sum(page.times) for page in ordered]
    average = sum(lengths) / len(lengths)
    document_frequency = np.bincount(families, minlength=len(number))
    # In Python, as pair by pair: the scores, and so the weights, are the same to the last bit.
    idf = np.array(
        [math.log(1 + (total - df + 0.5) / (df + 0.5)) for df in document_frequency.tolist()]
    )
    damping = np.array([K1 * (1 - B + B * length / (average or 1.0)) for length in lengths])
    score = idf[families] * frequency * (K1 + 1) / (frequency + damping[page_ids])
    del frequency
    weight = np.where(score >= MAX_WEIGHT - 1, MAX_WEIGHT, 1 + score.astype(np.int64))
    del score
    titled = [
        number[family_of[word]] * total + page_id
        for page_id, page in enumerate(ordered)
        for word in page.title_words
    ]
    weight |= np.where(np.isin(pairs, titled), TITLE_FLAG, 0)
    del pairs
    # Each page as the step from the family's page before (the first: from page 0), times 16,
    # plus its weight.
    steps = np.diff(page_ids, prepend=0)
    starts = np.searchsorted(families, np.arange(len(number)))
    steps[starts] = page_ids[starts]
    del families, page_ids
    encoded = (steps * 16 + weight).tolist()
    del steps, weight
    bounds = np.append(starts, len(encoded)).tolist()
    postings = {name: tuple(encoded[bounds[at] : bounds[at + 1]]) for name, at in number.items()}
    return LanguageIndex(lang, ordered, family_of, postings)


def language_files(index: LanguageIndex) -> dict[str, str]:
    folder = f"{SEARCH_DIR}/{index.lang}"
    lang = json.dumps(index.lang)
    shards = split_shards(index)
    files = {
        f"{folder}/t/{number}.js": f"{GLOBAL}.shard({lang},{number},{script_json(shard)});\n"
        for number, (_, shard) in enumerate(shards)
    }
    for page_id, page in enumerate(index.pages):
        # Its JSON made where the page was read (in the finishing processes).
        files[f"{folder}/d/{page_id}.js"] = f"{GLOBAL}.doc({lang},{page_id},{page.record});\n"
    keys = [k for k, _ in shards]
    broad = broad_prefixes(keys)
    scores = prefix_scores(index, broad)
    for number, prefix in enumerate(broad):
        data = script_json(prefix_file(scores[prefix]))
        files[f"{folder}/p/{number}.js"] = f"{GLOBAL}.prefix({lang},{number},{data});\n"
    manifest = {
        "n": len(index.pages),
        "kinds": kind_ranges(index.pages),
        "keys": keys,
        "broad": broad,
    }
    files[f"{folder}/manifest.js"] = f"{GLOBAL}.manifest({lang},{script_json(manifest)});\n"
    return files


def kind_ranges(pages: Sequence[IndexedPage]) -> list[list[object]]:
    ranges: list[list[object]] = []
    for page_id, page in enumerate(pages):
        if ranges and ranges[-1][0] == page.kind:
            ranges[-1][2] = page_id + 1
        else:
            ranges.append([page.kind, page_id, page_id + 1])
    return ranges


def initial_key(word: str) -> str:
    return word[:1] if is_han(word[0]) else word[:2]


def split_shards(index: LanguageIndex) -> list[tuple[str, dict[str, object]]]:
    """(key, shard) in key order; a key's words are those it starts, minus longer keys'."""
    groups: dict[str, list[str]] = defaultdict(list)
    for word in index.family_of:
        groups[initial_key(word)].append(word)
    shards: list[tuple[str, dict[str, object]]] = []
    pending = sorted(groups.items())
    while pending:
        key, members = pending.pop(0)
        shard = _shard(members, index)
        longer = [word for word in members if len(word) > len(key)]
        if longer and len(script_json(shard)) > SHARD_BYTES:
            children: dict[str, list[str]] = defaultdict(list)
            for word in longer:
                children[word[: len(key) + 1]].append(word)
            own = [word for word in members if len(word) == len(key)]
            pending = sorted([*pending, *children.items(), *([(key, own)] if own else [])])
            # The parent now holds only the word equal to its key: never split again.
            continue
        shards.append((key, shard))
    return sorted(shards, key=lambda item: item[0])


def shards_for(keys: Sequence[str], prefix: str) -> list[int]:
    """The shards that can hold words starting with ``prefix`` (search.js's ``shardsFor``):
    every key that starts with the prefix, and the deepest key the prefix starts with."""
    at = bisect.bisect_left(keys, prefix)
    numbers = list(itertools.takewhile(lambda i: keys[i].startswith(prefix), range(at, len(keys))))
    for length in range(len(prefix), 0, -1):
        deepest = bisect.bisect_left(keys, prefix[:length])
        if deepest < len(keys) and keys[deepest] == prefix[:length]:
            if deepest not in numbers:
                numbers.append(deepest)
            break
    return numbers


def broad_prefixes(keys: Sequence[str]) -> list[str]:
    """The prefixes (of shard keys: no other string reaches more than one shard) whose words
    lie in more than ``BROAD_SHARDS`` shards, sorted."""
    candidates = {key[:length] for key in keys for length in range(1, len(key) + 1)}
    return sorted(p for p in candidates if len(shards_for(keys, p)) > BROAD_SHARDS)


def prefix_scores(index: LanguageIndex, prefixes: Iterable[str]) -> dict[str, bytearray]:
    """For each prefix, page id -> the score search.js gives the page for it (0: none of the
    page's words starts with it): twice the page's best weight among the words starting with
    the prefix, plus one in the family of the word equal to the prefix.

    Longer prefixes first: a prefix's scores are the best of those of the longer prefixes in
    the list that it starts and of the words in none of them, so each posting is read about
    once (this is a tenth of the indexing time at 10,000 pages)."""
    words = sorted(index.family_of)
    plain: dict[str, bytearray] = {}  # without the exact word's point, which is the prefix's own
    found: dict[str, bytearray] = {}
    for prefix in sorted(prefixes, key=lambda p: (-len(p), p)):
        longer = [q for q in plain if q.startswith(prefix) and q != prefix]
        inner = [q for q in longer if not any(q.startswith(r) and r != q for r in longer)]
        own = words[bisect.bisect_left(words, prefix) : bisect.bisect_left(words, prefix + _LAST)]
        families = [index.family_of[word] for word in own if not word.startswith(tuple(inner))]
        best = bytearray(len(index.pages))
        for family in dict.fromkeys(families):
            _raise_scores(best, index.postings[family], 0)
        for q in inner:
            best = bytearray(map(max, best, plain[q]))
        plain[prefix] = best
        if prefix in index.family_of:
            best = bytearray(best)
            _raise_scores(best, index.postings[index.family_of[prefix]], 1)
        found[prefix] = best
    return found


def _raise_scores(best: bytearray, postings: Iterable[int], bonus: int) -> None:
    page = 0
    for value in postings:
        page += value >> 4
        score = (value & 15) * 2 + bonus
        if best[page] < score:
            best[page] = score


def prefix_file(scores: Sequence[int]) -> dict[str, object]:
    """A prefix file's data from the score of each page id (0: not a page of the prefix):
    every page when it fits in ``PREFIX_BYTES``, else the best."""
    pages = [page for page, score in enumerate(scores) if score]
    data: dict[str, object] = {"p": _prefix_postings(pages, scores)}
    if len(script_json(data)) <= PREFIX_BYTES:
        return data
    best = sorted(pages, key=lambda page: (-scores[page], page))
    keep = len(best)
    while keep and len(script_json(data)) > PREFIX_BYTES:
        keep = keep * 9 // 10
        data = {"p": _prefix_postings(sorted(best[:keep]), scores), "c": 0}
    return data


def _prefix_postings(pages: Sequence[int], scores: Sequence[int]) -> list[int]:
    previous = [0, *pages][: len(pages)]
    return [
        (page - before) * 32 + scores[page] for before, page in zip(previous, pages, strict=True)
    ]


def _shard(members: Sequence[str], index: LanguageIndex) -> dict[str, object]:
    ordered = sorted(members)
    families: dict[str, int] = {}
    for word in ordered:
        families.setdefault(index.family_of[word], len(families))
    return {
        "w": ordered,
        "f": [families[index.family_of[word]] for word in ordered],
        "p": [index.postings[family] for family in families],
    }
