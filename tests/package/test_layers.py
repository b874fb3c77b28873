"""The package's layers import only downward (data, model, rendering, pages, cli); one variable alone keeps state."""

import ast
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import groupsite

PACKAGE = Path(groupsite.__file__).parent
LAYERS = ["data", "model", "rendering", "pages", "cli"]
# The package's own modules, beside the layers: what every layer may use.
OWN = ["__init__.py", "__main__.py", "build_state.py", "garbage_collection.py", "internals.py", "links.py",
       "options.py", "translations.py", "versioning.py", "warned_pages.py"]  # fmt: skip


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = [module_name(path) for path in sorted(PACKAGE.rglob("*.py")) if path.name != "__main__.py"]
IMPORTED = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] in ("groupsite", "sphinxcontrib"))))
"""


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def imported_in_a_fresh_interpreter(module: str) -> list[str]:
    found = subprocess.run([sys.executable, "-c", IMPORTED, module], capture_output=True, text=True, check=True)
    return json.loads(found.stdout)


@pytest.fixture(scope="module")
def imported() -> dict[str, list[str]]:
    """What importing each module imports, each in an interpreter of its own (two at a time)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(MODULES, pool.map(imported_in_a_fresh_interpreter, MODULES), strict=True))


def test_importing_a_module_imports_nothing_above_its_layer(imported):
    above = {}
    for module, modules in imported.items():
        layer = layer_of(module)
        allowed = LAYERS[: LAYERS.index(layer) + 1] if layer else []
        higher = [name for name in modules if layer_of(name) and layer_of(name) not in allowed]
        if higher:
            above[module] = higher
    assert above == {}


def test_importing_the_package_imports_none_of_its_layers_nor_sphinxcontrib_bibtex(imported):
    assert imported["groupsite"] == ["groupsite"]
    # A model of names needs pybtex and the LaTeX reader, not sphinxcontrib-bibtex's machinery.
    assert not [name for name in imported["groupsite.model.names"] if name.startswith("sphinxcontrib")]


def test_every_module_sits_in_a_layer_or_is_the_package_s_own():
    assert sorted(path.name for path in PACKAGE.glob("*.py")) == sorted(OWN)
    assert {path.parent.name for path in PACKAGE.rglob("*.py") if path.parent != PACKAGE} == set(LAYERS)


def module_state(path: Path) -> list[str]:
    """What a module keeps between calls: `global` statements and module-level empty containers to fill."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [f"global {', '.join(node.names)}" for node in ast.walk(tree) if isinstance(node, ast.Global)]
    for node in tree.body:
        value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
        empty = (isinstance(value, ast.Dict) and not value.keys) or (
            isinstance(value, (ast.List, ast.Set)) and not value.elts
        )
        made = isinstance(value, ast.Call) and getattr(value.func, "id", "") in {
            "dict", "list", "set", "defaultdict", "ContextVar",
        }  # fmt: skip
        if empty or made:
            found.append(ast.unparse(node).split("=")[0].strip())
    return found


def test_only_the_build_s_context_variable_keeps_state_between_calls():
    kept = {path.relative_to(PACKAGE).as_posix(): module_state(path) for path in sorted(PACKAGE.rglob("*.py"))}
    assert {name: state for name, state in kept.items() if state} == {
        "build_state.py": ["_build: ContextVar[BuildState | None]"],
    }
