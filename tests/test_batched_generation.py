"""The transformers engine's batched generation (models.generation.transformers): the
incremental stop logic against the full recount it replaces, the per-row rules, and
token-identical greedy output for a request alone and in a left-padded batch, on a tiny Qwen2
built locally."""

from __future__ import annotations

import random

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from models.generation.base import GenerationRequest, repeating_ngram_tokens
from models.generation.incremental import IncrementalText, LengthTracker
from models.generation.length import LengthPolicy, LengthState, max_new_tokens
from models.generation.transformers import TransformersGenerator, _Row, _Rules
from models.sentences import segment_article
from models.types import Article, Selected
from tests.conftest import SEEDS
from tests.tiny_models import build, tokenizer

# Pieces of generated text that exercise every rule LengthState.of applies: sentence ends and
# abbreviations, quotes held open, markup, labels and headings on their own lines, repeats,
# characters of several bytes, and runs long enough for the splitter's length cap.
PIECES = [
    "The council met on Monday.",
    " It passed 7 to 2.",
    " The council met on Monday.",
    "\n",
    "\n\n",
    " ",
    "  ",
    " Mr.",
    " U.S.",
    " Army",
    " “It is a process.",
    " It takes time,”",
    " he said.",
    "**",
    "# ",
    "1. ",
    "- ",
    "Summary:",
    " Title",
    " 3.5 percent",
    " (AP)",
    "…",
    "!",
    "?",
    " Beijing",
    " 北京",
    " café",
    ",",
    ";",
    " and" * 30,
    " word" * 60,
]


def _assert_tracks(chunks: list[str]) -> None:
    tracker, text = LengthTracker(), ""
    for chunk in chunks:
        text += chunk
        assert tracker.state(text) == LengthState.of(text), repr(text[-120:])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60))
def test_length_tracker_is_the_full_recount_at_every_step(pieces):
    _assert_tracks(pieces)


@pytest.mark.slow
def test_length_tracker_follows_real_text_character_by_character():
    for path in sorted(SEEDS.glob("*.txt"))[:2]:
        _assert_tracks(list(path.read_text()[:3000]))


def test_length_tracker_settles_sentences_of_a_long_text():
    text = " ".join(f"Sentence number {n} reports a different fact." for n in range(40))
    tracker = LengthTracker()
    for end in range(1, len(text) + 1):
        tracker.state(text[:end])
    last = text.rindex("Sentence")
    assert tracker._at >= text.rindex("Sentence", 0, last)  # only the last two are re-read
    assert tracker.state(text) == LengthState.of(text)


@pytest.fixture(scope="module")
def tiny_tokenizer(tmp_path_factory):
    return tokenizer(tmp_path_factory.mktemp("tok"))


def test_incremental_text_is_the_full_decode_at_every_step(tiny_tokenizer):
    text = "Prices rose 4% in Zürich — “北京 said,” café ☕. Then\n\nmore.  Done!"
    ids = tiny_tokenizer(text, add_special_tokens=False)["input_ids"]
    ids = ids[:5] + [tiny_tokenizer.pad_token_id] + ids[5:]  # a special token is skipped
    decoded = IncrementalText(tiny_tokenizer)
    pending = 0
    for n, token in enumerate(ids, start=1):
        got = decoded.append(token)
        assert got == tiny_tokenizer.decode(ids[:n], skip_special_tokens=True)
        pending += got.endswith("\ufffd")
    assert pending  # some characters took several tokens
    assert decoded.text == tiny_tokenizer.decode(ids, skip_special_tokens=True)


def test_row_bans_what_repeating_ngram_tokens_bans(tiny_tokenizer):
    rng = random.Random(0)
    for n in (0, 1, 2, 3, 4):
        row = _Row(tiny_tokenizer, LengthPolicy(10_000), 10_000, n, history=[])
        for _ in range(120):
            row.push(rng.choice([40, 41, 42, 43]), eos_ids=[])
            assert row.banned() == set(repeating_ngram_tokens(row.out, n))


