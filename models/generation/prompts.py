"""The prompts every engine feeds its model: the one-shot summary instruction, the merge
instruction with its worked examples, and the token ids they render to."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .base import GenerationRequest

# Prompt overhead of the fusion instruction, in tokens, on top of the source sentences.
PROMPT_OVERHEAD_TOKENS = 320

SYSTEM_PROMPT = (
    "You are a careful news editor. You write accurate, neutral news summaries using only "
    "facts stated in the source sentences you are given."
)


def n_sentences_for(max_words: int) -> int:
    return max(2, round(max_words / 22))


def build_instruction(request: GenerationRequest) -> str:
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


def build_merge_instruction(request: GenerationRequest) -> str:
    """The user turn of a merge: the rules first (the same for every merge, so an engine can
    keep their prefix cached), then the group's sentences (the most salient first) and the
    length.

    Example:
        >>> from models.types import Selected, Sentence
        >>> s = Sentence("a", 0, 0, 0, 9, "Xi spoke.")
        >>> r = GenerationRequest((Selected(s, 1.0),), {}, 8, "merge")
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


def seq2seq_input(request: GenerationRequest, prefix: str = "") -> str:
    return prefix + " ".join(sel.sentence.text for sel in request.selected)


def prompt_ids(
    tokenizer: Any,
    request: GenerationRequest,
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
