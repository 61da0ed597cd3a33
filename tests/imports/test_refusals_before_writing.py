"""Imports refuse what they cannot finish before writing anything, with a message, not a
traceback: a header-only file, an unwritable report path, an unknown encoding, a directory;
and they read large files as a stream."""

import tracemalloc
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from citydiplomacy.core.history.models import ChangeRecord
from citydiplomacy.core.runs.models import Run
from citydiplomacy.imports.tabular import FileRefused, iter_rows

pytestmark = pytest.mark.django_db
HEADER = "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"
PAIR = "Wolfsburg,Germany,52.42,10.78,Luton,England,51.88,-0.42\n"


def refused(*args: str) -> str:
    runs, changes = Run.objects.count(), ChangeRecord.objects.count()
    with pytest.raises(CommandError) as error:
        call_command("import", "twin-cities", *args, verbosity=0)
    assert (Run.objects.count(), ChangeRecord.objects.count()) == (runs, changes)
    return str(error.value)


def test_a_header_only_file_is_refused_and_no_run_is_recorded(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    path.write_text(HEADER, encoding="utf-8")
    assert "has no data rows" in refused(str(path))


def test_a_report_path_that_cannot_be_written_is_refused_before_the_import(
    tmp_path: Path,
) -> None:
    path = tmp_path / "pairs.csv"
    path.write_text(HEADER + PAIR, encoding="utf-8")
    missing_folder = tmp_path / "no-such-folder" / "report.csv"
    assert "does not exist" in refused(str(path), "--report", str(missing_folder))
    assert "is a directory" in refused(str(path), "--report", str(tmp_path))


def test_an_unknown_encoding_is_named_in_the_message(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    path.write_text(HEADER + PAIR, encoding="utf-8")
    message = refused(str(path), "--encoding", "klingon-8")
    assert "'klingon-8' is not a text encoding" in message


def test_a_directory_is_refused_as_not_a_file(tmp_path: Path) -> None:
    assert "is a directory, not a file" in refused(str(tmp_path))


def test_a_bad_byte_is_reported_on_its_line_even_far_into_the_file(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    path.write_bytes((HEADER + PAIR * 5000).encode() + b"Caf\xe9,France,,,Lyon,France,,\n")
    with pytest.raises(FileRefused, match="line 5002 is not valid utf-8-sig text"):
        list(iter_rows(path, required=["city1"]))


def test_a_large_file_is_read_with_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADER)
        for _ in range(200_000):  # about 11 MB
            handle.write(PAIR)
    tracemalloc.start()
    count = sum(1 for _row in iter_rows(path, required=["city1", "city2"]))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 200_000
    assert peak < 2_000_000, f"peak {peak} bytes for an 11 MB file"


def test_junk_is_refused_at_its_first_bad_line_without_reading_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "junk.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADER + PAIR + "just,three,fields\n")
        for _ in range(200_000):
            handle.write("x" * 50 + "\n")
    tracemalloc.start()
    with pytest.raises(FileRefused, match="line 3 has 3 fields"):
        list(iter_rows(path, required=["city1"]))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 1_000_000
