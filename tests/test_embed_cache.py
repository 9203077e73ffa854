"""The sentence-vector cache: bounded, exact, counted; a re-posted bundle embeds nothing."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from models import Article, Pipeline, PipelineConfig, SummaryOptions
from models.stages.embed import token_batches
from models.stages.embedcache import CachedEncoder, EmbeddingCache
from tests.fakes import EchoFuser, HashingEncoder


class CountingEncoder(HashingEncoder):
    """Records every text it embeds."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def encode(self, texts):
        self.seen.extend(texts)
        return super().encode(texts)


def test_repeats_are_embedded_once_and_results_match_the_encoder():
    inner = CountingEncoder()
    cached = CachedEncoder(inner, EmbeddingCache(100))
    texts = ["Snow closed the pass.", "Rates were held.", "Snow closed the pass."]
    first = cached.encode(texts)
    assert inner.seen == ["Snow closed the pass.", "Rates were held."]
    np.testing.assert_array_equal(first, HashingEncoder().encode(texts))
    again = cached.encode(["Rates were held.", "A new sentence."])
    assert inner.seen[-1:] == ["A new sentence."] and len(inner.seen) == 3
    np.testing.assert_array_equal(again[0], first[1])
    stats = cached.cache.stats()
    assert (stats["hits"], stats["misses"], stats["entries"]) == (1, 3, 3)


def test_the_cache_is_bounded_least_recently_used_first():
    cache = EmbeddingCache(2)
    cache.put(["a", "b"], np.eye(2, dtype=np.float32))
    assert cache.get(["a"])[0] is not None  # "a" is now the most recent
    cache.put(["c"], np.ones((1, 2), dtype=np.float32))
    assert [row is not None for row in cache.get(["a", "b", "c"])] == [True, False, True]
    assert len(cache) == 2 and cache.stats()["evictions"] == 1


def test_a_cached_vector_cannot_be_changed_through_a_result():
    cached = CachedEncoder(HashingEncoder(), EmbeddingCache(10))
    out = cached.encode(["Snow closed the pass."])
    out[0, :] = 0.0
    assert np.abs(cached.encode(["Snow closed the pass."])).sum() > 0


def test_a_zero_sized_cache_stores_nothing():
    inner = CountingEncoder()
    cached = CachedEncoder(inner, EmbeddingCache(0))
    cached.encode(["x y z."])
    cached.encode(["x y z."])
    assert len(inner.seen) == 2 and len(cached.cache) == 0
    with pytest.raises(ValueError):
        EmbeddingCache(-1)


def test_a_reposted_bundle_embeds_only_its_new_sentences():
    inner = CountingEncoder()
    pipe = Pipeline(CachedEncoder(inner, EmbeddingCache(1000)), EchoFuser(), PipelineConfig())
    a = Article(id="a", text="The council approved the budget on Monday. It passed 7 to 2.")
    b = Article(id="b", text="On Monday the council passed the budget. Critics called it rushed.")
    options = SummaryOptions(mode="extractive", max_words=20)
    pipe.summarize([a, b], options)
    embedded = len(inner.seen)
    first = pipe.summarize([a, b], options)
    assert len(inner.seen) == embedded  # nothing new
    update = replace(b, text=b.text + " The mayor will sign it on Friday.")
    pipe.summarize([a, update], options)
    assert inner.seen[embedded:] == ["The mayor will sign it on Friday."]
    assert pipe.summarize([a, b], options).summary == first.summary


def test_lead_cap_keeps_each_articles_first_sentences():
    text = " ".join(f"Sentence number {i} says something about the vote." for i in range(10))
    pipe = Pipeline(HashingEncoder(), EchoFuser(), PipelineConfig(candidates_per_article=3))
    summary = pipe.summarize(
        [Article(id="a", text=text), Article(id="b", text=text.replace("vote", "budget"))],
        SummaryOptions(mode="extractive", max_words=200, include_selection=True),
    )
    assert summary.selection
    assert {s.sentence.index for s in summary.selection} <= {0, 1, 2}


