"""Grouped fusion with deterministic fakes: grouping, writing, verification, composition."""

from __future__ import annotations

import numpy as np
import pytest

from models import Article, Pipeline, PipelineConfig, SummaryOptions, summary_to_dict
from models.generation.base import GenerationResult
from models.stages.group import Group, GroupingSettings, group_sentences, shared_share
from models.text import content_words
from models.types import Sentence
from models.write.compose import Composer
from models.write.lightclean import light_clean
from models.write.lmmerge import merge_cap, needs_merge
from models.write.verify import verify
from tests.checks import cited_sources, groups_in, unsourced, words
from tests.fakes import HashingEncoder, MergeFuser

SOURCES = [
    "Secretary of State Antony Blinken met President Xi Jinping in Beijing on Monday.",
    "The 35-minute meeting at the Great Hall of the People ended with a handshake.",
]


def _sentence(article: int, index: int, text: str) -> Sentence:
    return Sentence(f"a{article}", article, index, 0, len(text), text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Blinken met Xi Jinping in Beijing on Monday in a 35-minute meeting.", ""),
        ("Blinken met Xi Jinping in Beijing on Tuesday.", "invented name or number"),
        ("Blinken met Xi Jinping in Beijing for 45 minutes.", "invented name or number"),
        ("Blinken met Xi Jinping and Qin Gang in Beijing.", "invented name or number"),
        (
            "Blinken met Xi Jinping amid soaring tensions over trade tariffs.",
            "words not in the sources",
        ),
        ("The meeting in Beijing was a testament to the handshake.", "editorial fluff"),
        ('Blinken said "the meeting was great" in Beijing.', "altered quote"),
        ("Blinken met Xi Jinping in Beijing on Monday and", "unfinished"),
        ("Blinken met Xi.", "too short"),
    ],
)
def test_verify_keeps_only_what_the_sources_say(text, reason):
    check = verify(text, SOURCES, max_words=14, min_words=5)
    assert check.ok == (reason == "")
    assert check.reason == reason


def test_verify_allows_an_exact_quote_and_fluff_words_the_sources_use():
    sources = ['Xi said the talks were "candid and in-depth" and a crucial step.']
    assert verify('Xi said the talks were "candid and in-depth", a crucial step.', sources, 20).ok


