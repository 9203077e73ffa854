"""What was written, cited: the step between the writers and the rewrite stage, and the
standing of each candidate as a lead that both the composer and extraction read. The pipeline
(:mod:`.pipeline`) calls it once a bundle is written."""

from __future__ import annotations

from . import warnings as W
from .prepared import Prepared
from .sentences import split_text
from .speech import unspoken
from .stages.assemble import Cited, usage_of
from .stages.attribute import AttributionSettings, attribute
from .stages.cite import cite_groups
from .types import Mode, SummarySentence
from .write.compose import Composed
from .write.extractive import extractive_sentences
from .write.lead import Key, Standing, standings
from .write.oneshot import OneShot


def cite_written(
    p: Prepared, written: Composed | OneShot | None, attribution: AttributionSettings
) -> Cited:
    """The cite stage for what was written: a grouped summary's sentences cited by their
    groups (:func:`.stages.cite.cite_groups`), a one-shot text attributed sentence by sentence
    (:func:`.stages.attribute.attribute`), or, extractive (or a one-shot fuser that wrote
    nothing), the selection extracted in reading order."""
    mode, timer = p.mode, p.timer
    warnings = list(p.warnings)
    usage = {"prompt_tokens": 0, "generated_tokens": 0}
    selection = p.selection
    sentences: list[SummarySentence] = []
    merges = None
    if isinstance(written, Composed):
        salience = p.salience
        assert salience is not None
        timer.ms["fuse"] = written.fuse_ms
        timer.ms["compose"] = written.compose_ms
        cited = timer.run(
            "attribute",
            lambda: cite_groups(
                written.written,
                p.candidates,
                p.vectors,
                salience,
                p.encoder,
                attribution,
            ),
        )
        sentences, selection = cited[0], tuple(cited[1])
        usage = usage_of(written.prompt_tokens, written.generated_tokens, written.batch_size)
        merges = {
            "merges_tried": written.merges_tried,
            "merges_failed": written.merges_failed,
        }
    elif isinstance(written, OneShot):
        result = written.result
        timer.ms["fuse"] = written.fuse_ms
        timer.ms["fuse_first_token"] = written.first_token_ms
        usage = usage_of(result.prompt_tokens, result.generated_tokens, written.batch_size)
        texts = split_text(result.text) if result.text else []
        if not texts:
            warnings.append(W.fuser_no_text())
            mode = "extractive"
        else:
            sentences = timer.run(
                "attribute",
                lambda: attribute(
                    texts, p.encoder.encode(texts), p.candidates, p.vectors, attribution
                ),
            )
    if mode == "extractive":
        # the one-shot fuser wrote nothing: a quotation kept for its speaker would have none
        selection = tuple(unspoken(selection, p.cleaned))
        sentences = extractive_sentences(selection, p.job.options.max_words, lead_standings(p))
    # A bundle not in English is written by grouping alone, the fuser merging nothing of
    # it: the reader gets its sources' sentences, so it is answered extractive.
    answered: Mode = mode if p.english else "extractive"
    return Cited(mode, tuple(sentences), selection, tuple(warnings), usage, merges, answered)


def lead_standings(p: Prepared) -> dict[Key, Standing] | None:
    """Each candidate's agreement with the other articles' headlines and openings (the news
    first, :mod:`.write.lead`); None with a focus, whose most relevant sentence leads."""
    if p.job.options.focus is not None or not p.candidates:
        return None
    # An article left out as off-topic has no say in what leads.
    titles = [None if i in p.off_topic else a.title for i, a in enumerate(p.job.articles)]
    repeats = {i for i, a in enumerate(p.job.articles) if a.id in p.cleaned.duplicate_of}
    every = [s for s in p.cleaned.all_sentences if s.article_index not in p.off_topic]
    cands, encode = p.candidates, p.encoder.encode
    return standings(titles, every, cands, p.vectors, encode, repeats=repeats, words=p.english)
