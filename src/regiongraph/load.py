"""Load the graph directory into an rdflib Dataset.

Each Turtle file under ``ontology/`` and ``data/`` becomes a named graph whose IRI ends with its
path (``https://w3id.org/regiongraph/graph/data/countries.ttl``), so any triple can be traced to
its file; what the load derives (date bounds and shortcut edges, see :mod:`regiongraph.derive`)
goes to ``https://w3id.org/regiongraph/graph/derived``. The default graph is the union of all.

>>> ds = load_graph()
>>> len(ds) > 1000
True
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from regiongraph.cache import cached, graph_digest
from regiongraph.errors import GraphSyntaxError
from regiongraph.locate import find_graph_dir
from regiongraph.namespaces import GRAPHS

ASSERTED_FOLDERS = ("ontology", "data")

# rdflib logs a warning with a traceback for each ill-typed literal; the SHACL shapes report
# those properly, so the log is noise.
logging.getLogger("rdflib.term").setLevel(logging.ERROR)


def parse_turtle(path: Path, into: Graph, display: str | None = None) -> None:
    """Parse one Turtle file into a graph, turning a syntax error into GraphSyntaxError with
    the file, the line and the problem."""
    shown = display or str(path)
    try:
        into.parse(path, format="turtle")
    except BadSyntax as error:
        line = error.lines + 1 if isinstance(error.lines, int) else None
        raise GraphSyntaxError(shown, line, f"Turtle syntax error: {error._why}") from None
    except (ValueError, SyntaxError) as error:
        raise GraphSyntaxError(shown, None, f"cannot parse: {error}") from None
    except UnicodeDecodeError as error:
        raise GraphSyntaxError(shown, None, f"not UTF-8 text: {error}") from None


def turtle_files(graph_dir: Path) -> list[Path]:
    """The Turtle files that make up the graph, in a stable order."""
    return sorted(
        p for folder in ASSERTED_FOLDERS for p in (graph_dir / folder).rglob("*.ttl") if p.is_file()
    )


def graph_iri(graph_dir: Path, path: Path) -> URIRef:
    """The named-graph IRI of a file of the graph directory."""
    return URIRef(GRAPHS + path.relative_to(graph_dir).as_posix())


def file_of_graph(iri: object) -> str | None:
    """The graph-relative file path that a named-graph IRI stands for, or None."""
    text = str(iri)
    return text[len(GRAPHS) :] if text.startswith(GRAPHS) and text.endswith(".ttl") else None


def parse_graph_dir(graph_dir: Path) -> Dataset:
    """Parse every Turtle file into its own named graph of a new Dataset (no derivation)."""
    ds = Dataset(default_union=True)
    for path in turtle_files(graph_dir):
        parse_turtle(
            path, ds.graph(graph_iri(graph_dir, path)), display=_display_path(graph_dir, path)
        )
    return ds


def load_graph(
    graph_dir: str | os.PathLike[str] | None = None, *, use_cache: bool = True
) -> Dataset:
    """Load, derive and return the graph as a Dataset whose default graph is the union.

    The result is cached by the content of the graph files (see :mod:`regiongraph.cache`).
    """
    from regiongraph.derive import apply_derivations

    directory = find_graph_dir(graph_dir)

    def build() -> Dataset:
        ds = parse_graph_dir(directory)
        apply_derivations(ds, directory)
        return ds

    return cached("dataset", graph_digest(directory), build, enabled=use_cache)


def load_shapes(graph_dir: str | os.PathLike[str] | None = None) -> Graph:
    """The SHACL shapes of ``graph_dir/shapes`` as one graph."""
    directory = find_graph_dir(graph_dir)
    shapes = Graph()
    for path in sorted((directory / "shapes").glob("*.ttl")):
        parse_turtle(path, shapes, display=_display_path(directory, path))
    return shapes


def _display_path(graph_dir: Path, path: Path) -> str:
    """A path as the user would type it: relative to the working directory when possible."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)
