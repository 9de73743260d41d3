"""Demo content: each app registers its loader from its AppConfig.ready; ``load_demo`` runs them.

Loaders run by ascending ``order``, so a later one may use what an earlier one wrote (users
before pages, pages before documents and threads, search last of all).
"""

from collections.abc import Callable

_loaders: list[tuple[int, Callable]] = []


def register(loader, *, order: int) -> None:
    """Add ``loader(*, stdout, password)`` to the demo, to run at ``order``."""
    if (order, loader) not in _loaders:
        _loaders.append((order, loader))
        _loaders.sort(key=lambda entry: entry[0])


def loaders() -> list[Callable]:
    return [loader for _, loader in _loaders]
