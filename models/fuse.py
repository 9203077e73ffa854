"""Fusion: a generative model rewrites the selected sentences into one summary.

Two families sit behind one interface (:class:`Fuser`):
- decoder-only instruct models (the default Qwen2.5 instruct), prompted through their chat template;
- encoder-decoder summarisers (BART, PEGASUS, T5, LED) from a mounted local directory.

Small instruct models do not hold a length asked for in the prompt (asked for 230 words they
write ~95, then repeat themselves), so length is enforced in generation: end-of-text is masked
until a minimum word count, generation stops past the target, and the text is trimmed back to a
sentence boundary within the budget after repeated sentences are dropped.
"""

from __future__ import annotations

import logging
import math
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from .segment import is_abbreviation, split_text
from .text import content_words
from .types import Selected

logger = logging.getLogger(__name__)

# Fraction of the requested words below which end-of-text is not allowed.
MIN_WORDS_FRACTION = 0.85
# English news averages ~1.35 tokens a word with BPE vocabularies; leave headroom.
TOKENS_PER_WORD = 1.6


@dataclass(frozen=True)
class FusionRequest:
    """The fuser's input: selected sentences (source order) and article titles by index.

    ``task`` is ``summary`` (one-shot: every selected sentence into one summary of about
    ``max_words``) or ``merge`` (grouped fusion: the sentences of one group, which report the
    same fact, into a single sentence of at most ``max_words``; greedy without repetition
    penalty, since copying names and numbers exactly is the point).
    """

    selected: tuple[Selected, ...]
    titles: dict[int, str]
    max_words: int
    task: Literal["summary", "merge"] = "summary"

    def repetition_penalty(self, default: float) -> float:
        return 1.0 if self.task == "merge" else default

    def length_policy(self) -> LengthPolicy:
        if self.task == "merge":
            return LengthPolicy(self.max_words, min_fraction=0.0, max_sentences=1)
        return LengthPolicy(self.max_words)


@dataclass(frozen=True)
class FusionResult:
    text: str
    raw_text: str
    prompt_tokens: int
    generated_tokens: int
    seconds: float
    # Until the first generated token's logits: the prompt's share (benchmarks split on it).
    first_token_seconds: float = 0.0


class Fuser(Protocol):
    name: str
    engine: str
    device: str
    max_input_tokens: int

    def fuse(self, request: FusionRequest) -> FusionResult: ...

    def count_tokens(self, text: str) -> int: ...


# --------------------------------------------------------------------------- prompt & cleanup

SYSTEM_PROMPT = (
    "You are a careful news editor. You write accurate, neutral news summaries using only "
    "facts stated in the source sentences you are given."
)


def n_sentences_for(max_words: int) -> int:
    return max(2, round(max_words / 22))


def build_instruction(request: FusionRequest) -> str:
    """The user turn: sources grouped by article, then the task with its length and rules."""
    blocks: list[str] = []
    by_article: dict[int, list[str]] = {}
    for sel in request.selected:
        by_article.setdefault(sel.sentence.article_index, []).append(sel.sentence.text)
    for n, (article_index, sentences) in enumerate(by_article.items(), start=1):
        title = request.titles.get(article_index)
        head = f"Article {n}" + (f": {title}" if title else "")
        blocks.append(head + "\n" + "\n".join(f"- {s}" for s in sentences))
    sources = "\n\n".join(blocks)
    n = n_sentences_for(request.max_words)
    return (
        f"Source sentences from {len(by_article)} news article(s):\n\n{sources}\n\n"
        f"Write one news summary of about {request.max_words} words ({n} sentences) that "
        "combines these sources into a single story. Rules: use only facts from the sources; "
        "copy names, numbers, dates and quotes exactly; state each fact once; if the sources "
        "describe different events, keep them apart and do not merge their details. Write plain "
        "prose in the past tense, no title, no headings, no lists."
    )


MERGE_SYSTEM_PROMPT = (
    "You are a wire-service news editor. You combine sentences from different reports of "
    "the same event into one accurate sentence, using only their words and facts."
)


