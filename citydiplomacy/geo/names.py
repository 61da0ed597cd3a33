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
    folded = anyascii(text).lower() if is_latin(text) else text.casefold()
    return " ".join(_NON_WORD.split(folded)).strip()
