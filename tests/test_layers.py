"""The extension's layers import only downward: data, then model, then rendering, then pages."""

import ast
from pathlib import Path

import pytest

import groupsite

PACKAGE = Path(groupsite.__file__).parent
LAYERS = ["data", "model", "rendering", "pages"]


def imported_layers(path: Path) -> set[str]:
    """The layers of groupsite that a module imports from."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
        names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
        found |= {name.split(".")[1] for name in names if name.startswith("groupsite.") and name.count(".") >= 1}
    return found & set(LAYERS)


@pytest.mark.parametrize("layer", LAYERS)
def test_a_layer_imports_no_layer_above_it(layer):
    above = set(LAYERS[LAYERS.index(layer) + 1 :])
    modules = sorted((PACKAGE / layer).glob("*.py"))
    assert modules
    assert {path.name: imported_layers(path) & above for path in modules} == {path.name: set() for path in modules}


def test_every_module_sits_in_a_layer_or_is_the_package_s_own():
    loose = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "build_state.py", "garbage_collection.py", "internals.py", "versioning.py"]
    assert {path.parent.name for path in PACKAGE.rglob("*.py") if path.parent != PACKAGE} == set(LAYERS)
