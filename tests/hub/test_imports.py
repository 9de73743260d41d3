"""Imports between the apps run one way: hub <- search <- resources, discussions <- home;
the returns desk (``hub/returns``) checks its files as the library does, so it sits above
resources, and nothing but the URL root imports it.

Read from the source (every import, at the top of a module or inside a function), so a
shortcut taken inside a function body is caught as surely as one at the top.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("hub", "search", "resources", "discussions", "home", "returns")
# Where each app lives, when it is not a top-level folder of its own.
FOLDERS = {"returns": "hub/returns"}
# What each app may import besides itself. hub/urls.py is the one module above every app.
MAY_IMPORT = {
    "hub": set(),
    "search": {"hub"},
    "resources": {"hub", "search"},
    "discussions": {"hub", "search"},
    "home": {"hub", "search", "resources", "discussions"},
    "returns": {"hub", "search", "resources"},
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
    return {_app_of(name) for name in names} & set(APPS)


def _app_of(dotted: str) -> str:
    for app, folder in FOLDERS.items():
        prefix = folder.replace("/", ".")
        if dotted == prefix or dotted.startswith(prefix + "."):
            return app
    return dotted.split(".")[0]


def _modules(app):
    folder = ROOT / FOLDERS.get(app, app)
    inner = [ROOT / other for other in FOLDERS.values() if (ROOT / other).parent == folder]
    return sorted(
        path for path in folder.rglob("*.py") if not any(path.is_relative_to(sub) for sub in inner)
    )


def edges():
    """(module, app it imports) for every import of another app."""
    found = []
    for app in APPS:
        for path in _modules(app):
            module = str(path.relative_to(ROOT))
            found += [(module, other) for other in _imported_apps(path) if other != app]
    return found


def _app_of_module(module: str) -> str:
    return _app_of(module.removesuffix(".py").replace("/", "."))


@pytest.mark.parametrize("app", APPS)
def test_each_app_imports_only_the_apps_below_it(app):
    wrong = [
        (module, other)
        for module, other in edges()
        if _app_of_module(module) == app and module not in TOP and other not in MAY_IMPORT[app]
    ]
    assert wrong == []


def test_no_migration_imports_a_project_module():
    # A migration runs as it was written: a project module it imports may change later.
    # The library's migration keeps its upload path, which Django must import by name.
    allowed = {
        ("resources/migrations/0001_initial.py", "resources"),
        # Its answer files' private storage and upload path, by name, likewise.
        ("hub/returns/migrations/0001_initial.py", "returns"),
    }
    found = []
    for app in APPS:
        for path in (ROOT / FOLDERS.get(app, app)).rglob("migrations/*.py"):
            module = str(path.relative_to(ROOT))
            found += [(module, name) for name in _imported_apps(path)]
    assert [edge for edge in found if edge not in allowed] == []
