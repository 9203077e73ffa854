"""The latest state wins: which sentence tells as pending what another tells as done."""

from __future__ import annotations

import pytest

from models.write.latest import outdated_by, pending_verbs


@pytest.mark.parametrize(
    ("pending", "done", "outdated"),
    [
        # tuning stories, written anew: the earlier state beside the later one
        (
            "The committee may vote as soon as Monday to release the memo.",
            "Committee Republicans have voted to release the memo.",
            True,
        ),
        (
            "The fraternity has hired lawyers and is planning to sue the men.",
            "The fraternity is suing the men who used its name.",
            True,
        ),
        # about something else once done ("sue the men", "suing a group of students")
        (
            "The fraternity is planning to sue the men.",
            "The fraternity is suing a group of students.",
            False,
        ),
        (
            "The board is expected to approve the sale.",
            "The board approved the sale on Friday.",
            True,
        ),
        ("The city will release the video.", "The city released the video late on Tuesday.", True),
        # a hedged finding is no pending event, without a time after it
        (
            "Losing and regaining weight may increase the risk of a stroke.",
            "In the trial, weight cycling increased the risk of a stroke.",
            False,
        ),
        # another verb, a quotation, or a verb the other sentence also tells as pending
        ("The committee will vote on Monday.", "The committee met on Friday.", False),
        ("The city will release the video.", '"We released what we had," the mayor said.', False),
        ("Officials will decide next week.", "Officials will decide after the vote.", False),
        # a verb that is no event
        ("The hearing will be held in May.", "The hearing was held in private.", False),
        # a second reader's: a negation (the later state is that it is still pending), a
        # participle after a determiner, an earlier event dated on its own, another object
        (
            "The committee may vote as soon as Monday to release the memo.",
            "The committee has not yet voted on whether to release the memo.",
            False,
        ),
        ("The board is expected to approve the sale.", "It never approved the sale.", False),
        (
            "Hamas will release more hostages on Saturday.",
            "The released hostages were taken to a hospital.",
            False,
        ),
        (
            "Hamas will release more hostages on Saturday.",
            "Hamas released four hostages last week.",
            False,
        ),
        ("The firm will appeal the fine.", "The firm appealed a similar fine in 2017.", False),
        ("Police will question the suspect.", "Police questioned witnesses at the scene.", False),
        (
            "The governor could sign the bill as soon as Friday.",
            "The governor signed an executive order on Thursday.",
            False,
        ),
        # a third reader's: the same day is no same event, a year elsewhere in the sentence
        # does not date the event, and "Yet" or "not only" is no negation
        (
            "The committee may vote as soon as Monday to release the memo.",
            "The committee voted Monday to confirm Smith as its chairman.",
            False,
        ),
        (
            "Police will question the suspect on Friday.",
            "Police questioned witnesses on Friday.",
            False,
        ),
        (
            "The committee may vote as soon as Monday to release the memo.",
            "The committee voted Monday to release a memo on abuses during the 2016 campaign.",
            True,
        ),
        (
            "The committee may vote as soon as Monday to release the memo.",
            "Yet the committee voted to release the memo.",
            True,
        ),
        # a past expectation is no pending state
        ("The board was expected to approve the sale.", "The board approved the sale.", False),
    ],
)
def test_a_pending_event_is_outdated_by_the_same_event_done(pending, done, outdated):
    assert outdated_by(pending, done) is outdated


@pytest.mark.parametrize(
    ("text", "verbs"),
    [
        ("The panel could decide next week whether to act.", ["decide"]),
        ("The panel could decide whether to act.", []),
        ("She might run on Tuesday, aides said.", ["run"]),
        ('"We will win," he said.', []),
        ("The union plans to strike, and the firm will respond.", ["strike", "respond"]),
    ],
)
def test_pending_verbs_are_read_from_the_narration(text, verbs):
    assert [verb for verb, _ in pending_verbs(text)] == verbs