def test_rules_penalise_a_rows_own_tokens_only_and_mask_end_of_text(tiny_tokenizer):
    from transformers import RepetitionPenaltyLogitsProcessor

    pad, eos = 0, 1
    rows = [_Row(tiny_tokenizer, LengthPolicy(100), 50, 0, []) for _ in range(2)]
    rows[1].state = LengthState(90, 90, True, 15.0, 6)  # row 1 may end, row 0 may not
    # Row 0 is left-padded; its padding id (0) is none of its own tokens.
    input_ids = torch.tensor([[pad, pad, 5, 6, 7], [3, 5, 0, 8, 9]])
    scores = torch.randn(2, 12)
    expected = scores.clone()
    expected[0:1] = RepetitionPenaltyLogitsProcessor(1.3)(input_ids[0:1, 2:], expected[0:1])
    out = _Rules(rows, [eos], [1.3, 1.0], [2, 0])(input_ids, scores.clone())
    expected[0, eos] = -torch.inf
    assert torch.equal(out, expected)


def _requests() -> list[GenerationRequest]:
    """Merges (repetition penalty 1.0, one sentence) and summaries (1.05) of different
    lengths: prompts of different lengths, rows that stop at different points."""
    article = Article(id="a", text=(SEEDS / "002_6126ffc03fdb83c0.txt").read_text())
    sentences = [s for s in segment_article(article) if not s.is_heading]
    picks = [(3, 5, 20, "merge"), (4, 7, 30, "summary"), (6, 7, 12, "merge"), (2, 3, 25, "summary")]
    return [
        GenerationRequest(tuple(Selected(s, 0.5) for s in sentences[a:b]), {}, words, task)
        for a, b, words, task in picks
    ]


def _generated_ids(monkeypatch) -> list[list[int]]:
    """Records each result's generated ids (GenerationResult keeps only their text)."""
    import models.generation.transformers

    seen: list[list[int]] = []
    original = models.generation.transformers.decoded_result

    def recording(tokenizer, request, prompt_tokens, ids, finished, seconds, first):
        seen.append(list(ids))
        return original(tokenizer, request, prompt_tokens, ids, finished, seconds, first)

    monkeypatch.setattr(models.generation.transformers, "decoded_result", recording)
    return seen


@pytest.fixture(scope="module", params=["qwen2", "t5", "bart"])
def tiny_fuser(request, tmp_path_factory) -> TransformersGenerator:
    fuser = TransformersGenerator(build(request.param, tmp_path_factory.mktemp(request.param)))
    # Random tiny models have logits a hair apart; float64 keeps a padded row's rounding from
    # deciding a near tie, so the test checks the batching, not the arithmetic.
    fuser.model.to(torch.float64)
    return fuser


@pytest.mark.slow
def test_a_batch_gives_each_request_its_own_greedy_tokens(tiny_fuser, monkeypatch):
    requests = _requests()
    ids = _generated_ids(monkeypatch)
    alone = [tiny_fuser.generate([r])[0] for r in requests]
    alone_ids = list(ids)
    ids.clear()
    together = tiny_fuser.generate(requests)
    assert ids == alone_ids
    assert [r.raw_text for r in together] == [r.raw_text for r in alone]
    assert [r.prompt_tokens for r in together] == [r.prompt_tokens for r in alone]
    lengths = [len(i) for i in alone_ids]
    assert len(set(lengths)) > 1  # rows stopped at different points
    caps = [max_new_tokens(r.max_words) for r in requests]
    assert any(n < cap for n, cap in zip(lengths, caps, strict=True))  # a policy stopped one
    assert len({r.prompt_tokens for r in alone}) > 1  # and the batch was padded
    ids.clear()
    tiny_fuser.max_rows = 3  # more requests than one generation takes: they run in turn
    try:
        tiny_fuser.generate(requests)
    finally:
        tiny_fuser.max_rows = 64
    assert ids == alone_ids
