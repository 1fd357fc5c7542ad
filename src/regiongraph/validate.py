"""Validate the graph: the SHACL shapes of ``graph/shapes`` (with pySHACL) plus three lints that
SHACL cannot express well:

- every term the data uses (predicate, class, vocabulary concept) is declared in the ontology;
- every IRI of our data namespace that the data refers to is described (has a type);
- every source is cited by at least one claim.

Each problem names the node, the rule and the file that holds the node.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from regiongraph.namespaces import DATA, GRAPHS, ONTOLOGY, PROV, SCHEMA
from regiongraph.prefixes import shorten

Severity = Literal["violation", "warning"]

_VOCABULARY_NAMESPACES = (ONTOLOGY, "https://w3id.org/regiongraph/ontology/")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the graph."""

    severity: Severity
    file: str
    node: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.file}: {self.node}: {self.message} [{self.rule}]"


@dataclass
class ValidationReport:
    """The outcome of validating a graph. ``conforms`` is False when any violation is found."""

    problems: list[Problem] = field(default_factory=list)
    triples: int = 0

    @property
    def conforms(self) -> bool:
        return not self.violations

    @property
    def violations(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "violation"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def validate_graph(ds: Dataset, shapes: Graph) -> ValidationReport:
    """Run SHACL and the lints over a loaded dataset.

    >>> from regiongraph.load import load_graph, load_shapes
    >>> validate_graph(load_graph(), load_shapes()).conforms
    True
    """
    union = Graph()
    for triple in ds.triples((None, None, None)):
        union.add(triple)
    problems = list(shacl_problems(ds, union, shapes))
    problems += lint_undeclared_terms(ds)
    problems += lint_undescribed_iris(ds, union)
    problems += lint_unused_sources(ds, union)
    return ValidationReport(sorted(set(problems)), len(union))


def shacl_problems(ds: Dataset, data: Graph, shapes: Graph) -> Iterator[Problem]:
    """The SHACL results as problems."""
    from pyshacl import validate

    _conforms, results, _text = validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        severity: Severity = (
            "warning" if results.value(result, SH.resultSeverity) == SH.Warning else "violation"
        )
        message = shorten_iris(str(results.value(result, SH.resultMessage) or "does not conform"))
        yield Problem(
            severity,
            file_of(ds, focus),
            curie(focus),
            _rule_name(results, result, shapes),
            message,
        )


def lint_undeclared_terms(ds: Dataset) -> Iterator[Problem]:
    """Predicates, classes and vocabulary concepts used in data/ but declared nowhere."""
    declared = {s for s in _ontology_triples(ds, subjects_only=True)}
    for graph in _data_graphs(ds):
        seen: set[Node] = set()
        for s, p, o in graph:
            for term, role in ((p, "property"), (o if p == RDF.type else None, "class")):
                if term is None or term in declared or term in seen:
                    continue
                seen.add(term)
                yield Problem(
                    "violation",
                    _file(graph),
                    curie(s),
                    "lint:declared-terms",
                    f"uses the {role} {curie(term)}, which graph/ontology/ does not declare: "
                    "fix the spelling or declare it",
                )
            vocabulary = isinstance(o, URIRef) and str(o).startswith(_VOCABULARY_NAMESPACES)
            if vocabulary and o not in declared and o not in seen:
                seen.add(o)
                yield Problem(
                    "violation",
                    _file(graph),
                    curie(s),
                    "lint:declared-terms",
                    f"refers to {curie(o)}, which graph/ontology/ does not declare",
                )


def lint_undescribed_iris(ds: Dataset, union: Graph) -> Iterator[Problem]:
    """IRIs of the data namespace that are referred to but have no type anywhere."""
    typed = set(union.subjects(RDF.type, None))
    for graph in _data_graphs(ds):
        for s, _p, o in graph:
            if isinstance(o, URIRef) and str(o).startswith(DATA) and o not in typed:
                yield Problem(
                    "violation",
                    _file(graph),
                    curie(s),
                    "lint:described-iris",
                    f"refers to {curie(o)}, which is described nowhere (misspelt, or add it "
                    "to the data with a type and a label)",
                )


def lint_unused_sources(ds: Dataset, union: Graph) -> Iterator[Problem]:
    """Sources that no event, situation or entity cites."""
    cited = set(union.objects(None, PROV.wasDerivedFrom))
    source_classes = set(union.transitive_subjects(RDFS.subClassOf, SCHEMA.CreativeWork))
    for cls in source_classes:
        for source in union.subjects(RDF.type, cls):
            if source not in cited:
                yield Problem(
                    "violation",
                    file_of(ds, source),
                    curie(source),
                    "lint:unused-sources",
                    "is a source that no claim cites: cite it (prov:wasDerivedFrom) or remove it",
                )


def file_of(ds: Dataset, node: object) -> str:
    """The graph file (relative to graph/) that describes ``node``, or "-" if none does."""
    if isinstance(node, URIRef | BNode):
        for graph in ds.graphs():
            name = _file(graph)
            if name.endswith(".ttl") and (node, None, None) in graph:
                return name
    return "-"


def curie(node: object) -> str:
    """A short name for a node, using the project's prefixes.

    >>> curie(URIRef("https://w3id.org/regiongraph/id/country/TJK"))
    'country:TJK'
    """
    if isinstance(node, URIRef):
        return shorten(str(node))
    if isinstance(node, BNode):
        return "a blank node"
    return repr(str(node)) if node is not None else "-"


def shorten_iris(text: str) -> str:
    """Replace the full IRIs in a message with CURIEs.

    >>> shorten_iris("https://w3id.org/regiongraph/id/country/TJK is not a person")
    'country:TJK is not a person'
    """
    return re.sub(r"<?(https?://[^\s<>;,]+)>?", lambda m: curie(URIRef(m.group(1))), text)


def _rule_name(results: Graph, result: Node, shapes: Graph) -> str:
    shape = results.value(result, SH.sourceShape)
    component = results.value(result, SH.sourceConstraintComponent)
    path = results.value(result, SH.resultPath)
    owner = shape
    if isinstance(shape, BNode):
        owner = (
            shapes.value(None, SH.property, shape) or shapes.value(None, SH.sparql, shape) or shape
        )
    parts = [curie(owner) if isinstance(owner, URIRef) else "shape"]
    if path is not None:
        parts.append(curie(path))
    if isinstance(component, URIRef):
        parts.append(str(component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent"))
    return " ".join(parts)


def _data_graphs(ds: Dataset) -> Iterable[Graph]:
    return [g for g in ds.graphs() if _file(g).startswith("data/")]


def _ontology_triples(ds: Dataset, subjects_only: bool) -> Iterator[Node]:
    for graph in ds.graphs():
        if _file(graph).startswith("ontology/"):
            yield from graph.subjects(unique=True)


def _file(graph: Graph) -> str:
    name = str(graph.identifier)
    return name[len(GRAPHS) :] if name.startswith(GRAPHS) else "-"


def check_graph(graph_dir: str | None = None, *, use_cache: bool = True) -> ValidationReport:
    """Load and validate the graph directory; the report is cached with the graph's digest.

    >>> check_graph().conforms
    True
    """
    from regiongraph.cache import cached, graph_digest
    from regiongraph.load import load_graph, load_shapes
    from regiongraph.locate import find_graph_dir

    directory = find_graph_dir(graph_dir)

    def build() -> ValidationReport:
        return validate_graph(load_graph(directory, use_cache=use_cache), load_shapes(directory))

    return cached("validation", graph_digest(directory), build, enabled=use_cache)
