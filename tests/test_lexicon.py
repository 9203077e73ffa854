"""The lexicon as data: for each list, which words of a real sentence it holds; for the stemmer
and the finite-verb test, what they make of a real sentence's words.

Every sentence is from the example bundle (examples/seed-bundle.json: five outlets on Blinken's
June 2023 visit to Beijing). A row reads as what a person sees in the sentence; where the rule
of thumb reads it wrong, the row says so.
"""

from __future__ import annotations

import re

import pytest

from models.lexicon import grammar, names_and_time, reporting, voice
from models.lexicon.grammar import finite_verb, stem
from models.write.wordgraph import tokenize

_WORD = re.compile(r"[\w'’]+")


def _members(sentence: str, words: frozenset[str] | tuple[str, ...]) -> list[str]:
    """The words of ``sentence`` (lower-cased, in order) that ``words`` holds."""
    return [w for w in (m.lower() for m in _WORD.findall(sentence)) if w in words]


# Every list of the lexicon, whichever of its modules holds it.
LEXICON = {**vars(grammar), **vars(names_and_time), **vars(reporting), **vars(voice)}
WORD_LISTS = [
    name
    for name, value in LEXICON.items()
    if name.isupper()
    and isinstance(value, frozenset | tuple)
    # abbreviations and names with their own "!" are matched as written
    and name not in ("GRAPH_ABBREVIATIONS", "EXCLAIMED_NAMES")
]


@pytest.mark.parametrize("name", WORD_LISTS)
def test_each_list_is_lower_case_words_without_repeats(name):
    words = LEXICON[name]
    assert words, name
    assert all(w == w.lower() and w.strip() == w and "  " not in w for w in words), name
    if isinstance(words, tuple):
        assert len(set(words)) == len(words), f"{name} lists a word twice"


@pytest.mark.parametrize(
    ("sentence", "stopwords"),
    [
        (
            "Beijing rejected an offer to establish ties between the Chinese and American armies.",
            ["an", "to", "between", "the", "and"],
        ),
        (
            "He also said he “hopes to see a healthy and sustainable Sino-US relationship”.",
            ["he", "also", "said", "he", "to", "a", "and"],
        ),
    ],
)
def test_stopwords(sentence, stopwords):
    assert _members(sentence, grammar.STOPWORDS) == stopwords


@pytest.mark.parametrize(
    ("sentence", "not_a_name", "word_to_the_graph"),
    [
        ("However, Washington is concerned about possible cooperation with Russia.", True, True),
        ("Despite signs of positive sentiment, Blinken acknowledged that ...", True, True),
        ("Overall, after two days of meetings, the US Secretary of State said ...", True, False),
        ("Today, the meeting took place with the country’s leader Xi Jinping.", True, False),
        # Names to specifics (a summary may not invent "President"), words to the word graph.
        ("President Xi emphasized the necessity for state-to-state interactions ...", False, True),
        ("Chinese President Xi Jinping welcomed “progress” after shaking hands ...", False, True),
        (
            "Blinken became the first US Secretary of State to visit Beijing in five years.",
            False,
            False,
        ),
    ],
)
def test_sentence_openers(sentence, not_a_name, word_to_the_graph):
    first = _WORD.findall(sentence)[0].lower()
    assert (first in grammar.CAPITALISED_NOT_NAMES) == not_a_name
    assert (first in grammar.GRAPH_OPENERS) == word_to_the_graph
    assert tokenize(sentence)[0].key[1] == ("w" if word_to_the_graph else "name")


@pytest.mark.parametrize(
    ("sentence", "abbreviations"),
    [
        (
            "“I hope that through this visit, Mr. Secretary, you will make a more positive "
            "contribution,” he added to Blinken.",
            ["mr"],
        ),
        (
            "U.S. President Joe Biden said later on Monday he thinks relations between the two "
            "countries are on the right path.",
            ["u.s"],
        ),
        ("Blinken became the first US Secretary of State to visit Beijing in five years.", []),
    ],
)
def test_abbreviations(sentence, abbreviations):
    dotted = [t.lower().rstrip(".") for t in re.findall(r"[\w.']+\.", sentence)]
    assert [t for t in dotted if t in grammar.ABBREVIATIONS] == abbreviations


