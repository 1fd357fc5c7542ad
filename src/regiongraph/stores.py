"""A persistent Oxigraph store kept apart from graph/, for merging the curated graph with large
external data (Wikidata extracts, event datasets) and running the same commands on millions of
triples.

``merge_files`` loads N-Triples, Turtle, RDF/XML or JSON-LD files (plain, ``.gz``, ``.bz2`` or
``.xz``) into the store with pyoxigraph's bulk loader; the curated graph (with its derived edges)
is loaded too, and reloaded whenever graph/ changes. ``open_store`` gives the store as an rdflib
``Graph`` (through oxrdflib), which every command and the endpoint accept.

pyoxigraph and oxrdflib come with the ``scale`` extra: ``pip install 'regiongraph[scale]'``.
"""

from __future__ import annotations

import bz2
import gc
import gzip
import json
import lzma
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from regiongraph.errors import RegionGraphError
from regiongraph.snapshots import remember_snapshot

if TYPE_CHECKING:
    from rdflib import Graph

ENV_VAR = "REGIONGRAPH_STORE"
_STATE = "regiongraph-store.json"
_SNAPSHOT = "curated.nt"  # the curated triples the store holds, to replace them later
_FORMATS = {
    ".nt": "application/n-triples",
    ".ntriples": "application/n-triples",
    ".ttl": "text/turtle",
    ".turtle": "text/turtle",
    ".rdf": "application/rdf+xml",
    ".xml": "application/rdf+xml",
    ".owl": "application/rdf+xml",
    ".jsonld": "application/ld+json",
    ".json": "application/ld+json",
    ".nq": "application/n-quads",
    ".trig": "application/trig",
}
_OPENERS: dict[str, Callable[[Path], Any]] = {
    ".gz": lambda p: gzip.open(p, "rb"),  # noqa: SIM115 - opened by the caller's with block
    ".bz2": lambda p: bz2.open(p, "rb"),  # noqa: SIM115
    ".xz": lambda p: lzma.open(p, "rb"),  # noqa: SIM115
}


@dataclass
class MergeResult:
    """What a merge did."""

    files: list[str]
    triples: int
    curated_reloaded: bool


def _pyoxigraph() -> Any:
    try:
        import pyoxigraph
    except ImportError:
        raise RegionGraphError(
            "merging needs pyoxigraph and oxrdflib: pip install 'regiongraph[scale]'"
        ) from None
    return pyoxigraph


def detect_format(path: Path) -> tuple[str, Callable[[Path], Any]]:
    """The RDF media type of a file from its name, and how to open it (decompressing)."""
    suffixes = [s.lower() for s in path.suffixes]
    opener: Callable[[Path], Any] = lambda p: p.open("rb")  # noqa: E731
    if suffixes and suffixes[-1] in _OPENERS:
        opener = _OPENERS[suffixes[-1]]
        suffixes = suffixes[:-1]
    if not suffixes or suffixes[-1] not in _FORMATS:
        known = ", ".join(sorted(_FORMATS))
        raise RegionGraphError(
            f"cannot tell the RDF format of {path}: name it with one of {known} "
            "(optionally followed by .gz, .bz2 or .xz)"
        )
    return _FORMATS[suffixes[-1]], opener


class _Counting:
    """A read-only stream wrapper that reports bytes read."""

    def __init__(self, stream: IO[bytes], report: Callable[[int], None]) -> None:
        self.stream, self.report = stream, report

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.report(len(data))
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def readable(self) -> bool:
        return True


