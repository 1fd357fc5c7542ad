import pytest

from regiongraph.errors import AmbiguousEntityError, UnknownEntityError
from regiongraph.namespaces import ID
from regiongraph.resolve import resolve_entity

TJK = ID["country/TJK"]


@pytest.mark.parametrize(
    "name",
    [
        "https://w3id.org/regiongraph/id/country/TJK",
        "<https://w3id.org/regiongraph/id/country/TJK>",
        "country:TJK",
        "TJK",
        "tjk",
        "Tajikistan",
        "  TAJIKISTAN ",
        "Таджикистан",
        "Тоҷикистон",
    ],
)
def test_names_resolve_to_tajikistan(ds, name):
    assert resolve_entity(ds, name) == TJK


def test_aliases_and_transliterations(ds):
    assert resolve_entity(ds, "Emomali Rakhmon") == ID["person/emomali-rahmon"]
    assert resolve_entity(ds, "Эмомали Рахмон") == ID["person/emomali-rahmon"]
    assert resolve_entity(ds, "Islamic Emirate") == ID["organization/islamic-emirate"]
    assert resolve_entity(ds, "Taliban") == ID["organization/taliban"]


def test_unknown_names_get_suggestions(ds):
    with pytest.raises(UnknownEntityError) as caught:
        resolve_entity(ds, "Tajikstan")
    assert "Tajikistan" in caught.value.suggestions
    assert "Did you mean" in str(caught.value)


def test_nothing_close_gives_no_suggestion(ds):
    with pytest.raises(UnknownEntityError) as caught:
        resolve_entity(ds, "qqqqqqqqqqqq")
    assert caught.value.suggestions == []


def test_ambiguous_names_list_the_candidates(ds):
    from rdflib import Graph, Literal
    from rdflib.namespace import RDF, RDFS

    g = Graph()
    for local in ("a", "b"):
        g.add((ID["person/" + local], RDF.type, RDFS.Resource))
        g.add((ID["person/" + local], RDFS.label, Literal("Same Name", lang="en")))
    with pytest.raises(AmbiguousEntityError, match="person:a, person:b"):
        resolve_entity(g, "same name")
