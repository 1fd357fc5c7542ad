"""A content-addressed cache: what was computed from the graph files is kept under a key made
from their bytes, so an unchanged graph is never parsed or validated twice.

The cache lives in ``$REGIONGRAPH_CACHE`` or ``$XDG_CACHE_HOME/regiongraph`` (by default
``~/.cache/regiongraph``). Entries are written atomically; an unreadable entry is rebuilt.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from regiongraph import __version__

TYPE_CHECKING = False  # typing is not imported at run time (see regiongraph.launch)
if TYPE_CHECKING:
    from typing import TypeVar

    T = TypeVar("T")


_GRAPH_SUFFIXES = {".ttl", ".rq", ".nt", ".trig", ".jsonld"}


def cache_dir() -> Path:
    """Where cached entries are kept."""
    explicit = os.environ.get("REGIONGRAPH_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "regiongraph"


def graph_files(graph_dir: Path) -> list[Path]:
    """Every file of the graph directory that shapes what is loaded, in a stable order."""
    return sorted(p for p in graph_dir.rglob("*") if p.is_file() and p.suffix in _GRAPH_SUFFIXES)


def graph_digest(graph_dir: Path) -> str:
    """A hash of the graph's files (names and bytes) and of the package version.

    >>> from regiongraph.locate import find_graph_dir
    >>> len(graph_digest(find_graph_dir()))
    64
    """
    digest = hashlib.sha256(__version__.encode())
    for path in graph_files(graph_dir):
        digest.update(path.relative_to(graph_dir).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def code_digest() -> str:
    """A hash of the package's own source, so that a cache entry never outlives the code that
    made it."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.rglob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def cached(kind: str, key: str, build: Callable[[], T], enabled: bool = True) -> T:
    """Return the entry ``kind``/``key`` from the cache, building and storing it if absent."""
    if not enabled or os.environ.get("REGIONGRAPH_NO_CACHE"):
        return build()
    import pickle
    import tempfile

    path = cache_dir() / f"{kind}-{key}-{code_digest()}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)  # type: ignore[no-any-return]
    except FileNotFoundError:
        pass
    except Exception:
        path.unlink(missing_ok=True)
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as tmp:
            pickle.dump(value, tmp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp.name, path)
    except OSError:
        pass  # a read-only cache directory costs speed, not correctness
    return value
