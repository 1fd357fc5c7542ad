"""Memos for merged stores opened read-only: what is read from such a store stays true while
its handle is open, so a lookup repeated on the same handle (a name in every query an endpoint
answers, the set of countries behind a country parameter) is read once.

A store that ``regiongraph.stores.open_store`` opens is read-only (Oxigraph refuses every
write through it, and a writer in another process while it is open is not supported), so its
memo can never go stale. Any other graph, an in-memory one or a store opened for writing, has
no memo and is read every time.

>>> from rdflib import Graph
>>> snapshot_memo(Graph()) is None
True
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

__all__ = ["MEMO_LIMIT", "remember_snapshot", "remembered", "snapshot_memo"]

T = TypeVar("T")

MEMO_LIMIT = 4096
"""Entries one store's memo holds before it starts again (a bound on memory, not a cache
policy: the keys are names and class IRIs, few in practice)."""

# Keyed by the rdflib store object of the handle (unique per open, dropped with it).
_MEMOS: weakref.WeakKeyDictionary[Any, dict[Any, Any]] = weakref.WeakKeyDictionary()


def remember_snapshot(graph: Any) -> None:
    """Give ``graph``, a handle on a store opened read-only, a memo of its own."""
    _MEMOS[graph.store] = {}


def snapshot_memo(graph: Any) -> dict[Any, Any] | None:
    """The memo of ``graph`` when it is a read-only store's handle, else None; one that has
    reached ``MEMO_LIMIT`` entries is emptied before it is handed out."""
    store = getattr(graph, "store", None)
    if store is None:
        return None
    try:
        memo = _MEMOS.get(store)
    except TypeError:  # a store that cannot be weakly referenced is never registered
        return None
    if memo is not None and len(memo) >= MEMO_LIMIT:
        memo.clear()
    return memo


def remembered(
    graph: Any, key: Hashable, read: Callable[[], T], keep: Callable[[T], bool] = lambda _: True
) -> T:
    """``read()``, once per read-only handle for each ``key`` (values that ``keep`` refuses,
    such as large ones, are read every time); on any other graph, every time.

    >>> from rdflib import Graph
    >>> remembered(Graph(), "answer", lambda: 42)
    42
    """
    memo = snapshot_memo(graph)
    if memo is None:
        return read()
    if key in memo:
        value: T = memo[key]
        return value
    value = read()
    if keep(value):
        memo[key] = value
    return value
