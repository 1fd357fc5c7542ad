"""Small immutable records for the modules on the fast query path.

Importing ``dataclasses`` imports ``inspect`` (with ``ast``, ``dis`` and ``tokenize``): about
7 ms, a fifth of a warm ``regiongraph query`` answer. The few records that path needs (a
named query, its parameters, a date with its precision) derive from :class:`Record` instead.
Their fields are named, in order, by ``_fields`` (also their ``__slots__``), and they are
immutable, compared, hashed, ordered, printed, copied and pickled by their field values in that
order, as a frozen, ordered dataclass would be.
Every other record of the package is a dataclass.

>>> class Span(Record):
...     __slots__ = _fields = ("start", "end")
...     def __init__(self, start: int, end: int) -> None:
...         self._set(start, end)
>>> Span(1, 2) == Span(1, 2), Span(1, 2) < Span(1, 3), Span(1, 2)
(True, True, Span(start=1, end=2))
>>> Span(1, 2).as_dict()
{'start': 1, 'end': 2}
>>> Span(1, 2).start = 5
Traceback (most recent call last):
...
AttributeError: Span is immutable: make a new one
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time (see regiongraph.launch)
if TYPE_CHECKING:
    from typing import Any


class Record:
    """An immutable record whose fields are named, in order, by ``_fields``."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()

    def _set(self, *values: object) -> None:
        """Set every field, in ``_fields`` order (called once, from ``__init__``)."""
        for name, value in zip(self._fields, values, strict=True):
            object.__setattr__(self, name, value)

    def as_dict(self) -> dict[str, Any]:
        """The fields and their values, in order."""
        return {name: getattr(self, name) for name in self._fields}

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: make a new one")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: make a new one")

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({fields})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Record)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __lt__(self, other: object) -> bool:
        return self._values() < self._comparable(other)

    def __le__(self, other: object) -> bool:
        return self._values() <= self._comparable(other)

    def __gt__(self, other: object) -> bool:
        return self._values() > self._comparable(other)

    def __ge__(self, other: object) -> bool:
        return self._values() >= self._comparable(other)

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        return type(self), self._values()

    def _comparable(self, other: object) -> tuple[Any, ...]:
        if type(other) is not type(self):
            raise TypeError(f"cannot order {type(self).__name__} against {type(other).__name__}")
        assert isinstance(other, Record)
        return other._values()
