"""Query text operations that need no RDF library: placing a VALUES block with already
serialised terms into the WHERE groups that use them, and telling cheaply whether a query
might reach outside the graph.

>>> values_into_text("SELECT ?x WHERE { ?x ?p ?n }", ["n"], ["3"])
'SELECT ?x WHERE { VALUES (?n) { (3) }  ?x ?p ?n }'
>>> may_reach_outside('SELECT ?x WHERE { ?x <http://e.org/#a> "SERVICE" } # FROM')
False
>>> may_reach_outside("SELECT ?x FROM <http://e.org/g> WHERE { ?x ?p ?o }")
True
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from regiongraph.errors import RegionGraphError
from regiongraph.prefixes import PREFIXES


def values_into_text(text: str, names: Sequence[str], terms: Sequence[str]) -> str:
    """``text`` with ``VALUES (?names) { (terms) }`` at the start of each WHERE group that uses
    one of the names (subqueries included); ``terms`` are RDF terms already serialised."""
    if not names:
        return text
    for name in names:
        if not _VARIABLE_NAME.fullmatch(name):
            raise RegionGraphError(f"invalid parameter name {name!r}")
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(terms)}) }} "
    for start in _value_places(text, tuple(names)):
        text = text[:start] + block + text[start:]
    return text


_VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@functools.lru_cache(maxsize=256)
def _value_places(text: str, names: tuple[str, ...]) -> tuple[int, ...]:
    """Where the VALUES block goes in ``text``, last place first (a pure function of the text,
    kept for the named queries that are bound again and again)."""
    masked = _mask(text)
    groups = [(m.end(), _closing_brace(masked, m.end() - 1)) for m in _WHERE.finditer(masked)]
    if not groups:
        raise RegionGraphError(
            "cannot bind parameters into a query without a 'WHERE {' clause: add the WHERE keyword"
        )
    used = re.compile(r"[?$](" + "|".join(map(re.escape, names)) + r")\b")
    targets = [start for start, end in groups if used.search(_own_text(masked, start, end, groups))]
    return tuple(sorted(targets or [groups[0][0]], reverse=True))


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)

# The lexemes in which a keyword is not a keyword, matched left to right as a SPARQL tokenizer
# does: long and short strings, IRIs (by the IRIREF grammar, which allows no space and no brace,
# so a '#' inside one never starts a comment) and comments.
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\''
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n\r]*",
    re.DOTALL,
)
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:", re.IGNORECASE)


@functools.lru_cache(maxsize=256)
def with_project_prefixes(text: str) -> str:
    """``text`` preceded by a declaration of each project prefix that it may use and does not
    declare itself, so that a user's query can write ``country:TJK`` as the files do. Only those
    prefixes: the engine parses every declaration it is given, and a named query declares its
    own. A prefix counts as used when ``name:`` occurs anywhere (a declaration too many is
    harmless; one too few would not be).

    >>> with_project_prefixes("SELECT * { ?c a rg:Country }").splitlines()[0]
    'PREFIX rg: <https://w3id.org/regiongraph/ontology#>'
    >>> with_project_prefixes("PREFIX rg: <urn:x#> SELECT * { ?c a rg:Country }")[:6]
    'PREFIX'
    >>> with_project_prefixes("ASK {}")
    'ASK {}'
    """
    declared = set(_DECLARED.findall(text))
    missing = (f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items()
               if name not in declared and f"{name}:" in text)  # fmt: skip
    return "".join(missing) + text


_REACHING_OUT = re.compile(r"\b(?:SERVICE|FROM)\b", re.IGNORECASE)


@functools.lru_cache(maxsize=256)
def may_reach_outside(text: str) -> bool:
    """False when the query text certainly has no SERVICE and no FROM clause: neither word
    appears outside its strings and comments, and the text has no ``\\u`` escape (which the
    standard expands before parsing). True means only that a full parse must decide (the word
    may be in an IRI or a prefixed name), so the answer is cheap and never wrong."""
    if "\\u" in text or "\\U" in text:
        return True
    code = _OPAQUE.sub(lambda m: m.group(0) if m.group(0).startswith("<") else " ", text)
    return _REACHING_OUT.search(code) is not None


def _closing_brace(text: str, opening: int) -> int:
    depth = 0
    for index in range(opening, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    return len(text)


def _own_text(text: str, start: int, end: int, groups: list[tuple[int, int]]) -> str:
    """A group's text without the bodies of the subqueries nested in it."""
    own = text[start:end]
    for inner_start, inner_end in groups:
        if start < inner_start and inner_end <= end:
            offset = inner_start - start
            own = (
                own[:offset]
                + " " * (inner_end - inner_start)
                + own[offset + inner_end - inner_start :]
            )
    return own


def _mask(text: str) -> str:
    """The text with comments, strings and IRIs blanked out, same length, so keywords inside
    them are not matched."""
    pattern = re.compile(r'#[^\n]*|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>')
    return pattern.sub(lambda m: " " * len(m.group(0)), text)
