"""What the load adds to the asserted graph, into the named graph ``.../graph/derived``:

1. Date normalisation (here in Python, since SPARQL has no calendar arithmetic): for every event
   and situation, ``rg:datePrecision`` from the datatype of its date, and the SEM bounds
   ``sem:hasEarliestBeginTimeStamp``, ``sem:hasLatestBeginTimeStamp``,
   ``sem:hasEarliestEndTimeStamp`` and ``sem:hasLatestEndTimeStamp`` as ``xsd:date``, so that
   range filters and "as of" questions are right for month- or year-precise facts.
2. Shortcut edges: every ``graph/rules/*.rq`` SPARQL CONSTRUCT query, run over the union.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql import prepareQuery

from regiongraph.dates import FuzzyDate, from_literal
from regiongraph.errors import GraphSyntaxError
from regiongraph.namespaces import DERIVED_GRAPH, RG, SCHEMA, SEM, TIME

_UNIT = {"day": TIME.unitDay, "month": TIME.unitMonth, "year": TIME.unitYear}


def apply_derivations(ds: Dataset, graph_dir: Path) -> Graph:
    """Add the derived triples to ``ds`` and return the derived graph."""
    derived = ds.graph(URIRef(DERIVED_GRAPH))
    add_date_bounds(ds, derived)
    for rule in sorted((graph_dir / "rules").glob("*.rq")):
        for triple in run_rule(ds, rule):
            derived.add(triple)
    return derived


def add_date_bounds(source: Graph, into: Graph) -> None:
    """Add precision and SEM bounds for every subject with a start date or attested date."""
    subjects = set(source.subjects(SCHEMA.startDate, None)) | set(
        source.subjects(RG.attestedOn, None)
    )
    for subject in subjects:
        start = _first_date(source, subject, SCHEMA.startDate)
        attested = _first_date(source, subject, RG.attestedOn)
        end = _first_date(source, subject, SCHEMA.endDate)
        begin = start or attested
        if begin is None:
            continue
        into.add((subject, RG.datePrecision, _UNIT[begin.precision]))
        into.add((subject, SEM.hasEarliestBeginTimeStamp, _day(begin.earliest)))
        into.add((subject, SEM.hasLatestBeginTimeStamp, _day(begin.latest)))
        if end is not None:
            into.add((subject, SEM.hasEarliestEndTimeStamp, _day(end.earliest)))
            into.add((subject, SEM.hasLatestEndTimeStamp, _day(end.latest)))
        elif not _is_situation(source, subject):
            # An event without an end date ends within its own date.
            into.add((subject, SEM.hasEarliestEndTimeStamp, _day(begin.earliest)))
            into.add((subject, SEM.hasLatestEndTimeStamp, _day(begin.latest)))


def run_rule(ds: Dataset, rule: Path) -> Graph:
    """Run one CONSTRUCT rule over the union graph."""
    try:
        query = prepareQuery(rule.read_text(encoding="utf-8"))
    except Exception as error:
        raise GraphSyntaxError(
            str(rule), getattr(error, "lineno", None), f"bad rule: {error}"
        ) from None
    result = ds.query(query)
    graph = result.graph
    if graph is None:
        raise GraphSyntaxError(str(rule), None, "a rule must be a SPARQL CONSTRUCT query")
    return graph


def _is_situation(g: Graph, subject: object) -> bool:
    from rdflib.namespace import RDF, RDFS

    for cls in g.objects(subject, RDF.type):  # type: ignore[arg-type]
        if cls == RG.Situation or (cls, RDFS.subClassOf, RG.Situation) in g:
            return True
    return False


def _first_date(g: Graph, subject: object, predicate: URIRef) -> FuzzyDate | None:
    for value in g.objects(subject, predicate):  # type: ignore[arg-type]
        parsed = from_literal(value)
        if parsed is not None:
            return parsed
    return None


def _day(value: object) -> Literal:
    return Literal(str(value), datatype=XSD.date)