# Two worked merges shown before every merge (the same tokens each time: an engine that keeps
# the prompt's prefix cached pays for them once). They show what the rules alone did not get
# across to the 0.5B model: keep sentence 1's fact, add one detail, drop filler, end the
# sentence within the length.
MERGE_EXAMPLES = (
    (
        (
            "After a heated three-hour debate that ran late into the night, the city council "
            "on Tuesday approved the $4.2 million budget proposed by the mayor in March.",
            "The budget, passed by a vote of 7 to 2, raises spending on schools by 4 percent.",
        ),
        22,
        "The city council approved the mayor's $4.2 million budget 7 to 2 on Tuesday, raising "
        "spending on schools by 4 percent.",
    ),
    (
        (
            "Rescue teams worked through the night in the flooded town of Riverton, where "
            "officials said at least 12 people had died and dozens more were missing on Sunday.",
            "Governor Maria Ortiz declared a state of emergency and said 300 National Guard "
            "troops would arrive by Monday morning to help.",
        ),
        22,
        "At least 12 people died in the Riverton floods, officials said on Sunday, and "
        "Governor Maria Ortiz declared a state of emergency.",
    ),
)


def build_merge_instruction(request: FusionRequest) -> str:
    """The user turn of a merge: the rules first (the same for every merge, so an engine can
    keep their prefix cached), then the group's sentences (the most salient first) and the
    length.

    Example:
        >>> s = Sentence("a", 0, 0, 0, 9, "Xi spoke.")
        >>> r = FusionRequest((Selected(s, 1.0),), {}, 8, "merge")
        >>> "1. Xi spoke." in build_merge_instruction(r)
        True
    """
    return _merge_instruction([sel.sentence.text for sel in request.selected], request.max_words)


def _merge_instruction(sentences: Sequence[str], max_words: int) -> str:
    numbered = "\n".join(f"{n}. {text}" for n, text in enumerate(sentences, 1))
    return (
        "Merge the numbered sentences below, from different reports of the same event, into "
        "ONE sentence that states the fact of sentence 1 and adds the most important detail "
        "that only the other sentences give. Rules: copy names, numbers, dates and quotes "
        "exactly; add no fact, opinion or comment of your own; write just the sentence.\n\n"
        f"{numbered}\n\nOne sentence of at most {max_words} words:"
    )


def seq2seq_input(request: FusionRequest, prefix: str = "") -> str:
    return prefix + " ".join(sel.sentence.text for sel in request.selected)


def prompt_ids(
    tokenizer: Any,
    request: FusionRequest,
    *,
    encoder_decoder: bool = False,
    prefix: str = "",
    max_input_tokens: int = 1536,
) -> list[int]:
    """The token ids every engine feeds its model: the chat-templated instruction for an
    instruct model (a plain prompt without a template), the sources for an encoder-decoder."""
    if encoder_decoder:
        text = seq2seq_input(request, prefix)
        return list(tokenizer(text, truncation=True, max_length=max_input_tokens)["input_ids"])
    merge = request.task == "merge"
    instruction = build_merge_instruction(request) if merge else build_instruction(request)
    system = MERGE_SYSTEM_PROMPT if merge else SYSTEM_PROMPT
    if getattr(tokenizer, "chat_template", None):
        messages = [{"role": "system", "content": system}]
        for sentences, max_words, merged in MERGE_EXAMPLES if merge else ():
            messages.append({"role": "user", "content": _merge_instruction(sentences, max_words)})
            messages.append({"role": "assistant", "content": merged})
        messages.append({"role": "user", "content": instruction})
        out = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_dict=True)
        return list(out["input_ids"])
    label = "Sentence:" if merge else "Summary:"
    return list(tokenizer(system + "\n\n" + instruction + "\n\n" + label)["input_ids"])


_MARKUP = re.compile(r"^\s*(#+\s*|[-*•]\s+|\d+[.)]\s+|\*\*)")
_LABEL = re.compile(r"^\s*\**\s*(summary|news summary|title|headline)\s*:?\s*\**\s*:?\s*", re.I)
# A finished sentence ends in . ! ? … (or a CJK stop), then optional closing quotes/brackets.
# ("both countries'" is an unfinished sentence ending in an apostrophe, not a quote.)
_FINISHED = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")