def merge_files(
    store_dir: str | os.PathLike[str],
    files: list[str | os.PathLike[str]],
    graph_dir: str | os.PathLike[str] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> MergeResult:
    """Add ``files`` to the store at ``store_dir`` (created if needed), with the curated graph.

    ``progress(name, done_bytes, total_bytes)`` is called as files are read."""
    pyoxigraph = _pyoxigraph()
    paths = [Path(f) for f in files]
    for path in paths:
        if not path.is_file():
            raise RegionGraphError(f"no such file: {path}")
        detect_format(path)
    directory = Path(store_dir)
    directory.mkdir(parents=True, exist_ok=True)
    fresh = not (directory / _STATE).exists()
    store = pyoxigraph.Store(str(directory))
    reloaded = _ensure_curated(store, directory, graph_dir, fresh)
    for path in paths:
        media, opener = detect_format(path)
        total = path.stat().st_size
        done = 0

        def report(count: int, name: str = path.name, size: int = total) -> None:
            nonlocal done
            done += count
            if progress is not None:
                progress(name, done, size)

        with opener(path) as stream:
            try:
                store.bulk_load(
                    _Counting(stream, report), format=pyoxigraph.RdfFormat.from_media_type(media)
                )
            except (SyntaxError, ValueError, OSError) as error:
                raise RegionGraphError(f"{path}: cannot load: {error}") from None
    store.flush()
    triples = len(store)
    state = _read_state(directory)
    state["files"] = sorted(set(state.get("files", [])) | {str(p.resolve()) for p in paths})
    _write_state(directory, state)
    # pyoxigraph closes a store only when the object is freed. Something in a long-running
    # process (a reference cycle through it) can keep the writer open past this function, and a
    # reader opened then finds files that the writer's compaction has since removed: free it now.
    del store
    gc.collect()
    return MergeResult([str(p) for p in paths], triples, reloaded)


def _ensure_curated(store: Any, directory: Path, graph_dir: Any, fresh: bool) -> bool:
    """Load the curated graph (with derived edges) into the store's default graph, replacing
    the previous version when graph/ has changed; True if it was (re)loaded.

    The triples come from the compiled Oxigraph copy of the curated graph (built once per graph
    and code digest), dumped as N-Triples, so no rdflib parsing or serialising happens when that
    copy is in the cache. The store keeps the dump (``curated.nt``), so that a later version
    replaces it triple for triple."""
    from regiongraph.cache import graph_digest
    from regiongraph.fastquery import compiled_store
    from regiongraph.locate import find_graph_dir

    source = find_graph_dir(graph_dir)
    digest = graph_digest(source)
    state = _read_state(directory)
    if state.get("curated") == digest:
        return False
    pyoxigraph = _pyoxigraph()
    snapshot = directory / _SNAPSHOT
    previous = Path(state.get("curated_file") or snapshot)
    if previous.exists():
        with previous.open("rb") as old:
            for triple in pyoxigraph.parse(old, format=pyoxigraph.RdfFormat.N_TRIPLES):
                store.remove(pyoxigraph.Quad(triple.subject, triple.predicate, triple.object))
    compiled = pyoxigraph.Store.read_only(str(compiled_store(source)))
    curated = compiled.dump(
        format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph()
    )
    del compiled
    if fresh:
        store.bulk_load(curated, format=pyoxigraph.RdfFormat.N_TRIPLES)
    else:  # a store with data in it takes the new version in a transaction
        store.load(curated, format=pyoxigraph.RdfFormat.N_TRIPLES)
    temporary = directory / (_SNAPSHOT + ".tmp")
    temporary.write_bytes(curated)
    os.replace(temporary, snapshot)
    state.update({"curated": digest, "curated_file": str(snapshot)})
    _write_state(directory, state)
    return True


def open_store(store_dir: str | os.PathLike[str]) -> Graph:
    """The store as an rdflib Graph over oxrdflib; SPARQL runs in Oxigraph's engine."""
    directory = Path(store_dir)
    if not (directory / _STATE).exists():
        raise RegionGraphError(
            f"{directory} is not a regiongraph store: create it with 'regiongraph merge "
            f"--store {directory} FILE...'"
        )
    pyoxigraph = _pyoxigraph()
    from oxrdflib.store import OxigraphStore
    from rdflib import Graph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    # Read-only, so that any number of commands (and the endpoint) can read it at once. The
    # store's default graph holds everything merged; rdflib's default-graph identifier maps onto
    # it.
    try:
        native = pyoxigraph.Store.read_only(str(directory))
    except OSError as error:
        raise RegionGraphError(f"cannot open the store {directory}: {error}") from None
    graph = Graph(store=OxigraphStore(store=native), identifier=DATASET_DEFAULT_GRAPH_ID)
    remember_snapshot(graph)
    return graph


@contextmanager
def opened(store_dir: str | os.PathLike[str]) -> Iterator[Graph]:
    """``open_store`` as a context manager that closes the store."""
    graph = open_store(store_dir)
    try:
        yield graph
    finally:
        graph.close()


def _read_state(directory: Path) -> dict[str, Any]:
    path = directory / _STATE
    if not path.exists():
        return {}
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def _write_state(directory: Path, state: dict[str, Any]) -> None:
    temporary = directory / (_STATE + ".tmp")
    temporary.write_text(json.dumps(state, indent=1), encoding="utf-8")
    os.replace(temporary, directory / _STATE)
