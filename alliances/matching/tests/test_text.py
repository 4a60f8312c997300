"""The French analyser and the TF-IDF model behind the "similar mission" part."""

import pickle

import pytest

from alliances.matching import text
from alliances.matching.ranking import Candidate, Need, text_share
from alliances.matching.text import CONCEPT_PREFIX, TextModel, analyse, tokens
from alliances.matching.thesaurus import THESAURUS
from alliances.organisations.search.text import fold

CORPUS = [
    "Aide aux devoirs pour les collégiens du quartier des Couronneries.",
    "Soutien scolaire et sorties culturelles pour les enfants.",
    "Jardin partagé et ateliers de cuisine avec les habitants.",
    "Épicerie solidaire et aide alimentaire pour les familles.",
    "Club de football pour les jeunes du quartier.",
    "Insertion professionnelle des personnes éloignées de l'emploi.",
]


def similarity(model: TextModel, a: str, b: str) -> float:
    return text_share(Need(terms=model.terms(a)), Candidate(id=1, terms=model.terms(b)))[0]


def test_accents_case_and_stop_words_do_not_matter():
    assert tokens("ÉCOLE élémentaire de la Ville") == tokens("ecole elementaire ville")
    assert "de" not in tokens("de la")
    assert tokens("les ils cette afin") == []


def test_words_are_stemmed_singular_or_plural():
    assert tokens("collégiens") == tokens("collégien")
    assert tokens("bibliothèques municipales") == tokens("bibliotheque municipale")


def test_synonyms_become_one_concept():
    concept = [CONCEPT_PREFIX + "scolarite"]
    assert tokens("aide aux devoirs") == concept
    assert tokens("Soutien scolaire") == concept
    assert tokens("accompagnement à la scolarité") == concept
    assert tokens("Accompagnement scolaire") == concept
    assert tokens("jardins partagés") == tokens("potager") == [CONCEPT_PREFIX + "jardin"]
    assert (
        tokens("QPV")
        == tokens("politique de la ville")
        == [CONCEPT_PREFIX + "quartier_prioritaire"]
    )


def test_longest_phrase_wins():
    assert tokens("prévention de la délinquance") == [CONCEPT_PREFIX + "securite"]
    assert tokens("prévention") == [CONCEPT_PREFIX + "sante"]
    assert tokens("retour à l'emploi des jeunes") == [
        CONCEPT_PREFIX + "emploi",
        CONCEPT_PREFIX + "jeunesse",
    ]


def test_terms_are_tokens_and_neighbouring_pairs():
    assert analyse("jardin partagé au cœur du quartier") == [
        "c:jardin",
        "coeur",
        "quarti",
        "c:jardin coeur",
        "coeur quarti",
    ]
    assert analyse("") == []


def test_the_thesaurus_is_consistent():
    assert 30 <= len(THESAURUS) <= 60
    for concept, phrases in THESAURUS.items():
        assert concept == concept.lower() and " " not in concept
        for phrase in phrases:
            assert phrase == fold(phrase), phrase
            assert text._content_keys(phrase), phrase


def test_a_phrase_naming_two_concepts_is_refused(monkeypatch):
    monkeypatch.setattr(
        text, "THESAURUS", {"a": ("soutien scolaire",), "b": ("soutiens scolaires",)}
    )
    with pytest.raises(ValueError, match="two concepts"):
        text._phrase_table()


def test_synonymous_missions_are_similar():
    model = TextModel.fit(CORPUS)
    close = similarity(model, "Aide aux devoirs au collège", "Soutien scolaire au collège")
    far = similarity(model, "Aide aux devoirs au collège", "Épicerie solidaire au collège")
    assert close > 0.9
    assert close > far


def test_terms_equal_the_matrix_row():
    model = TextModel.fit(CORPUS)
    sentences = [
        *CORPUS,
        "Soutien scolaire et aide alimentaire pour les jeunes du quartier",
        "quartier quartier quartier jeunes",
        "zyxwv",
    ]
    matrix = model.matrix(sentences)
    assert matrix.dtype.name == "float32"
    for number, sentence in enumerate(sentences):
        row = matrix[number]
        expected = {
            model.names[column]: float(value)
            for column, value in zip(row.indices, row.data, strict=True)
        }
        assert model.terms(sentence) == expected
    terms = model.terms(sentences[6])
    assert len(terms) > 3
    assert sum(weight * weight for weight in terms.values()) == pytest.approx(1.0, abs=1e-6)
    assert model.vocabulary_size == len(model.names)


def test_unknown_words_are_ignored():
    model = TextModel.fit(CORPUS)
    assert model.terms("zyxwv qwerty") == {}
    assert set(model.terms("zyxwv soutien scolaire")) == {"c:scolarite"}


@pytest.mark.parametrize("corpus", [[], [""], ["le la les"]])
def test_a_model_fitted_on_nothing_still_reads(corpus):
    model = TextModel.fit(corpus)
    assert model.vocabulary_size == 0
    assert model.terms("Soutien scolaire") == {}
    assert model.matrix(["a", "b"]).shape == (2, 0)


def test_a_tiny_corpus_works():
    model = TextModel.fit(["Soutien scolaire"])
    assert model.terms("Aide aux devoirs") == {"c:scolarite": pytest.approx(1.0)}


def test_models_can_be_pickled():
    model = TextModel.fit(CORPUS)
    again = pickle.loads(pickle.dumps(model))
    assert again.terms(CORPUS[0]) == model.terms(CORPUS[0])


def test_help_of_any_kind_is_not_read_as_caregivers():
    assert "c:aidants" not in analyse("Aide juridique gratuite")
    assert "c:aidants" in analyse("Soutien aux proches aidants")
