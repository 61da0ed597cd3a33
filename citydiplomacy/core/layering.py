"""The layering check: imports point only down, from the site to the office apps, to the
public domains, to the base (gazetteer, sources), to the core.

Each app declares its layer on its AppConfig (`layer = "public"`); the order of the layers
and the layer of modules outside any app are the contract in pyproject.toml
(`[tool.citydiplomacy.layers]`). Every import counts, including those inside functions and
under TYPE_CHECKING: a lazy import is still a dependency. Run by `scripts/test`
(`python -m citydiplomacy.core.layering`); exits 1 and names each offending import.
"""

import ast
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "citydiplomacy"


@dataclass(frozen=True)
class Violation:
    module: str
    line: int
    imported: str
    layer: str
    imported_layer: str

    def __str__(self) -> str:
        return (
            f"{self.module}:{self.line} imports {self.imported}: the {self.layer} layer may not "
            f"import the {self.imported_layer} layer above it"
        )


def _declared_layer(apps_py: Path) -> str | None:
    tree = ast.parse(apps_py.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            if names == ["layer"] and isinstance(node.value.value, str):
                return node.value.value
    return None


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


class LayerMap:
    """Which layer each module of the package belongs to."""

    def __init__(self, root: Path, order: list[str], modules: dict[str, str]) -> None:
        self.order = order
        self.prefixes: dict[str, str] = dict(modules)
        for apps_py in (root / PACKAGE).rglob("apps.py"):
            layer = _declared_layer(apps_py)
            package = _module_name(apps_py.parent / "__init__.py", root)
            if layer is None:
                raise SystemExit(f"{package}: its AppConfig declares no `layer`")
            if layer not in order:
                raise SystemExit(f"{package}: unknown layer {layer!r}; choose from {order}")
            self.prefixes[package] = layer

    def layer_of(self, module: str) -> str | None:
        best = ""
        for prefix in self.prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > len(best):
                best = prefix
        return self.prefixes.get(best)

    def rank(self, layer: str) -> int:
        return len(self.order) - self.order.index(layer)  # higher is further up


def _imports(path: Path, module: str) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((node.lineno, base))
            if base == PACKAGE:  # `from citydiplomacy import geo` names the package imported
                found.extend((node.lineno, f"{base}.{alias.name}") for alias in node.names)
    return found


def check(root: Path, order: list[str], modules: dict[str, str]) -> list[Violation]:
    layers = LayerMap(root, order, modules)
    violations = []
    for path in sorted((root / PACKAGE).rglob("*.py")):
        if "migrations" in path.parts:
            continue  # generated; they name other apps' migrations by label, not by import
        module = _module_name(path, root)
        layer = layers.layer_of(module)
        if layer is None:
            raise SystemExit(f"{module}: in no app and not named in the layers contract")
        for line, imported in _imports(path, module):
            if not imported.startswith(PACKAGE + "."):
                continue
            target = layers.layer_of(imported)
            if target is not None and layers.rank(target) > layers.rank(layer):
                violations.append(Violation(module, line, imported, layer, target))
    return violations


def contract(root: Path) -> tuple[list[str], dict[str, str]]:
    data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    layers = data["tool"]["citydiplomacy"]["layers"]
    return list(layers["order"]), dict(layers["modules"])


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[2]
    order, modules = contract(root)
    violations = check(root, order, modules)
    for violation in violations:
        print(violation)
    if violations:
        print(f"{len(violations)} import(s) break the layers {' > '.join(order)}.")
        return 1
    print(f"Layers kept: {' > '.join(order)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