def test_graph_abbreviations_are_the_splitters_that_the_graph_keeps_whole():
    splitter = {a.capitalize() for a in grammar.ABBREVIATIONS | grammar.TITLE_ABBREVIATIONS}
    assert set(grammar.GRAPH_ABBREVIATIONS) < splitter
    sentence = "“I hope that through this visit, Mr. Secretary, you will make progress,” he added."
    assert "Mr." in [t.text for t in tokenize(sentence)]
    # Not "Inc.": its period would be the sentence's, and the word graph adds one of its own.
    assert "Inc" not in grammar.GRAPH_ABBREVIATIONS and "inc" in grammar.ABBREVIATIONS


@pytest.mark.parametrize(
    ("phrase", "titles"),
    [
        ("Chinese President Xi Jinping", ["president"]),
        ("Foreign Minister Qin Gang", ["foreign", "minister"]),
        ("US Secretary of State Antony Blinken", ["secretary", "state"]),
        ("China’s top diplomat Wang Yi", []),
    ],
)
def test_titles(phrase, titles):
    assert _members(phrase, grammar.TITLES) == titles


@pytest.mark.parametrize(
    ("sentence", "listed"),
    [
        (
            "His meetings in Beijing, including talks with China’s top diplomat Wang Yi and "
            "foreign minister Qin Gang, had been “candid and constructive,” Blinken added.",
            {
                "DETERMINERS": ["his"],
                "PREPOSITIONS": ["in", "with"],
                "NOT_THE_PERSON": ["in"],
                "CONNECTORS": ["including"],
            },
        ),
        (
            "Despite signs of positive sentiment, Blinken acknowledged that there are issues over "
            "which the two countries are deeply, even bitterly, at odds.",
            {
                "DETERMINERS": ["the"],
                "PREPOSITIONS": ["of", "over", "at"],
                "NOT_THE_PERSON": ["of", "at"],
                "CONNECTORS": ["despite"],
            },
        ),
        (
            "The top U.S. diplomat and Xi both stressed the importance of having a more stable "
            "relationship, as any conflict between the world’s two largest economies would "
            "create global disruption.",
            {
                "DETERMINERS": ["the", "the", "a", "the"],
                "PREPOSITIONS": ["of", "between"],
                "NOT_THE_PERSON": ["of"],
                "CONNECTORS": [],
            },
        ),
    ],
)
def test_determiners_prepositions_connectors(sentence, listed):
    for name, words in listed.items():
        assert _members(sentence, LEXICON[name]) == words, name


@pytest.mark.parametrize(
    ("sentence", "listed"),
    [
        (
            "He attributed the difficulty in military exchanges to U.S. sanctions, which Blinken "
            "stated were imposed solely due to threats to American security.",
            {"RELATIVE_PRONOUNS": ["which"], "SUBJECT_PRONOUNS": ["he"], "CLAUSE_WORDS": ["which"]},
        ),
        (
            "The visit is viewed as an important step in the preparations for President Xi’s "
            "anticipated trip to the United States in November, where he is expected to meet "
            "President Biden.",
            {"RELATIVE_PRONOUNS": [], "SUBJECT_PRONOUNS": ["he"], "CLAUSE_WORDS": ["as", "where"]},
        ),
        (
            "Blinken also said that during the visit, China again promised not to send weapons to "
            "Russia for the war in Ukraine.",
            {
                "RELATIVE_PRONOUNS": [],
                "CLAUSE_WORDS": ["that"],
                "ADVERBS": ["also", "again", "not"],
            },
        ),
    ],
)
def test_pronouns_and_clause_words(sentence, listed):
    for name, words in listed.items():
        assert _members(sentence, LEXICON[name]) == words, name


