"""What a sentence reports without its speaker (:func:`models.speech.statement`), read by
novelty's pass as read: a fact told again by a new speaker gives way. Sentences from the tuning
clusters, and the near misses a second reader of the diff found (round 15)."""

import pytest

from models.speech import statement


@pytest.mark.parametrize(
    ("sentence", "told"),
    [
        (
            "Mayor Ann Price confirmed the arrest and said Roe was fired immediately.",
            " the arrest and said Roe was fired immediately.",
        ),
        (
            "Delta says it’s simplifying its boarding process.",
            " it’s simplifying its boarding process.",
        ),
        (
            "The arrest took place after classes, said Pine Hill ISD.",
            "The arrest took place after classes",
        ),
        ("The fire destroyed 40 homes, officials said.", "The fire destroyed 40 homes"),
        # a fact before "and said" is no speaker
        (
            "Police arrested two suspects on Sunday and said more arrests were expected.",
            None,
        ),
        ("The Senate passed the bill on Monday and Obama said he would sign it.", None),
        # ", said he would ..." is a report, not a speaker
        ("Roe, 56, said he would fight the charges in court.", None),
        # the speaker's own words
        ('Trump said Tuesday: "So this is about self-defense."', None),
        ("Trump told reporters: “This is about self-defense.”", None),
        ("Trump said: ‘This is about self-defense.’", None),
        ('Trump said that "this is about self-defense."', None),
        ('"This investigation is about individuals," Fire Marshal Mike Causey said.', None),
        # no speaker at all
        ("The fire destroyed 40 homes on Tuesday.", None),
    ],
)
def test_what_a_sentence_reports_without_its_speaker(sentence, told):
    assert statement(sentence) == told