def test_verify_never_lets_a_number_through_that_the_sources_lack():
    sources = ["Officials said 1,200 people were evacuated on Friday."]
    assert verify("Officials said 1,200 people were evacuated on Friday.", sources, 20).ok
    assert not verify("Officials said 1,300 people were evacuated on Friday.", sources, 20).ok
    assert not verify("Officials said 1,200 people were evacuated in 2019.", sources, 20).ok


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("BEIJING (Reuters) - Blinken met Xi on Monday.", "Blinken met Xi on Monday."),
        ("WASHINGTON — The talks ended.", "The talks ended."),
        ("BEIJING, June 19 (AP) — Xi spoke.", "Xi spoke."),
        ("(CNN) — Xi spoke.", "Xi spoke."),
        ("BEIJING —U.S. envoy spoke.", "U.S. envoy spoke."),
        ("But the talks ended on Monday.", "The talks ended on Monday."),
        ("U.S. officials said talks ended.", "U.S. officials said talks ended."),
        ("NATO - the alliance - met.", "NATO - the alliance - met."),
        # a news site's inline link card (The Hill, dev clusters; a tuning reader struck it)
        (
            "Fox News anchor Shepard Smith criticized President Trump Donald John Trump "
            "Airstrikes hit Syria air base: Syrian state media Trump congratulates Patrick Reed "
            "on Masters win MORE for bashing reporters.",
            "Fox News anchor Shepard Smith criticized President Trump for bashing reporters.",
        ),
        (
            "The top adviser to nominee Donald Trump Donald TrumpPoll: Majority of Americans "
            "believe Russian hacking didn't sway election MORE has ties to a large network.",
            "The top adviser to nominee Donald Trump has ties to a large network.",
        ),
        (
            "Sen. Ted Cruz Rafael (Ted) Edward CruzCruz wins primary MORE said he would run.",
            "Sen. Ted Cruz said he would run.",
        ),
        # cards a second reader of the diff found kept: names with "Mc" or "O'", a headline
        # with a period or a question mark, "MORE" before punctuation or a possessive
        (
            "Mitch McConnell Addison (Mitch) Mitchell McConnellMcConnell vows to fight MORE "
            "(R-Ky.) said the bill would pass.",
            "Mitch McConnell (R-Ky.) said the bill would pass.",
        ),
        (
            "President Trump Donald John TrumpTrump: U.S. 'locked and loaded' MORE said no.",
            "President Trump said no.",
        ),
        (
            "He met President Trump Donald John TrumpTrump congratulates Reed MORE.",
            "He met President Trump.",
        ),
        (
            "President Trump Donald John TrumpWhy is Trump silent? MORE's decision angered allies.",
            "President Trump's decision angered allies.",
        ),
        (
            "Sen. Beto O'Rourke Robert (Beto) Francis O'RourkeO'Rourke raises $6 million MORE "
            "(D-Texas) said no.",
            "Sen. Beto O'Rourke (D-Texas) said no.",
        ),
        # one card never runs into the next, nor to a plain "MORE" ending the sentence
        (
            "President Trump Donald John TrumpTrump says X MORE and Rep. Ben Ray Luján Ben Ray "
            "LujánLuján wins MORE said no.",
            "President Trump and Rep. Ben Ray Luján said no.",
        ),
        (
            "Sen. Ted Cruz Rafael (Ted) Edward CruzCruz wins primary MORE said the U.S. must do "
            "MORE.",
            "Sen. Ted Cruz said the U.S. must do MORE.",
        ),
        # no card: "MORE" as a word, or no name repeated before it
        (
            "President Trump met John Trump and Mary Trump. MORE news follows.",
            "President Trump met John Trump and Mary Trump. MORE news follows.",
        ),
        (
            "Critics say Trump wants MORE power for the office.",
            "Critics say Trump wants MORE power for the office.",
        ),
    ],
)
def test_light_clean_drops_datelines_leading_conjunctions_and_link_cards_only(raw, clean):
    assert light_clean(raw) == clean


def test_a_merge_must_compress_and_is_only_asked_when_partners_add_words():
    head = _sentence(0, 0, "one two three four five six seven eight nine ten eleven twelve")
    same = _sentence(1, 0, "Eleven twelve one two three four five.")
    new = _sentence(1, 0, "Thirteen fourteen fifteen came too.")
    assert merge_cap([head, new]) == 9  # 0.8 x 12 words
    assert not needs_merge([head])
    assert not needs_merge([head, same])
    assert needs_merge([head, new])


def test_a_merge_cut_at_its_cap_keeps_its_leading_clause():
    from models.write.lmmerge import merged_text

    raw = "Xi met Blinken in Beijing on Monday at the Great Hall, marking a step forward in"
    assert (
        merged_text(_result(raw), 6, 14) == "Xi met Blinken in Beijing on Monday at the Great Hall."
    )
    assert merged_text(_result("Summary: Xi met Blinken. More text."), 2, 14) == "Xi met Blinken."
    assert merged_text(_result(""), 2, 14) == ""


