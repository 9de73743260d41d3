"""Imports between the apps run one way: hub <- search <- resources, discussions <- home.

Read from the source (every import, at the top of a module or inside a function), so a
shortcut taken inside a function body is caught as surely as one at the top.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("hub", "search", "resources", "discussions", "home")
# What each app may import besides itself. hub/urls.py is the one module above every app.
MAY_IMPORT = {
    "hub": set(),
    "search": {"hub"},
    "resources": {"hub", "search"},
    "discussions": {"hub", "search"},
    "home": {"hub", "search", "resources", "discussions"},
}
TOP = {"hub/urls.py"}


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return {name.split(".")[0] for name in names} & set(APPS)


def _modules(app):
    return sorted((ROOT / app).rglob("*.py"))


def edges():
    """(module, app it imports) for every import of another app."""
    found = []
    for app in APPS:
        for path in _modules(app):
            module = str(path.relative_to(ROOT))
            found += [(module, other) for other in _imported_apps(path) if other != app]
    return found


@pytest.mark.parametrize("app", APPS)
def test_each_app_imports_only_the_apps_below_it(app):
    wrong = [
        (module, other)
        for module, other in edges()
        if module.startswith(f"{app}/") and module not in TOP and other not in MAY_IMPORT[app]
    ]
    assert wrong == []


def test_no_migration_imports_a_project_module():
    # A migration runs as it was written: a project module it imports may change later.
    # The library's migration keeps its upload path, which Django must import by name.
    allowed = {("resources/migrations/0001_initial.py", "resources")}
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("migrations/*.py"):
            module = str(path.relative_to(ROOT))
            found += [(module, name) for name in _imported_apps(path)]
    assert [edge for edge in found if edge not in allowed] == []
