"""The fuser's scores kept between requests (models.write.lmscore), with a counting fake."""

from __future__ import annotations

from models.write.lmscore import ScoreCache, scorer_for


def test_score_cache_computes_only_what_it_has_not_kept_in_one_call():
    calls: list[list[str]] = []

    def compute(texts):
        calls.append(list(texts))
        return [-float(len(t)) for t in texts]

    cache = ScoreCache(size=3)
    assert cache.score(["aa", "b", "aa"], compute) == [-2.0, -1.0, -2.0]
    assert cache.score(["b", "ccc"], compute) == [-1.0, -3.0]
    assert calls == [["aa", "b"], ["ccc"]] and cache.computed == 3
    cache.score(["dddd"], compute)  # past the size: the least recently used ("aa") goes
    assert list(cache.scores) == ["b", "ccc", "dddd"]


class _Tokenizer:
    def __call__(self, text, add_special_tokens=False):
        return {"input_ids": [ord(c) for c in text]}


class _Generator:
    """Scores each token -1 (the test reads how often the model is asked)."""

    def __init__(self) -> None:
        self.tokenizer = _Tokenizer()
        self.asked: list[int] = []

    def token_logprobs(self, prefix, texts):
        import numpy as np

        self.asked.append(len(texts))
        return [np.full(len(t), -1.0) for t in texts]


def test_scorer_keeps_scores_per_generator_between_calls():
    generator = _Generator()
    assert scorer_for(generator)(["a b", "c"]) == [-1.0, -1.0]
    assert scorer_for(generator)(["c", "a b", "d"]) == [-1.0, -1.0, -1.0]
    assert generator.asked == [2, 1]  # the second call asked only for "d"
    other = _Generator()
    scorer_for(other)(["c"])
    assert other.asked == [1]  # another generator's scores are its own
