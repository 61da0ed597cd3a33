"""Name keys: the form in which city names are compared, whatever their spelling.

"São Paulo", "Sao Paulo" and "SAO-PAULO" share the key "sao paulo"; "München" becomes
"munchen". Names written in another script keep their script (casefolded), so that a
search in that script still finds them.
"""

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

_NON_WORD = re.compile(r"[^\w]+|_+")


@lru_cache(maxsize=65536)
def _is_latin_letter(char: str) -> bool:
    return "LATIN" in unicodedata.name(char, "")


def is_latin(text: str) -> bool:
    """True when every letter in `text` is a Latin letter (with or without diacritics)."""
    return all(_is_latin_letter(ch) for ch in text if ch.isalpha())


def name_key(text: str) -> str:
    """The comparison key of a name: lower case, no accents, punctuation as single spaces."""
    if text.isascii():  # most names: nothing to transliterate (and the gazetteer has 360,000)
        folded = text.lower()
    else:
        folded = anyascii(text).lower() if is_latin(text) else text.casefold()
    return " ".join(_NON_WORD.split(folded)).strip()


def match_rank(query_key: str, key: str) -> int | None:
    """How well a name key answers a query key: 0 the same, 1 a prefix, 2 a later word
    starting with it, 3 anywhere inside; None when it does not match at all."""
    if not query_key:
        return None
    if key == query_key:
        return 0
    if key.startswith(query_key):
        return 1
    if f" {query_key}" in key:
        return 2
    if query_key in key:
        return 3
    return None


def spelling_reason(text: str, name: str) -> str:
    """Why `name` answered the query `text`, in the words of the search's reasons: "name"
    when it holds the query as typed (case aside), else "spelling: José Mujica", found only
    once accents were dropped and other scripts transliterated (typed "Jose")."""
    typed = " ".join(text.casefold().split())
    return "name" if typed in " ".join(name.casefold().split()) else f"spelling: {name}"