def is_finished(sentence: str) -> bool:
    """Whether ``sentence`` ends a sentence: terminal punctuation that does not close an
    abbreviation or an initial ("U.S.", "Mr.", "J."), which generation stops on mid-sentence.

    Example:
        >>> is_finished("Xi met the U.S."), is_finished("Xi met Blinken.")
        (False, True)
    """
    text = sentence.rstrip()
    m = _FINISHED.search(text)
    if m is None:
        return False
    dot = m.start()
    return not (text[dot] == "." and is_abbreviation(text, dot))


def _is_repeat(sentence: str, earlier: Sequence[set[str]], threshold: float = 0.7) -> bool:
    words = content_words(sentence)
    if not words:
        return True
    return any(len(words & prev) / len(words) >= threshold for prev in earlier)


def distinct_sentences(text: str) -> list[str]:
    """Generated text → its sentences, markup, labels, headings and repeats removed.

    The last sentence may be unfinished (generation can stop anywhere).
    """
    lines = []
    raw_lines = [line for line in text.splitlines() if line.strip()]
    for n, line in enumerate(raw_lines):
        is_last = n == len(raw_lines) - 1
        heading = line.lstrip().startswith("#")
        line = _LABEL.sub("", _MARKUP.sub("", line)).replace("**", "").strip()
        # Titles and sub-heads: a markdown heading, or a short unpunctuated line mid-text.
        if heading or (not is_last and not is_finished(line) and len(line.split()) <= 12):
            continue
        if line:
            lines.append(line)
    kept: list[str] = []
    seen: list[set[str]] = []
    for sentence in split_text(" ".join(lines)):
        if not _is_repeat(sentence, seen):
            kept.append(sentence)
            seen.append(content_words(sentence))
    return kept


def finalize(text: str, max_words: int, truncated: bool) -> str:
    """Clean generated text: strip markup, drop repeated sentences, trim to ``max_words``.

    ``truncated`` says generation was cut by the length limit, so the last sentence may be
    unfinished; an unfinished sentence is dropped.

    Example:
        >>> finalize("Summary: Xi met Blinken. Xi met Blinken. Talks ended.", 10, truncated=False)
        'Xi met Blinken. Talks ended.'
    """
    sentences = distinct_sentences(text)
    if truncated and sentences and not is_finished(sentences[-1]):
        unfinished = sentences.pop()
    else:
        unfinished = ""
    kept: list[str] = []
    used = 0
    straddling = ""
    for sentence in sentences:
        n = len(sentence.split())
        if used + n > max_words:
            straddling = sentence
            break
        kept.append(sentence)
        used += n
    else:
        straddling = unfinished
    floor = math.ceil(0.8 * max_words)
    if used < floor and straddling:
        # One long sentence runs past the budget: keep its leading clause when that reaches
        # the 80% band (ending a clause with a full stop beats a summary far under length).
        clause = leading_clause(straddling, floor - used, max_words - used)
        if clause:
            kept.append(clause)
    return " ".join(kept)


def decoded_result(
    tokenizer: Any,
    request: FusionRequest,
    prompt_tokens: int,
    ids: Sequence[int],
    finished: bool,
    seconds: float,
    first_token_seconds: float,
) -> FusionResult:
    """Generated token ids → FusionResult: decoded, then cleaned and trimmed by ``finalize``
    (``finished``: generation ended with end-of-text, so the last sentence is complete)."""
    raw = tokenizer.decode(list(ids), skip_special_tokens=True)
    return FusionResult(
        text=finalize(raw, request.max_words, truncated=not finished),
        raw_text=raw,
        prompt_tokens=prompt_tokens,
        generated_tokens=len(ids),
        seconds=seconds,
        first_token_seconds=max(0.0, first_token_seconds),
    )


def leading_clause(sentence: str, min_words: int, max_words: int) -> str:
    """The longest prefix of ``sentence`` ending at a clause break (a comma, a semicolon, or
    before "but", "because", "while", "although", "and") with between ``min_words`` and
    ``max_words`` words, closed with a full stop; "" if there is none."""
    best = ""
    for m in re.finditer(r"[,;](?=\s)|\s(?=(?:but|because|while|although|and)\s)", sentence):
        prefix = sentence[: m.start()].rstrip()
        n = len(prefix.split())
        if n > max_words:
            break
        # An open quotation would be left dangling.
        if n >= min_words and prefix.count("“") <= prefix.count("”") and prefix.count('"') % 2 == 0:
            best = prefix + "."
    return best


