"""Turning validation errors into the readable messages every door shows (API, CLI, imports)."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def error_messages(error: ValidationError) -> dict[str, list[str]]:
    """Messages per field; messages about the record as a whole are under '__all__'."""
    if hasattr(error, "error_dict"):
        return {field: list(messages) for field, messages in error.message_dict.items()}
    return {NON_FIELD_ERRORS: list(error.messages)}


def describe(error: ValidationError) -> str:
    """One line: 'field: message; other: message', without a label for whole-record messages."""
    return "; ".join(
        " ".join(messages) if field == NON_FIELD_ERRORS else f"{field}: {' '.join(messages)}"
        for field, messages in error_messages(error).items()
    )


def error_codes(error: ValidationError) -> set[str]:
    items = (
        [item for items in error.error_dict.values() for item in items]
        if hasattr(error, "error_dict")
        else error.error_list
    )
    return {str(item.code or "") for item in items}


class FileRefused(Exception):
    """A file as a whole cannot be read as what it claims to be; nothing was written."""