@pytest.mark.parametrize(
    ("sentence", "opener", "pronoun"),
    [
        ("As a result, the countries agreed to “strengthen” relations.", "as a result", ""),
        ("However, Washington is concerned about possible cooperation with Russia.", "however", ""),
        ("Additionally, China's defense minister declined a meeting.", "additionally", ""),
        ("He stated that both countries have an obligation to do so.", "", "he"),
        ("His talks with the Chinese leadership are seen as a key litmus test.", "", "his"),
        ("Blinken described his earlier discussions as open and productive.", "", ""),
    ],
)
def test_connectives_and_pronouns(sentence, opener, pronoun):
    lowered = sentence.lower()
    assert [c for c in grammar.CONNECTIVES if re.match(re.escape(c) + r"\b", lowered)] == (
        [opener] if opener else []
    )
    assert (_WORD.findall(lowered)[0] in grammar.PRONOUNS) == bool(pronoun)


@pytest.mark.parametrize(
    ("sentence", "listed"),
    [
        (
            "Chinese President Xi Jinping welcomed “progress” after shaking hands with Blinken at "
            "the Great Hall of the People, Reuters reported.",
            {"REPORT_WORDS": ["reported"], "SPEECH_VERBS": [], "ATTRIBUTION_VERBS": ["reported"]},
        ),
        (
            "Wang stated that the visit came at a critical juncture in US-China relations.",
            {"REPORT_WORDS": ["stated"], "SPEECH_VERBS": ["stated"], "SAID_THAT_VERBS": []},
        ),
        (
            "He expressed hope that Blinken’s visit would make a positive contribution.",
            {"REPORT_WORDS": ["hope"], "SPEECH_VERBS": [], "ATTRIBUTION_VERBS": []},
        ),
        (
            "Experts and diplomats unanimously claim that their conversation was historic.",
            {"REPORT_WORDS": ["claim"], "ATTRIBUTION_VERBS": []},
        ),
        (
            "The State Department later said that during Blinken’s meetings, he addressed "
            "“unfair and non-market economic practices”.",
            {
                "REPORT_WORDS": ["said"],
                "SPEECH_VERBS": ["said"],
                "ATTRIBUTION_VERBS": ["said"],
                "SAID_THAT_VERBS": ["said"],
            },
        ),
        # Not listed: "described" reports nothing said ("described X as open").
        (
            "Blinken described his earlier discussions with Chinese officials as open.",
            {"REPORT_WORDS": [], "ATTRIBUTION_VERBS": [], "QUOTE_VERBS": []},
        ),
        # A quotation's speaker after it, however the outlet says it: a quote verb, not
        # speech that attributes a fact.
        (
            "“I have explained my situation,” Ross wrote in an October email to Forbes.",
            {"QUOTE_VERBS": ["explained", "wrote"], "SPEECH_VERBS": ["explained"]},
        ),
        (
            "“I went to college,” Marcel Foster yelled, and the crowd repeated it.",
            {"QUOTE_VERBS": ["yelled"], "SPEECH_VERBS": []},
        ),
    ],
)
def test_reporting_words(sentence, listed):
    for name, words in listed.items():
        assert _members(sentence, LEXICON[name]) == words, name


def test_reporting_lists_nest():
    """Whoever names a speaker attributes; "X said that" is an attribution too. A report
    lacks only "explained" (see REPORT_WORDS)."""
    assert set(reporting.SPEECH_VERBS) < set(reporting.ATTRIBUTION_VERBS)
    assert set(reporting.SPEECH_VERBS) < set(reporting.QUOTE_VERBS)
    assert set(reporting.SAID_THAT_VERBS) < set(reporting.ATTRIBUTION_VERBS)
    assert set(reporting.ATTRIBUTION_VERBS) - reporting.REPORT_WORDS == {"explained"}


@pytest.mark.parametrize(
    ("sentence", "listed"),
    [
        (
            "The encounter was only publicly announced an hour before it took place.",
            {"AUXILIARIES": ["was"], "VERBS": ["was", "announced", "took"]},
        ),
        (
            "Except for the headline, this story has not been edited by digital scoop india and "
            "has been published from a syndicated feed.",
            {"AUXILIARIES": ["has", "been", "has", "been"], "NON_FINITE_BEFORE": ["been", "been"]},
        ),
        (
            "China views Taiwan as a breakaway province and has not ruled out the possible use "
            "of force to reunify with the mainland.",
            {"AND_PREDICATE_OPENERS": ["has"], "VERBS": ["has"], "NON_FINITE_BEFORE": ["to"]},
        ),
        (
            "During a 35-minute meeting at the Great Hall of the People, Antony Blinken emphasized "
            "the need to manage their relationship responsibly.",
            {"NOT_VERBS": ["during"], "VERBS": []},
        ),
    ],
)
def test_verb_lists(sentence, listed):
    for name, words in listed.items():
        assert _members(sentence, LEXICON[name]) == words, name


