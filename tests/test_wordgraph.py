"""The word graph (models/write/wordgraph.py, issue 23): tokens and text, shared nodes, the
candidate paths."""

from __future__ import annotations

import pytest

from models.write.verify import verify
from models.write.wordgraph import START, WordGraph, detokenize, tokenize
from tests.merge_cases import HEAD, PARTNER

# ---------------------------------------------------------------- tokens and text


def test_tokenize_keeps_abbreviations_numbers_and_names_whole():
    tokens = tokenize("The U.S. paid $4.2 million to Mr. Ortiz (in 2023).")
    assert [t.text for t in tokens] == [
        "The",
        "U.S.",
        "paid",
        "$4.2",
        "million",
        "to",
        "Mr.",
        "Ortiz",
        "(",
        "in",
        "2023",
        ")",
    ]
    roles = {t.text: t.key[1] for t in tokens}
    assert roles["The"] == "w"  # a capitalised opener is the word, not a name
    assert roles["Ortiz"] == "name" and roles["$4.2"] == "n" and roles["("] == "p"


def test_a_name_mid_sentence_is_not_the_common_word():
    us = tokenize("Talks with US officials went on.")[2]
    we = tokenize("Talks with us went on.")[2]
    assert us.key != we.key


@pytest.mark.parametrize(
    ("tokens", "text"),
    [
        ([("Xi", True), ("met", True), ("Blinken", True)], "Xi met Blinken."),
        ([("talks", True), (",", False), ("he", True), ("said", True)], "Talks, he said."),
        (
            [("ties", True), ("(", True), ("again", False), (")", False), ("grew", True)],
            "Ties (again) grew.",
        ),
        (
            [("to", True), ('"', True), ("stabilize", False), ('"', False), ("ties", True)],
            'To "stabilize" ties.',
        ),
        ([("U.S.", True), ("-", False), ("China", False), ("ties", True)], "U.S.-China ties."),
        ([("he", True), ("won", True), (",", False)], "He won."),
        (
            [("it", True), ("was", True), ("“", True), ("fine", False), ("”", False)],
            "It was “fine”.",
        ),
    ],
)
def test_detokenize_attaches_punctuation_and_closes_with_one_stop(tokens, text):
    assert detokenize(tokens) == text


def test_a_sentence_closes_after_its_quote():
    graph = WordGraph(['Xi said the talks were "candid and in-depth."'])
    assert graph.text(graph.paths[0]) == 'Xi said the talks were "candid and in-depth".'


# ---------------------------------------------------------------- the graph


def test_shared_words_share_nodes_and_each_sentence_is_a_path():
    graph = WordGraph([HEAD, PARTNER])
    head, partner = graph.paths
    shared = set(head) & set(partner)
    shared_words = {graph.nodes[n].key[0] for n in shared}
    assert {"storm", "killed", "12", "riverton", "coastal", "town"} <= shared_words
    for ids in graph.paths:
        assert len(ids) == len(set(ids))  # no node twice within one sentence
        assert graph.graph.has_edge(START, ids[0])


def test_a_stopword_maps_only_with_a_shared_neighbour():
    graph = WordGraph(["The council approved the budget.", "Critics of the plan left the room."])
    # "the budget" and "the plan" / "the room" have no neighbour in common: three "the" nodes
    # at most one of which is shared by both sentences.
    the = [n for n, node in enumerate(graph.nodes) if node.key[0] == "the"]
    assert len(the) >= 3


def test_edge_weights_favour_pairs_that_several_sentences_share():
    graph = WordGraph([HEAD, PARTNER])
    ids = {graph.nodes[n].key[0]: n for n in graph.paths[0]}
    shared = graph.graph[ids["storm"]][ids["killed"]]["weight"]
    single = graph.graph[ids["officials"]][ids["said"]]["weight"]
    assert shared < single


def test_candidates_are_new_sentences_from_the_sources_words():
    graph = WordGraph([HEAD, PARTNER])
    found = graph.candidates()
    texts = [t for t, _, _ in found]
    assert texts, "two sentences sharing a long span give paths"
    assert HEAD not in texts and PARTNER not in texts  # the sources' own paths are left out
    weights = [w for _, w, _ in found]
    assert weights == sorted(weights)  # lightest first
    assert any("destroyed 300 homes" in t and "Sunday" not in t for t in texts)
    for text in texts:
        assert len(text.split()) >= 8
        assert verify(text, [HEAD, PARTNER], 40).reason in ("", "unbalanced quotes")


def test_a_path_switches_sources_only_on_shared_context():
    a = "Police said Smith was arrested at 9:25 a.m. at the airport terminal."
    b = "The gunman shot Hernandez and wounded three others at the airport on Friday."
    texts = [t for t, _, _ in WordGraph([a, b]).candidates()]
    # "at the airport" is the only shared run: no path joins the two at a single word.
    assert all(not ("arrested" in t and "wounded" in t) or "at the airport" in t for t in texts)


def test_letters_written_onto_a_number_stay_with_it():
    """A path printed "$650 m" where its source had "$650m"; "9p.m." keeps its "p.m."."""
    words = [t.text for t in tokenize("It rose to $650m in the 1950s, 2nd at 9p.m. and 10am.")]
    numbers = [w for w in words if w[0].isdigit() or w[0] == "$" or w == "p.m."]
    assert numbers == ["$650m", "1950s", "2nd", "9", "p.m.", "10am"]
