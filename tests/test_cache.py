"""The cache's housekeeping: the digest memo (a warm command reads the graph's and the package's
digests from a memo kept under the files' stat signature, and never trusts it once any file may
have changed), and pruning what earlier versions left behind."""

import hashlib
import os
import time
from pathlib import Path

import pytest

from regiongraph import cache
from regiongraph.cache import code_digest, graph_digest
from regiongraph.queries import find_query


@pytest.fixture
def trusting(monkeypatch: pytest.MonkeyPatch, private_cache: Path) -> Path:
    """Memos are written even for files changed a moment ago (a fresh copy is that young)."""
    monkeypatch.setattr(cache, "_RECENT_NS", 0)
    return private_cache


def _refuse_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("hashed again although no file changed")

    monkeypatch.setattr(hashlib, "sha256", refuse)


def _hashed(graph: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    with monkeypatch.context() as patch:
        patch.setenv("REGIONGRAPH_NO_CACHE", "1")
        return graph_digest(graph)


def test_an_unchanged_graph_is_not_hashed_again(graph_copy, trusting, monkeypatch):
    first = graph_digest(graph_copy)
    assert cache._memo_path("graph", graph_copy).exists()
    _refuse_hashing(monkeypatch)
    assert graph_digest(graph_copy) == first


def test_the_memo_gives_what_hashing_gives(graph_copy, trusting, monkeypatch):
    graph_digest(graph_copy)
    assert graph_digest(graph_copy) == _hashed(graph_copy, monkeypatch)
    code = code_digest()
    _refuse_hashing(monkeypatch)
    assert code_digest() == code


def test_an_edit_that_keeps_size_and_modification_time_is_seen(graph_copy, trusting, monkeypatch):
    before = graph_digest(graph_copy)
    target = graph_copy / "ontology" / "regiongraph.ttl"
    status = target.stat()
    text = target.read_bytes()
    index = text.index(b"Islamic Emirate")
    target.write_bytes(text[:index] + b"Islamic_Emirate" + text[index + 15 :])
    os.utime(target, ns=(status.st_atime_ns, status.st_mtime_ns))  # as a careless tool might
    assert target.stat().st_size == status.st_size
    after = graph_digest(graph_copy)
    assert after != before
    assert after == _hashed(graph_copy, monkeypatch)


def test_a_removed_file_changes_the_digest(graph_copy, trusting, monkeypatch):
    before = graph_digest(graph_copy)
    next((graph_copy / "queries").glob("*.rq")).unlink()
    assert graph_digest(graph_copy) not in (before, "")
    assert graph_digest(graph_copy) == _hashed(graph_copy, monkeypatch)


def test_files_changed_a_moment_ago_get_no_memo(graph_copy, private_cache):
    (graph_copy / "data" / "extra.ttl").write_text("# a new, empty file\n")
    graph_digest(graph_copy)
    assert not cache._memo_path("graph", graph_copy).exists()


def test_a_damaged_memo_is_not_trusted(graph_copy, trusting, monkeypatch):
    right = graph_digest(graph_copy)
    memo = cache._memo_path("graph", graph_copy)
    memo.write_text(memo.read_text()[:200])
    assert graph_digest(graph_copy) == right
    memo.write_text(memo.read_text() + "a second digest line\n")
    assert graph_digest(graph_copy) == right


def test_no_memo_when_the_cache_is_off(graph_copy, trusting, monkeypatch):
    monkeypatch.setenv("REGIONGRAPH_NO_CACHE", "1")
    graph_digest(graph_copy)
    assert not cache._memo_path("graph", graph_copy).exists()


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("REGIONGRAPH_CACHE", str(folder))
    return folder


def _stale_entries(folder: Path) -> list[Path]:
    old = f"{'0' * 64}-{'0' * 16}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"dataset-{old}.pickle").write_bytes(b"x" * 1000)
    (folder / f"dataset-{'1' * 64}.pickle").write_bytes(b"x" * 10)  # an earlier naming
    store = folder / f"oxigraph-{old}"
    store.mkdir()
    (store / "000001.sst").write_bytes(b"y" * 5000)
    abandoned = folder / ".oxigraph-abandoned"
    abandoned.mkdir()
    two_hours_ago = time.time() - 7200
    os.utime(abandoned, (two_hours_ago, two_hours_ago))
    older = folder / f"dataset-{'1' * 64}.pickle"
    return [folder / f"dataset-{old}.pickle", older, store, abandoned]


def test_prune_keeps_what_the_current_graph_uses(graph_copy, own_cache, monkeypatch):
    from regiongraph import fastquery
    from regiongraph import load as load_module
    from regiongraph.cache import cache_usage, prune_cache
    from regiongraph.load import load_graph

    # Digest memos written at once, so none appears between the two counts below because the
    # fresh copy's files have meanwhile become old enough to trust (as they did once on CI).
    monkeypatch.setattr(cache, "_RECENT_NS", 0)
    load_graph(graph_copy)
    fastquery.compiled_store(graph_copy)
    stale = _stale_entries(own_cache)
    in_progress = own_cache / ".oxigraph-being-written"
    in_progress.mkdir()
    before = cache_usage()
    removed = prune_cache(graph_copy)
    assert removed.entries == len(stale) and removed.size >= 6010
    assert not any(path.exists() for path in stale) and in_progress.exists()
    assert cache_usage().entries == before.entries - len(stale)

    def refuse(_: Path) -> None:
        raise AssertionError("the current graph's entry was pruned")

    monkeypatch.setattr(load_module, "parse_graph_dir", refuse)
    assert len(load_graph(graph_copy)) > 1000
    assert fastquery.answer(graph_copy, find_query(graph_copy, "recognitions"), {}, None)


def test_prune_everything_empties_the_cache(graph_copy, own_cache):
    from regiongraph.cache import cache_usage, prune_cache
    from regiongraph.load import load_graph

    load_graph(graph_copy)
    _stale_entries(own_cache)
    prune_cache(graph_copy, everything=True)
    assert cache_usage().entries == 0


def test_the_cache_command(runner, own_cache):
    from regiongraph.cli import cli

    _stale_entries(own_cache)
    shown = runner.invoke(cli, ["cache"])
    assert shown.exit_code == 0 and f"cache: {own_cache}: 4 entries" in shown.output
    pruned = runner.invoke(cli, ["cache", "--prune"])
    assert pruned.exit_code == 0 and "removed 4 entries" in pruned.output
    wrong = runner.invoke(cli, ["cache", "--all"])
    assert wrong.exit_code == 2 and "--all goes with --prune" in wrong.output
