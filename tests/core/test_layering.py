"""The layering check keeps imports pointing down, and says which import breaks the rule."""

import shutil
from pathlib import Path

from citydiplomacy.core import layering

ROOT = Path(__file__).resolve().parents[2]


def test_the_tree_as_it_stands_keeps_its_layers():
    order, modules = layering.contract(ROOT)
    assert layering.check(ROOT, order, modules) == []


def _copy_of_the_package(tmp_path: Path) -> Path:
    shutil.copytree(
        ROOT / "citydiplomacy",
        tmp_path / "citydiplomacy",
        ignore=shutil.ignore_patterns("__pycache__", "static", "templates", "migrations"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_a_core_module_importing_a_domain_is_named(tmp_path):
    root = _copy_of_the_package(tmp_path)
    target = root / "citydiplomacy" / "core" / "listing.py"
    target.write_text(target.read_text() + "\nfrom citydiplomacy.agreements.models import X\n")
    order, modules = layering.contract(root)
    found = layering.check(root, order, modules)
    assert [(v.module, v.imported, v.layer, v.imported_layer) for v in found] == [
        ("citydiplomacy.core.listing", "citydiplomacy.agreements.models", "core", "public")
    ]
    assert layering.main(["layering", str(root)]) == 1


def test_a_lazy_import_of_an_office_app_from_a_public_domain_counts(tmp_path):
    root = _copy_of_the_package(tmp_path)
    target = root / "citydiplomacy" / "geo" / "selectors.py"
    text = target.read_text() + "\n\ndef leak():\n    from citydiplomacy.contacts import models\n"
    target.write_text(text)
    order, modules = layering.contract(root)
    found = layering.check(root, order, modules)
    assert [(v.module, v.imported_layer) for v in found] == [
        ("citydiplomacy.geo.selectors", "office")
    ]