@dataclass(frozen=True)
class LengthState:
    """How far a generation has got, in words of distinct sentences."""

    complete_words: int  # in finished sentences
    total_words: int  # including an unfinished last sentence
    at_boundary: bool  # the text ends with a finished sentence
    mean_sentence_words: float
    finished_sentences: int = 0

    @classmethod
    def of(cls, text: str) -> LengthState:
        sentences = distinct_sentences(text)
        at_boundary = bool(sentences) and is_finished(sentences[-1])
        finished = sentences if at_boundary else sentences[:-1]
        complete = sum(len(s.split()) for s in finished)
        total = sum(len(s.split()) for s in sentences)
        mean = complete / len(finished) if finished else 0.0
        return cls(complete, total, at_boundary, mean, len(finished))


class LengthPolicy:
    """Where generation may end, so the finished summary lands in 80-100% of ``max_words``.

    - end-of-text is not allowed before ``min_fraction`` (default ``MIN_WORDS_FRACTION``) of
      the budget is written in distinct, finished sentences (small models stop early, then
      repeat themselves);
    - generation stops once the text runs past the budget (``finalize`` trims it back to a
      sentence boundary), or at a sentence boundary inside the band when one more sentence of
      the average length so far would overshoot, or once ``max_sentences`` are finished (a
      merge writes one sentence).
    """

    def __init__(
        self,
        max_words: int,
        min_fraction: float = MIN_WORDS_FRACTION,
        max_sentences: int | None = None,
    ) -> None:
        self.max_words = max_words
        self.min_words = math.ceil(min_fraction * max_words)
        self.floor = math.ceil(0.8 * max_words)
        self.max_sentences = max_sentences

    def allow_end(self, state: LengthState) -> bool:
        return state.complete_words >= self.min_words

    def should_stop(self, state: LengthState) -> bool:
        if state.total_words > self.max_words:
            return True
        if self.max_sentences is not None and state.finished_sentences >= self.max_sentences:
            return True
        return (
            state.at_boundary
            and state.complete_words >= self.floor
            and state.complete_words + state.mean_sentence_words > self.max_words
        )

    def done_without_eos(self, state: LengthState) -> bool:
        """For engines that cannot mask end-of-text per step (end-of-text is suppressed
        throughout): done at the first sentence boundary where ending is allowed, or by
        ``should_stop``."""
        return (state.at_boundary and self.allow_end(state)) or self.should_stop(state)


# --------------------------------------------------------------------------- prepared engines


