"""Words as search sees them, the same at build time and in the reader's browser.

- **Folding**: NFKD, combining marks removed, lower case: "Côte" and "cote" are one word, and
  Arabic vowel marks do not split or change a word; but the Cyrillic "й" is kept (a letter
  of its own, the ending of Russian adjectives, which Snowball needs). ``search.js`` folds
  queries the same way (``normalize("NFKD")``, ``\\p{Mn}`` removed, ``toLowerCase()``).
- **Words** are runs of letters and digits (``[\\p{L}\\p{N}]+`` in the browser), so a word next
  to punctuation or in parentheses, "(MSMEs)", is the word alone.
- **Chinese** (any run of Han characters) is segmented at build time by jieba (rjieba, the Rust
  port), in search mode: "中小企业" yields 中小, 企业 and 中小企业, so a two-character word
  inside a sentence is a word of the index. Single Han characters are not indexed; a
  one-character query still finds the words that start with it.
- **Stems** (Snowball, through PyStemmer) group a word with its inflections: "communities"
  and "community" share the stem "communiti". Stems are only used at build time, to give the
  words of one family the same postings; the browser matches what the reader types against
  the words themselves, as prefixes, so it needs no stemmer of its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache

import Stemmer

# Snowball's algorithms for a language's primary subtag; others are not stemmed.
STEMMERS = {
    "ar": "arabic",
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "hi": "hindi",
    "hu": "hungarian",
    "id": "indonesian",
    "it": "italian",
    "ne": "nepali",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
}
MIN_LENGTH = 2  # shorter words (but Han words of two characters, also length 2) are not indexed

# Letters and digits, with the combining marks NFC leaves apart (Arabic, Hebrew and Cyrillic
# marks, combining diacritics): folding removes them, so they must not split a word.
_WORD = re.compile(
    r"(?:[^\W_]|[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f"
    r"\u0670\u06d6-\u06ed])+"
)
_ASCII_WORD = re.compile(rf"[a-z0-9]{{{MIN_LENGTH},}}")
# Script=Han, as the browser's \p{Script=Han}: unified ideographs, extensions, compatibility.
_HAN = re.compile(
    "[\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\U00020000-\U0003134f]"
)


_SHORT_I = re.compile("[йЙ]")
_KEEP = "\ue000"  # a private-use character: NFKD leaves it alone


@cache
def fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    # "й" is a letter of its own, which readers never type as "и", and the ending of Russian
    # adjectives: without it Snowball leaves "малый" apart from "малого". Kept through NFKD.
    kept = _SHORT_I.sub(_KEEP, unicodedata.normalize("NFC", text))
    decomposed = unicodedata.normalize("NFKD", kept)
    folded = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return folded.replace(_KEEP, "й").lower()


def is_han(character: str) -> bool:
    return _HAN.match(character) is not None


def words(text: str) -> list[str]:
    """Every indexable word of ``text``, folded, in order (repeats included)."""
    if text.isascii():  # most text of most sites: one pass of the regex engine
        return _ASCII_WORD.findall(text.lower())
    found: list[str] = []
    for token in _WORD.findall(unicodedata.normalize("NFC", text)):
        if len(token) < MIN_LENGTH:
            continue
        token = fold(token)
        if _HAN.search(token) is None:
            found.append(token)
            continue
        found.extend(
            part for part in _segment(token) if len(part) >= MIN_LENGTH and _WORD.fullmatch(part)
        )
    return found


def _segment(token: str) -> list[str]:
    import rjieba  # its dictionary loads on first use: only sites with Chinese text pay

    return list(rjieba.cut_for_search(token))


@cache
def stemmer_for(lang: str) -> Callable[[str], str]:
    """The stemmer of a language folder ("en", "fr-ca"...), or no stemming."""
    algorithm = STEMMERS.get(lang.split("-", 1)[0])
    if algorithm is None:
        return lambda word: word
    stemmer = Stemmer.Stemmer(algorithm)
    return lambda word: fold(stemmer.stemWord(word))
