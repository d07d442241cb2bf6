"""Text to index terms, the same way the search page turns a query into terms.

A word is a run of letters and digits (`archive-search.js` uses the same
rule: /[\\p{L}\\p{N}]+/u); it is lower-cased, dropped if lunr's English stop
word filter drops it, and stemmed by lunr's Porter stemmer, which lunr.js
applies to query terms too. Stemming is cached: a vocabulary is small next
to the number of words in an archive.
"""
from __future__ import annotations

import re
from functools import lru_cache

from lunr.stemmer import PorterStemmer
from lunr.stop_word_filter import WORDS as STOP_WORDS

WORD = re.compile(r"[^\W_]+")


class LunrJsStemmer(PorterStemmer):
    """lunr.py's Porter stemmer with lunr.js's rule for a final y, which
    turns into i only after a consonant that is not the first letter
    (lunr.js: "day" -> "day", "fly" -> "fli"; lunr.py: "dai", "fly").
    Index terms must be what lunr.js makes of the same word in a query."""

    def step1c(self) -> None:
        if self.b[self.k] == "y" and self.k >= 2 and self.b[self.k - 1] not in "aeiou":
            self.b = self.b[: self.k] + "i" + self.b[self.k + 1:]


STEMMER = LunrJsStemmer()


@lru_cache(maxsize=200_000)
def term(word: str) -> str:
    """The index term of a lower-cased word; "" for a stop word."""
    return "" if word in STOP_WORDS else STEMMER.stem(word)


# For ASCII text, the word rule as a byte table: letters lower-cased, digits kept, all else a space.
ASCII_WORDS = bytes(c if chr(c).isalnum() else ord(" ") for c in range(128)).lower() + b" " * 128


def words(text: str) -> list[str]:
    """The text's lower-cased words."""
    if text.isascii():  # most text: splitting on a byte table is about twice as fast as the regex
        return text.encode("ascii").translate(ASCII_WORDS).decode("ascii").split()
    return WORD.findall(text.lower())


def terms(text: str) -> list[str]:
    return list(filter(None, map(term, words(text))))