class PreparedFuser:
    """What the batched engines share: a prepared directory holding the weights, the tokenizer
    files and the source model's config (``provision.HF_CONFIG``); prompts from
    :func:`prompt_ids`; ``fuse`` as a batch of one."""

    path: Path
    name: str
    tokenizer: Any
    config: dict[str, Any]
    is_encoder_decoder: bool
    prefix: str
    max_input_tokens: int
    max_batch: int = 1  # the most requests one generation takes

    def _load_prepared(
        self, path: str | Path, name: str | None, max_input_tokens: int, default_context: int
    ) -> None:
        import json

        from transformers import AutoTokenizer

        from .provision import HF_CONFIG

        self.path = Path(path)
        self.name = name or self.path.name
        self.config = json.loads((self.path / HF_CONFIG).read_text())
        self.is_encoder_decoder = bool(self.config.get("is_encoder_decoder", False))
        self.prefix = "summarize: " if self.config.get("model_type") == "t5" else ""
        self.tokenizer = AutoTokenizer.from_pretrained(self.path, local_files_only=True)
        context = int(self.config.get("max_position_embeddings") or default_context)
        self.max_input_tokens = min(max_input_tokens, context // 2)

    def _eos_ids(self) -> list[int]:
        """End-of-text ids from the generation config, the model config and the tokenizer."""
        import json

        generation = self.path / "generation_config.json"
        ids: set[int] = set()
        for source in (
            json.loads(generation.read_text()) if generation.is_file() else {},
            self.config,
        ):
            eos = source.get("eos_token_id")
            ids |= {eos} if isinstance(eos, int) else set(eos or [])
        if self.tokenizer.eos_token_id is not None:
            ids.add(self.tokenizer.eos_token_id)
        return sorted(ids)

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def _prompt_ids(self, request: FusionRequest) -> list[int]:
        return prompt_ids(
            self.tokenizer,
            request,
            encoder_decoder=self.is_encoder_decoder,
            prefix=self.prefix,
            max_input_tokens=self.max_input_tokens,
        )

    def fuse(self, request: FusionRequest) -> FusionResult:
        return self.fuse_batch([request])[0]

    def fuse_batch(self, requests: Sequence[FusionRequest]) -> list[FusionResult]:
        raise NotImplementedError


# --------------------------------------------------------------------------- transformers engine


class _GeneratedText:
    """Decodes the continuation once per length of ``input_ids`` and caches its state."""

    def __init__(self, tokenizer: Any, prompt_len: int) -> None:
        self.tokenizer = tokenizer
        self.prompt_len = prompt_len
        self._key = -1
        self._state = LengthState(0, 0, False, 0.0)

    def state(self, input_ids: Any) -> LengthState:
        if input_ids.shape[1] != self._key:
            ids = input_ids[0, self.prompt_len :]
            self._state = LengthState.of(self.tokenizer.decode(ids, skip_special_tokens=True))
            self._key = input_ids.shape[1]
        return self._state


def _length_controls(
    tokenizer: Any, prompt_len: int, eos_ids: Sequence[int], policy: LengthPolicy
) -> tuple[Any, Any]:
    """A logits processor masking end-of-text early, and a stopping criterion (LengthPolicy)."""
    import torch
    from transformers import LogitsProcessor, StoppingCriteria

    generated = _GeneratedText(tokenizer, prompt_len)

    class MinWords(LogitsProcessor):
        def __call__(self, input_ids: torch.Tensor, scores: torch.Tensor) -> torch.Tensor:
            if eos_ids and not policy.allow_end(generated.state(input_ids)):
                scores[:, list(eos_ids)] = -math.inf
            return scores

    class StopInBand(StoppingCriteria):
        def __call__(self, input_ids: torch.Tensor, scores: Any, **kwargs: Any) -> torch.Tensor:
            done = policy.should_stop(generated.state(input_ids))
            return torch.full(
                (input_ids.shape[0],), done, dtype=torch.bool, device=input_ids.device
            )

    return MinWords(), StopInBand()


def max_new_tokens(max_words: int) -> int:
    """Generation cap for a ``max_words`` summary, with headroom for the repeats and markup
    that ``finalize`` removes (the length policy normally stops well before it)."""
    return int(max_words * TOKENS_PER_WORD * 1.25) + 32


def repeating_ngram_tokens(out: Sequence[int], n: int) -> list[int]:
    """Tokens that would make ``out`` repeat one of its own ``n``-grams (none when ``n`` is 0)."""
    if not n or len(out) < n:
        return []
    prefix = tuple(out[len(out) - n + 1 :])
    return [out[i + n - 1] for i in range(len(out) - n + 1) if tuple(out[i : i + n - 1]) == prefix]


def _no_repeat_ngram(prompt_len: int, n: int) -> Any:
    """Ban tokens that would repeat an ``n``-gram of the generated text itself.

    transformers' ``no_repeat_ngram_size`` also looks at the prompt, which would stop a
    decoder-only model from copying names and quotes out of its sources; this looks only at
    what the model wrote, where a repeat is a loop.
    """
    import torch
    from transformers import LogitsProcessor

    class NoRepeatInOutput(LogitsProcessor):
        def __call__(self, input_ids: torch.Tensor, scores: torch.Tensor) -> torch.Tensor:
            for row in range(input_ids.shape[0]):
                banned = repeating_ngram_tokens(input_ids[row, prompt_len:].tolist(), n)
                if banned:
                    scores[row, banned] = -math.inf
            return scores

    return NoRepeatInOutput()


class TransformersFuser:
    """Greedy generation with transformers, for decoder-only and encoder-decoder models.

    Decoder-only models use prompt-lookup decoding: summaries copy long spans of their sources,
    so drafting from the prompt accepts several tokens per forward pass with output identical to
    plain greedy decoding.
    """

    engine = "transformers"

    def __init__(
        self,
        path: str | Path,
        device: str = "cpu",
        max_input_tokens: int = 1536,
        repetition_penalty: float = 1.05,
        prompt_lookup_tokens: int = 10,
        no_repeat_ngram: int = 4,
        name: str | None = None,
    ) -> None:
        import torch
        from transformers import (
            AutoConfig,
            AutoModelForCausalLM,
            AutoModelForSeq2SeqLM,
            AutoTokenizer,
        )

        self.path = Path(path)
        self.name = name or self.path.name
        self.device = device
        self.repetition_penalty = repetition_penalty
        self.prompt_lookup_tokens = prompt_lookup_tokens
        self.no_repeat_ngram = no_repeat_ngram
        config = AutoConfig.from_pretrained(self.path, local_files_only=True)
        self.is_encoder_decoder = bool(getattr(config, "is_encoder_decoder", False))
        dtype = torch.float32 if device == "cpu" else torch.float16
        cls = AutoModelForSeq2SeqLM if self.is_encoder_decoder else AutoModelForCausalLM
        self.tokenizer = AutoTokenizer.from_pretrained(self.path, local_files_only=True)
        self.model = cls.from_pretrained(self.path, dtype=dtype, local_files_only=True)
        self.model.to(device).eval()
        context = getattr(config, "max_position_embeddings", None) or 1024
        self.max_input_tokens = min(max_input_tokens, int(context) // 2)
        self.prefix = "summarize: " if getattr(config, "model_type", "") == "t5" else ""
        gen = self.model.generation_config
        eos = gen.eos_token_id if gen.eos_token_id is not None else self.tokenizer.eos_token_id
        self.eos_ids = [eos] if isinstance(eos, int) else list(eos or [])
        self.pad_id = self.tokenizer.pad_token_id
        if self.pad_id is None:
            self.pad_id = self.eos_ids[0] if self.eos_ids else 0

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def _encode(self, request: FusionRequest) -> Any:
        import torch

        ids = prompt_ids(
            self.tokenizer,
            request,
            encoder_decoder=self.is_encoder_decoder,
            prefix=self.prefix,
            max_input_tokens=self.max_input_tokens,
        )
        return torch.tensor([ids], dtype=torch.long)

    def fuse(self, request: FusionRequest) -> FusionResult:
        import torch
        from transformers import LogitsProcessorList, StoppingCriteriaList

        started = time.perf_counter()
        input_ids = self._encode(request).to(self.device)
        prompt_len = 0 if self.is_encoder_decoder else int(input_ids.shape[1])
        processor, stopper = _length_controls(
            self.tokenizer, prompt_len, self.eos_ids, request.length_policy()
        )
        kwargs: dict[str, Any] = {
            "do_sample": False,
            # Headroom for repeats and markup that finalize() removes.
            "max_new_tokens": max_new_tokens(request.max_words),
            "repetition_penalty": request.repetition_penalty(self.repetition_penalty),
            "logits_processor": LogitsProcessorList(
                [processor, _no_repeat_ngram(prompt_len, self.no_repeat_ngram)]
            ),
            "stopping_criteria": StoppingCriteriaList([stopper]),
            "pad_token_id": self.pad_id,
            "attention_mask": torch.ones_like(input_ids),
        }
        if not self.is_encoder_decoder and self.prompt_lookup_tokens:
            kwargs["prompt_lookup_num_tokens"] = self.prompt_lookup_tokens
        first_forward: list[float] = []  # the prompt's forward pass ends the first token's wait
        hook = self.model.register_forward_hook(
            lambda *_: first_forward.append(time.perf_counter()) if not first_forward else None
        )
        try:
            with torch.inference_mode():
                output = self.model.generate(input_ids, **kwargs)
        finally:
            hook.remove()
        new_ids = output[0, prompt_len:].tolist()
        finished = bool(new_ids) and new_ids[-1] in self.eos_ids
        return decoded_result(
            self.tokenizer,
            request,
            int(input_ids.shape[1]),
            new_ids,
            finished,
            time.perf_counter() - started,
            (first_forward[0] if first_forward else started) - started,
        )