def _embeddings(rows: list[list[float]]) -> np.ndarray:
    x = np.array(rows, dtype=np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_groups_take_partners_from_other_articles_that_share_a_name():
    candidates = [
        _sentence(0, 0, "Blinken met Xi in Beijing on Monday for talks."),
        _sentence(1, 0, "Blinken and Xi held talks in Beijing on Monday."),  # same fact
        _sentence(0, 1, "Blinken and Xi shook hands in Beijing on Monday."),  # same article
        _sentence(
            2, 0, "Officials in a third country watched the talks closely."
        ),  # no shared name
        _sentence(2, 1, "The weather in the region was warm and dry all week long."),
    ]
    emb = _embeddings([[1, 0.1, 0], [0.95, 0.2, 0], [0.9, 0.3, 0], [0.5, 0.8, 0.1], [0, 0.1, 1]])
    groups, salience = group_sentences(candidates, emb, max_words=200, diversity=0.3)
    first = next(g for g in groups if 0 in g.members)
    assert first.members[:2] in ((0, 1), (1, 0))
    assert 2 not in first.members and 3 not in first.members
    heads = [g.head for g in groups]
    members = [i for g in groups for i in g.members]
    assert len(members) == len(set(members)), "a sentence is in one group at most"
    assert len(salience) == len(candidates) and heads == [g.head for g in groups]
    assert [g.rank for g in groups] == list(range(len(groups)))


def test_a_partner_must_report_the_same_fact_not_only_the_same_story():
    """Read on the tuning clusters: a partner sharing a name and a close vector but few words
    ("Authorities say he targeted TSA employees." / "Ciancia is charged with killing
    Hernandez ...") states another fact; cited for the head it would not support it."""
    candidates = [
        _sentence(0, 0, "Ciancia is charged with killing Hernandez and wounding three others."),
        _sentence(
            1, 0, "Police said Ciancia was in custody at 9:25 a.m., soon after the first shots."
        ),
        _sentence(2, 0, "Prosecutors charged Ciancia with killing Hernandez and wounding others."),
    ]
    emb = _embeddings([[1, 0.2, 0], [0.9, 0.4, 0], [0.95, 0.1, 0]])
    groups, _ = group_sentences(candidates, emb, max_words=200, diversity=0.3)
    assert groups[0].members == (0, 2)
    assert shared_share(content_words(candidates[0].text), content_words(candidates[1].text)) < 0.2
    loose = GroupingSettings(min_shared=0.0)
    groups, _ = group_sentences(candidates, emb, max_words=200, diversity=0.3, settings=loose)
    assert groups[0].members == (0, 2, 1)


def _result(text: str) -> GenerationResult:
    return GenerationResult(text, text, 10, 10, 0.0)


def _composer(max_words: int, n_articles: int = 4) -> tuple[Composer, list[Sentence]]:
    candidates = [
        _sentence(
            i % n_articles, i, f"Fact {i} happened in Town{i} with {i + 7} people present today."
        )
        for i in range(12)
    ]
    groups = [Group((i,), i, 1.0 - i / 20) for i in range(12)]
    return Composer(candidates, groups, max_words), candidates


def test_composer_fills_the_budget_without_passing_it_and_keeps_articles_under_half():
    composer, candidates = _composer(50)
    picked = composer.next_round()
    assert all(request is None for _, request in picked)  # singletons are verbatim
    sentences = composer.sentences()
    words = sum(w.n_words for w in sentences)
    assert 40 <= words <= 50
    per_article: dict[int, int] = {}
    for w in sentences:
        a = candidates[w.group.head].article_index
        per_article[a] = per_article.get(a, 0) + w.n_words
    assert max(per_article.values()) <= 25
    assert sentences[0].group.rank == 0  # the lead unit first


def test_composer_single_article_may_fill_the_whole_budget():
    composer, _ = _composer(50, n_articles=1)
    composer.next_round()
    assert sum(w.n_words for w in composer.sentences()) >= 40


def test_composer_falls_back_to_the_head_when_a_merge_fails_and_spends_freed_words():
    head = _sentence(
        0, 0, "Blinken met Xi Jinping in Beijing on Monday for talks on trade and Taiwan."
    )
    partner = _sentence(1, 0, "The meeting with Xi Jinping lasted 35 minutes at the Great Hall.")
    extra = [
        _sentence(2, i, f"Aides from Team{i} briefed reporters after the meeting today.")
        for i in range(1, 6)
    ]
    candidates = [head, partner, *extra]
    groups = [Group((0, 1), 0, 1.0)] + [Group((i,), i - 1, 0.5) for i in range(2, 7)]
    composer = Composer(candidates, groups, 40)
    round1 = composer.next_round()
    merges = [(g, r) for g, r in round1 if r is not None]
    assert len(merges) == 1 and merges[0][1].task == "merge"
    written = composer.accept(merges[0][0], _result("Blinken met Xi Jinping in Beijing in 1999."))
    assert written.method == "fallback" and written.reason == "invented name or number"
    assert composer.merges_tried == 1 and composer.merges_failed == 1
    out = composer.sentences()
    assert sum(w.n_words for w in out) <= 40
    assert out[0].text == head.text


@pytest.fixture
def merge_pipeline() -> Pipeline:
    return Pipeline(HashingEncoder(), MergeFuser(), PipelineConfig(merger="lm"))


def _check_offsets(summary, articles):
    texts = {a.id: a.text for a in articles}
    for sentence in summary.sentences:
        assert sentence.citations, sentence.text
        for c in sentence.citations:
            assert texts[c.article_id][c.start : c.end] == c.text


def test_grouped_summary_cites_its_groups_exactly_and_reports_fusion(merge_pipeline, seed_articles):
    summary = merge_pipeline.summarize(seed_articles, SummaryOptions(max_words=120))
    _check_offsets(summary, seed_articles)
    assert 0.8 * 120 <= len(summary.summary.split()) <= 120
    methods = {s.method for s in summary.sentences}
    assert methods <= {"verbatim", "fused", "fallback", "compressed"}
    doc = summary_to_dict(summary)
    assert doc["fusion"]["groups"] == groups_in(doc)
    assert summary.fusion["merges_tried"] == len(merge_pipeline.generator.requests) > 0
    assert all(r.task == "merge" for r in merge_pipeline.generator.requests)
    cited = {c.article_id for s in summary.sentences for c in s.citations}
    assert len(cited) >= 3
    assert doc["fusion"]["fallback_rate"] == summary.fallback_rate
    assert {s["method"] for s in doc["sentences"]} == methods
    posted = {a.id: a.text for a in seed_articles}
    for s in doc["sentences"]:
        if s["method"] == "fused":
            assert unsourced(s["text"], cited_sources(s, posted)) == [], s["text"]


def test_compression_off_keeps_heads_verbatim_and_on_shortens_them(seed_articles):
    """NEWSFUSE_COMPRESSION: on (the default), the seed's heads lose their evaluative openers
    ("In a significant diplomatic development, ..."), and each compressed sentence is a
    shortening of its own group's head; off, no sentence is compressed."""
    on = Pipeline(HashingEncoder(), MergeFuser(), PipelineConfig(merger="lm"))
    off = Pipeline(HashingEncoder(), MergeFuser(), PipelineConfig(merger="lm", compression=False))
    options = SummaryOptions(max_words=120)
    with_rules = on.summarize(seed_articles, options)
    without = off.summarize(seed_articles, options)
    assert "compressed" not in {s.method for s in without.sentences}
    compressed = [s for s in with_rules.sentences if s.method == "compressed"]
    assert compressed and with_rules.fusion["compressed"] == len(compressed)
    posted = {a.id: a.text for a in seed_articles}
    for s in compressed:
        # Shorter than its group's head, which is one of its citations (not always the first:
        # a restatement that corroborates the group may score higher).
        assert any(len(s.text.split()) < len(c.text.split()) for c in s.citations), s.text
        # a shortening by rule only drops words: each is in the posted sources
        sources = [posted[c.article_id][c.start : c.end] for c in s.citations]
        assert words(s.text) <= words(" ".join(sources)), s.text
    _check_offsets(with_rules, seed_articles)


def test_merges_of_several_bundles_share_one_generation_per_round(seed_articles):
    pipe = Pipeline(HashingEncoder(), MergeFuser(), PipelineConfig(merger="lm"))
    options = SummaryOptions(max_words=120)
    bundles = [(seed_articles, options), (seed_articles[::-1], options)]
    out = pipe.summarize_many([pipe.check(*bundle) for bundle in bundles])
    assert all(s.fusion["merges_tried"] > 0 for s in out)
    assert pipe.generator.batches[0] == sum(s.fusion["merges_tried"] for s in out) >= 2
    assert out[0].usage["batch_size"] == 2


def test_a_fuser_that_invents_falls_back_to_verbatim_sources(seed_articles):
    pipe = Pipeline(HashingEncoder(), MergeFuser(extra="in 1999"), PipelineConfig(merger="lm"))
    summary = pipe.summarize(seed_articles, SummaryOptions(max_words=120))
    assert summary.fusion["merges_tried"] > 0
    assert summary.fallback_rate == 1.0
    assert "1999" not in summary.summary
    assert all(s.method in {"verbatim", "fallback", "compressed"} for s in summary.sentences)
    _check_offsets(summary, seed_articles)


def test_oneshot_fusion_stays_available_as_the_baseline(seed_articles):
    pipe = Pipeline(HashingEncoder(), MergeFuser(), PipelineConfig(fusion="oneshot"))
    summary = pipe.summarize(seed_articles, SummaryOptions(max_words=100))
    (request,) = pipe.generator.requests
    assert request.task == "summary" and summary.fusion == {}
    assert all(s.method == "generated" for s in summary.sentences)


def test_extractive_sentences_say_so(merge_pipeline, seed_articles):
    summary = merge_pipeline.summarize(seed_articles, SummaryOptions(mode="extractive"))
    assert {s.method for s in summary.sentences} == {"extracted"}
    assert summary.fusion == {}


def test_single_article_bundle_is_summarised_verbatim(merge_pipeline, seed_articles):
    summary = merge_pipeline.summarize(seed_articles[:1], SummaryOptions(max_words=60))
    assert len(summary.summary.split()) <= 60 and summary.sentences
    assert {s.method for s in summary.sentences} <= {"verbatim", "compressed"}
    assert not merge_pipeline.generator.requests


def test_unknown_fusion_setting_is_refused():
    from models.errors import ModelError

    with pytest.raises(ModelError, match="fusion"):
        Pipeline.load(PipelineConfig(fusion="global"))


def test_one_sentence_articles_get_a_cited_grouped_summary():
    pipe = Pipeline(HashingEncoder(), MergeFuser(), PipelineConfig(merger="lm"))
    articles = [
        Article(id="a", text="The council approved the city budget on Monday after a long debate."),
        Article(id="b", text="On Monday the city council passed the budget after a long debate."),
    ]
    summary = pipe.summarize(articles, SummaryOptions(max_words=20))
    _check_offsets(summary, articles)


def test_a_fuser_that_writes_nothing_leaves_the_heads_verbatim(seed_articles):
    class Silent(MergeFuser):
        def fuse(self, request):
            super().fuse(request)
            return GenerationResult("", "", 10, 0, 0.0)

    pipe = Pipeline(HashingEncoder(), Silent(), PipelineConfig(merger="lm"))
    summary = pipe.summarize(seed_articles, SummaryOptions(max_words=120))
    assert summary.fusion["merges_failed"] == summary.fusion["merges_tried"] > 0
    assert 0.8 * 120 <= len(summary.summary.split()) <= 120
    _check_offsets(summary, seed_articles)


def test_merges_longer_than_the_fusers_input_are_written_verbatim(seed_articles):
    class TinyInput(MergeFuser):
        max_input_tokens = 330  # 10 tokens for sources after the prompt's 320

    pipe = Pipeline(HashingEncoder(), TinyInput(), PipelineConfig(merger="lm"))
    summary = pipe.summarize(seed_articles, SummaryOptions(max_words=120))
    assert not pipe.generator.requests and summary.fusion["merges_tried"] == 0
    assert {s.method for s in summary.sentences} <= {"verbatim", "compressed"}


def test_an_engine_failure_inside_grouped_fusion_fails_the_call(seed_articles):
    class Broken(MergeFuser):
        def fuse(self, request):
            raise RuntimeError("engine failed")

    pipe = Pipeline(HashingEncoder(), Broken(), PipelineConfig(merger="lm"))
    with pytest.raises(RuntimeError, match="engine failed"):
        pipe.summarize(seed_articles, SummaryOptions(max_words=120))