def test_irregular_verbs_map_to_listed_verbs():
    assert {grammar.IRREGULAR_VERBS[w] for w in ("held", "met", "took", "taken", "made")} == {
        "hold",
        "meet",
        "take",
        "make",
    }
    assert set(grammar.IRREGULAR_VERBS.values()) - grammar.VERBS == {"strike", "shoot"}


@pytest.mark.parametrize(
    ("sentence", "finite", "without_negations"),
    [
        (
            "Blinken became the first US Secretary of State to visit Beijing in five years.",
            ["became"],
            ["became"],
        ),
        (
            "Asked by reporters during a trip to California whether he felt progress had been "
            "made, he replied, “I don’t feel,” he said.",
            # "Asked" opens the sentence (capitalised: could be a name); "felt" is not listed.
            ["had", "been", "made", "replied", "don’t", "said"],
            ["had", "been", "made", "replied", "said"],
        ),
        (
            "Except for the headline, this story has not been edited by digital scoop india and "
            "has been published from a syndicated feed.",
            # "been edited" is a participle; "a syndicated feed" an adjective the rule misses.
            ["has", "been", "has", "been", "syndicated"],
            ["has", "been", "has", "been", "syndicated"],
        ),
        ("Wang Yi was the most categorical about Taiwan.", ["was"], ["was"]),
    ],
)
def test_finite_verb(sentence, finite, without_negations):
    words = _WORD.findall(sentence)
    pairs = list(zip(["", *(w.lower() for w in words)], words, strict=False))
    assert [w for b, w in pairs if finite_verb(w, b)] == finite
    assert [w for b, w in pairs if finite_verb(w, b, negated=False)] == without_negations


@pytest.mark.parametrize(
    ("word", "content", "verb"),
    [
        ("Blinken’s", "blinken", "blink"),  # the verb rules are for verbs
        ("talks", "talk", "talk"),
        ("relations", "relation", "relation"),
        ("stabilizing", "stabiliz", "stabiliz"),
        ("agreed", "agre", "agre"),
        ("agree", "agree", "agre"),
        ("held", "held", "hold"),
        ("holds", "hold", "hold"),
        ("taken", "taken", "tak"),
        ("taking", "taking", "tak"),
        ("made", "made", "mak"),
        ("makes", "make", "mak"),
        ("tried", "tried", "try"),
        # Why content words keep the light rules: a news item is not something new.
        ("news", "news", "new"),
        ("lines", "line", "lin"),
    ],
)
def test_stem(word, content, verb):
    assert stem(word) == content
    assert stem(word, verb=True) == verb


@pytest.mark.parametrize(
    ("sentence", "listed"),
    [
        (
            "In a significant diplomatic development, Chinese President Xi Jinping and U.S. "
            "Secretary of State Antony Blinken held a crucial meeting in Beijing.",
            {"EVALUATIVE": ["significant", "crucial"], "NEGATIONS": []},
        ),
        (
            "China and the United States agreed on Monday to stabilize their intense rivalry so "
            "it does not veer into conflict, but failed to produce any major breakthrough.",
            {"EVALUATIVE": [], "NEGATIONS": ["not", "failed", "any"]},
        ),
    ],
)
def test_an_outlets_words(sentence, listed):
    for name, words in listed.items():
        assert _members(sentence, LEXICON[name]) == words, name


@pytest.mark.parametrize(
    ("sentence", "fluff"),
    [
        (
            "Wang highlighted the importance of reversing the downward spiral of relations.",
            ["highlight", "importance of"],
        ),
        ("The Xi-Blinken meeting in Beijing marks a notable step forward.", ["notabl"]),
        ("Beijing rejected an offer to establish ties between the two armies.", []),
    ],
)
def test_fluff(sentence, fluff):
    assert [f for f in voice.FLUFF if f in sentence.lower()] == fluff
