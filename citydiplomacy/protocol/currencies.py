"""Currency codes (ISO 4217), checked against pycountry's list."""

import pycountry


def currency_error(code: str) -> str:
    """An error message naming the problem with `code`, or "" when it is a known currency."""
    code = (code or "").strip().upper()
    if len(code) != 3 or not code.isalpha():
        return f"{code!r} is not a currency code: use three letters (ISO 4217), e.g. EUR."
    if pycountry.currencies.get(alpha_3=code) is None:
        return f"{code!r} is not a known ISO 4217 currency code."
    return ""
