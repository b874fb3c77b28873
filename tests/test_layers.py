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


def module_state(path: Path) -> list[str]:
    """What a module keeps between calls: `global` statements and module-level empty containers to fill."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [f"global {', '.join(node.names)}" for node in ast.walk(tree) if isinstance(node, ast.Global)]
    for node in tree.body:
        value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
        empty = (isinstance(value, ast.Dict) and not value.keys) or (
            isinstance(value, (ast.List, ast.Set)) and not value.elts
        )
        made = isinstance(value, ast.Call) and getattr(value.func, "id", "") in {"dict", "list", "set", "defaultdict"}
        if empty or made:
            found.append(ast.unparse(node).split("=")[0].strip())
    return found


def test_only_build_state_keeps_state_between_calls():
    kept = {path.relative_to(PACKAGE).as_posix(): module_state(path) for path in sorted(PACKAGE.rglob("*.py"))}
    # HANDED_BACK is filled by setup(), as Sphinx's own registry is: what a helper process sends back.
    assert {name: state for name, state in kept.items() if state} == {
        "build_state.py": ["global _current"],
        "pages/generated_pages.py": ["HANDED_BACK: dict[str, tuple[Callable[[], Any], Callable[[Any], None]]]"],
    }
