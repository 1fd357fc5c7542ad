"""Find the graph directory: an explicit path, then ``$REGIONGRAPH_GRAPH``, then the copy
installed inside the package (wheels carry it), then the checkout this package runs from."""

from __future__ import annotations

import os
from pathlib import Path

from regiongraph.errors import GraphNotFoundError

ENV_VAR = "REGIONGRAPH_GRAPH"
_PACKAGE_DIR = Path(__file__).resolve().parent


def _looks_like_graph(path: Path) -> bool:
    return (path / "ontology").is_dir() and (path / "data").is_dir()


def find_graph_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return the graph directory to use.

    >>> find_graph_dir().joinpath("ontology").is_dir()
    True
    """
    if explicit is not None:
        path = Path(explicit).expanduser().resolve()
        if not _looks_like_graph(path):
            raise GraphNotFoundError(
                f"{path} is not a regiongraph graph directory: it needs ontology/ and data/ "
                "folders (point --graph at the graph/ folder of a checkout)"
            )
        return path
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        path = Path(from_env).expanduser().resolve()
        if not _looks_like_graph(path):
            raise GraphNotFoundError(
                f"${ENV_VAR} points at {path}, which has no ontology/ and data/ folders: "
                f"unset it or point it at a graph/ folder"
            )
        return path
    for candidate in (_PACKAGE_DIR / "graph", _PACKAGE_DIR.parent.parent / "graph"):
        if _looks_like_graph(candidate):
            return candidate
    raise GraphNotFoundError(
        f"no graph directory found: pass --graph PATH or set ${ENV_VAR} to a graph/ folder"
    )