@pytest.mark.real
def test_real_cached_vectors_equal_fresh_ones(real_pipeline, seed_articles):
    """The served pipeline's cache returns what MiniLM computes (to float rounding), batch for
    batch. The texts are this test's own: a vector the session cached from another batch may
    differ more (int8's activation scales are the batch's, see CachedEncoder)."""
    cached = real_pipeline.encoder
    assert isinstance(cached, CachedEncoder)
    texts = [f"{a.text.split(chr(10))[0]} (the cache test's own)" for a in seed_articles]
    fresh = cached.encoder.encode(texts)
    np.testing.assert_allclose(cached.encode(texts), fresh, atol=1e-5)  # computed, then kept
    np.testing.assert_allclose(cached.encode(texts), fresh, atol=1e-5)  # from the cache


@pytest.mark.real
@pytest.mark.parametrize(("precision", "floor"), [("bfloat16", 0.99), ("ffn-int8", 0.97)])
def test_real_reduced_precision_embedder_stays_close_to_float32(seed_articles, precision, floor):
    from models import provision
    from models.stages.embed import SentenceTransformerEncoder

    path = str(provision.embedder_path())
    texts = [line for a in seed_articles for line in a.text.split("\n") if len(line) > 40][:60]
    exact = SentenceTransformerEncoder(path).encode(texts)
    reduced = SentenceTransformerEncoder(path, precision=precision)
    assert reduced.precision == precision
    vectors = reduced.encode(texts)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert float((exact * vectors).sum(axis=1).min()) > floor


def test_token_batches_stay_within_the_budget_once_padded():
    lengths = sorted([59, 56, 40, 31, 31, 30, 18, 12, 12, 10, 8, 300], reverse=True)
    batches = token_batches(lengths, 64)
    covered = [i for b in batches for i in range(len(lengths))[b]]
    assert covered == list(range(len(lengths)))  # every text once, in order
    for b in batches:
        rows = lengths[b]
        assert len(rows) == 1 or max(rows) * len(rows) <= 64  # too long for the budget: alone
    assert lengths[batches[0]] == [300]
    assert [len(lengths[b]) for b in batches] == [1, 1, 1, 1, 2, 2, 4]  # short: more per batch
    assert token_batches([], 64) == []


@pytest.mark.real
@pytest.mark.parametrize("precision", ["float32", "bfloat16"])
def test_real_token_batched_vectors_equal_count_batched_ones(seed_articles, precision):
    """Cutting batches by tokens changes which sentences share a batch and how much they are
    padded, never a sentence's vector, nor the order of the rows."""
    from models import provision
    from models.stages.embed import SentenceTransformerEncoder

    path = str(provision.embedder_path())
    texts = [line for a in seed_articles for line in a.text.split("\n") if len(line) > 20]
    texts += ["Short.", "x " * 400]  # one sentence past the model's 256 tokens: truncated
    by_count = SentenceTransformerEncoder(path, precision=precision, batch_size=16)
    by_tokens = SentenceTransformerEncoder(path, precision=precision, batch_tokens=256)
    assert by_tokens.batch_size is None and by_count.batch_tokens is None
    a, b = by_count.encode(texts), by_tokens.encode(texts)
    assert a.shape == b.shape == (len(texts), 384)
    assert float((a * b).sum(axis=1).min()) > (0.9999 if precision == "float32" else 0.998)
    default = SentenceTransformerEncoder(path, precision=precision)
    assert default.batch_tokens == 512 and default.batch_size is None


def test_embedder_precision_is_checked_and_auto_fits_the_device():
    from models.stages.embed import native_bfloat16, resolve_precision

    with pytest.raises(ValueError, match="precision"):
        resolve_precision("int4", "cpu")
    assert resolve_precision("auto", "cuda") == "float32"
    assert resolve_precision("auto", "cpu") == ("bfloat16" if native_bfloat16() else "ffn-int8")
    assert resolve_precision("float32", "cpu") == "float32"


@pytest.mark.slow
def test_a_batch_size_and_a_token_budget_together_are_refused():
    from models import provision
    from models.stages.embed import SentenceTransformerEncoder

    with pytest.raises(ValueError, match="not both"):
        SentenceTransformerEncoder(str(provision.embedder_path()), batch_size=16, batch_tokens=512)
