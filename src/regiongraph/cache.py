"""A content-addressed cache: what was computed from the graph files is kept under a key made
from their bytes, so an unchanged graph is never parsed or validated twice.

The cache lives in ``$REGIONGRAPH_CACHE`` or ``$XDG_CACHE_HOME/regiongraph`` (by default
``~/.cache/regiongraph``). Entries are written atomically; an unreadable entry is rebuilt.

Hashing the graph's and the package's files on every command would cost a warm command about a
tenth of its time, so each digest is memoised beside the cache entries under the files' stat
signature (name, size, modification and change times in nanoseconds, inode), as git's index
does: any edit, copy or checkout changes the signature and the files are hashed again. As in
git, a file changed less than two seconds before the memo would be written is too recent to
trust its times (a second edit within the file system's clock tick would keep them), so no memo
is written then.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from regiongraph import __version__

TYPE_CHECKING = False  # typing is not imported at run time (see regiongraph.launch)
if TYPE_CHECKING:
    from typing import TypeVar

    T = TypeVar("T")


_GRAPH_SUFFIXES = {".ttl", ".rq", ".nt", ".trig", ".jsonld"}
_RECENT_NS = 2_000_000_000  # a file younger than this when the memo is written is not trusted


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
    files = graph_files(graph_dir)
    names = [path.relative_to(graph_dir).as_posix() for path in files]

    def compute() -> str:
        import hashlib

        digest = hashlib.sha256(__version__.encode())
        for name, path in zip(names, files, strict=True):
            digest.update(name.encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
        return digest.hexdigest()

    return _memoised("graph", graph_dir, files, names, compute)


def code_digest() -> str:
    """A hash of the package's own source, so that a cache entry never outlives the code that
    made it."""
    package = _PACKAGE_DIR
    files = sorted(package.rglob("*.py"))
    names = [path.name for path in files]

    def compute() -> str:
        import hashlib

        digest = hashlib.sha256()
        for name, path in zip(names, files, strict=True):
            digest.update(name.encode() + b"\0" + path.read_bytes())
        return digest.hexdigest()[:16]

    return _memoised("code", package, files, names, compute)


_PACKAGE_DIR = Path(__file__).resolve().parent


def _memoised(
    kind: str, root: Path, files: list[Path], names: list[str], compute: Callable[[], str]
) -> str:
    """``compute()``, or the value memoised for these files while their stat signature holds."""
    if os.environ.get("REGIONGRAPH_NO_CACHE"):
        return compute()
    import time

    lines = [f"{kind} {root} {__version__}"]
    newest = 0
    try:
        for name, path in zip(names, files, strict=True):
            status = path.stat()
            newest = max(newest, status.st_mtime_ns, status.st_ctime_ns)
            lines.append(
                f"{name}\t{status.st_size}\t{status.st_mtime_ns}\t{status.st_ctime_ns}"
                f"\t{status.st_ino}"
            )
    except OSError:
        return compute()  # the hash reports what cannot be read
    signature = "\n".join(lines) + "\n"
    memo = _memo_path(kind, root)
    try:
        kept = memo.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        kept = ""
    if kept.startswith(signature) and kept.count("\n") == signature.count("\n") + 1:
        value = kept[len(signature) :].strip()
        if value:
            return value
    value = compute()
    if time.time_ns() - newest > _RECENT_NS:
        _write_atomically(memo, signature + value + "\n")
    return value


def _memo_path(kind: str, root: Path) -> Path:
    import zlib

    return cache_dir() / f"digest-{kind}-{zlib.crc32(str(root).encode()):08x}.txt"


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file; a read-only cache costs only speed."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        import contextlib  # not at the top: it costs a warm command 2 ms

        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


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


class CacheUsage:
    """What the cache folder holds: its entries and their total size in bytes."""

    def __init__(self, folder: Path, entries: int, size: int) -> None:
        self.folder, self.entries, self.size = folder, entries, size

    def __repr__(self) -> str:
        return f"CacheUsage({str(self.folder)!r}, entries={self.entries}, size={self.size})"


_IN_PROGRESS_SECONDS = 3600  # a temporary entry younger than this may still be being written


def cache_usage() -> CacheUsage:
    """How many entries the cache holds and how many bytes they take."""
    folder = cache_dir()
    entries = list(folder.iterdir()) if folder.is_dir() else []
    return CacheUsage(folder, len(entries), sum(_size(entry) for entry in entries))


def prune_cache(graph_dir: Path, everything: bool = False) -> CacheUsage:
    """Remove every cache entry made for another version of ``graph_dir``'s files or of the
    package (or every entry, with ``everything``), and return what was removed. Digest memos
    are kept unless ``everything``; temporary entries younger than an hour are left alone, as
    another command may be writing them.

    Another regiongraph process reading an entry while it is removed may fail: prune when none
    is running."""
    import shutil
    import time

    folder = cache_dir()
    if not folder.is_dir():
        return CacheUsage(folder, 0, 0)
    current = f"-{graph_digest(graph_dir)}-{code_digest()}"
    removed, freed = 0, 0
    for entry in sorted(folder.iterdir()):
        name = entry.name
        temporary = name.startswith(".") or name.endswith(".tmp")
        if not everything and (current in name or name.startswith("digest-")):
            continue
        try:
            if temporary and time.time() - entry.stat().st_mtime < _IN_PROGRESS_SECONDS:
                continue
            size = _size(entry)
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        except OSError:
            continue  # gone meanwhile, or not ours to remove: the next prune tries again
        removed, freed = removed + 1, freed + size
    return CacheUsage(folder, removed, freed)


def _size(entry: Path) -> int:
    try:
        if entry.is_dir() and not entry.is_symlink():
            return sum(p.stat().st_size for p in entry.rglob("*") if p.is_file())
        return entry.stat().st_size
    except OSError:
        return 0
