"""Reading delimited text files into rows, refusing files that are not what they claim.

A file is refused as a whole, before anything is written, when it cannot be decoded, when
its delimiter is not the expected one, or when a required column is missing; the message
says what is wrong and how to fix it. Rows keep the line number they came from, so every
later message can point at it.
"""

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from citydiplomacy.core.errors import FileRefused

__all__ = ["FileRefused", "Row", "read_rows", "read_text"]


@dataclass(frozen=True)
class Row:
    number: int
    values: dict[str, str]

    def get(self, column: str, default: str = "") -> str:
        return (self.values.get(column) or default).strip()


def read_text(path: Path, encoding: str = "utf-8-sig") -> str:
    try:
        return path.read_text(encoding=encoding)
    except FileNotFoundError:
        raise FileRefused(f"{path}: no such file.") from None
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise FileRefused(
            f"{path}: line {line} is not valid {encoding} text "
            f"(byte 0x{error.object[error.start]:02x}). "
            "Save the file as UTF-8, or give its encoding with --encoding (e.g. latin-1)."
        ) from None


def read_rows(
    path: Path,
    *,
    required: Sequence[str],
    delimiter: str = ",",
    encoding: str = "utf-8-sig",
) -> list[Row]:
    """All data rows of a delimited file whose header has every `required` column."""
    text = read_text(path, encoding)
    if not text.strip():
        raise FileRefused(f"{path}: the file is empty.")
    header_line = text.splitlines()[0]
    header = next(csv.reader([header_line], delimiter=delimiter))
    missing = [column for column in required if column not in header]
    if missing:
        raise FileRefused(_header_problem(path, header_line, header, missing, delimiter))
    return list(_rows(text, header, delimiter, path))


def _header_problem(
    path: Path, header_line: str, header: list[str], missing: list[str], delimiter: str
) -> str:
    for other in (",", ";", "\t", "|"):
        if other != delimiter and header_line.count(other) > header_line.count(delimiter):
            shown = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "bar"}
            return (
                f"{path}: the columns seem to be separated by {shown[other]}s, not "
                f"{shown.get(delimiter, delimiter)}s. Save the file with the expected separator."
            )
    return (
        f"{path}: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
        f"(the header has: {', '.join(header)})."
    )


def _rows(text: str, header: list[str], delimiter: str, path: Path) -> Iterator[Row]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    try:
        next(reader)
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                raise FileRefused(
                    f"{path}: line {reader.line_num} has {len(record)} fields but the header has "
                    f"{len(header)}; the file may be truncated, or that line badly quoted."
                )
            yield Row(reader.line_num, dict(zip(header, record, strict=False)))
    except csv.Error as error:
        hint = " (the file may be truncated)" if "end of data" in str(error) else ""
        raise FileRefused(f"{path}: line {reader.line_num}: {error}{hint}.") from None
