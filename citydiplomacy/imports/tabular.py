"""Reading delimited text files into rows, refusing files that are not what they claim.

A file is refused as a whole, before anything is written, when it cannot be decoded, when
its delimiter is not the expected one, or when a required column is missing; the message
says what is wrong and how to fix it. Rows keep the line number they came from, so every
later message can point at it.
"""

import codecs
import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citydiplomacy.core.errors import FileRefused

__all__ = ["FileRefused", "Row", "read_rows", "read_text"]


@dataclass(frozen=True)
class Row:
    number: int
    values: dict[str, str]

    def get(self, column: str, default: str = "") -> str:
        return (self.values.get(column) or default).strip()


def _refuse_unreadable(path: Path, encoding: str) -> None:
    """Refuse, with a message, a path that is not a readable file or an unknown encoding."""
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise FileRefused(
            f"{encoding!r} is not a text encoding Python knows; use e.g. utf-8, latin-1 or cp1252."
        ) from None
    if path.is_dir():
        raise FileRefused(f"{path}: is a directory, not a file; give the file inside it.")
    if not path.exists():
        raise FileRefused(f"{path}: no such file.")


def _not_text(path: Path, encoding: str, line: int, byte: int) -> FileRefused:
    return FileRefused(
        f"{path}: line {line} is not valid {encoding} text (byte 0x{byte:02x}). "
        "Save the file as UTF-8, or give its encoding with --encoding (e.g. latin-1)."
    )


def _first_bad_byte(path: Path, encoding: str) -> tuple[int, int]:
    """(line, byte value) of the first byte `encoding` cannot decode, reading in chunks.

    The text reader fails a whole chunk ahead of the bad line, so the line is found again
    from the bytes, without holding the file in memory.
    """
    decoder = codecs.getincrementaldecoder(encoding)()
    line = 1
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                line += chunk[: max(error.start, 0)].count(b"\n")
                return line, error.object[error.start]
            line += chunk.count(b"\n")
    return line, 0


def read_text(path: Path, encoding: str = "utf-8-sig") -> str:
    _refuse_unreadable(path, encoding)
    try:
        return path.read_text(encoding=encoding)
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise _not_text(path, encoding, line, error.object[error.start]) from None
    except OSError as error:
        raise FileRefused(f"{path}: cannot be read ({error.strerror}).") from None


def read_rows(
    path: Path,
    *,
    required: Sequence[str],
    delimiter: str = ",",
    encoding: str = "utf-8-sig",
) -> list[Row]:
    """All data rows of a delimited file whose header has every `required` column."""
    return list(iter_rows(path, required=required, delimiter=delimiter, encoding=encoding))


def iter_rows(
    path: Path,
    *,
    required: Sequence[str],
    delimiter: str = ",",
    encoding: str = "utf-8-sig",
) -> Iterator[Row]:
    """The data rows of a delimited file, read as a stream.

    Memory stays bounded by the longest record, whatever the file's size; a malformed file is
    refused at its first bad line without reading the rest.
    """
    _refuse_unreadable(path, encoding)
    try:
        with path.open(encoding=encoding, newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter, strict=True)
            try:
                header = next(reader, None)
                while header is not None and not any(cell.strip() for cell in header):
                    header = next(reader, None)  # blank lines before the header
                if header is None:
                    raise FileRefused(f"{path}: the file is empty.")
                missing = [column for column in required if column not in header]
                if missing:
                    line = delimiter.join(header)
                    raise FileRefused(_header_problem(path, line, header, missing, delimiter))
                yield from _rows(reader, header, path)
            except csv.Error as error:
                hint = " (the file may be truncated)" if "end of data" in str(error) else ""
                raise FileRefused(f"{path}: line {reader.line_num}: {error}{hint}.") from None
            except UnicodeDecodeError:
                # The text reader fails a chunk ahead of the bad line: find it in the bytes.
                raise _not_text(path, encoding, *_first_bad_byte(path, encoding)) from None
    except OSError as error:
        raise FileRefused(f"{path}: cannot be read ({error.strerror}).") from None


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


def _rows(reader: Any, header: list[str], path: Path) -> Iterator[Row]:
    for record in reader:
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            raise FileRefused(
                f"{path}: line {reader.line_num} has {len(record)} fields but the header has "
                f"{len(header)}; the file may be truncated, or that line badly quoted."
            )
        yield Row(reader.line_num, dict(zip(header, record, strict=False)))
