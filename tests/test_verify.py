"""The head-coverage rule (models/write/verify.py ``adds_to_head``): what a merge must add to
its head."""

from __future__ import annotations

from models.write.graphmerge import GraphMerger
from models.write.verify import adds_to_head
from tests.merge_cases import GIANFORTE, JOINED, SENTENCED, sentence


def test_a_merge_may_build_on_a_partner_and_add_the_heads_words():
    """Read on the dev clusters: the partner's "and was sentenced" joined to the head's
    subject keeps all of the partner's words and adds the head's, not 70 % of the head's."""
    members = [sentence(0, 0, GIANFORTE), sentence(1, 0, SENTENCED)]
    assert not adds_to_head(JOINED, members, 0.7)
    assert adds_to_head(JOINED, members, 0.7, any_base=True)
    # a path that only rewords one member adds nothing, whatever its base
    assert not adds_to_head(SENTENCED, members, 0.7, any_base=True)


def test_a_merge_built_on_a_partner_must_add_a_word_the_head_lacks():
    """A partner whose words are all the head's can be a base; a path that keeps it and some
    of the head says nothing the head does not (found in review)."""
    head = (
        "Greg Gianforte, the Montana congressman-elect, pleaded guilty to misdemeanor assault "
        "on Monday morning in a Bozeman court."
    )
    partner = "Gianforte, the congressman-elect, pleaded guilty to misdemeanor assault on Monday."
    members = [sentence(0, 0, head), sentence(1, 0, partner)]
    shorter = (
        "Gianforte, the Montana congressman-elect, pleaded guilty to misdemeanor assault on "
        "Monday morning in a Bozeman court."
    )
    assert not adds_to_head(shorter, members, 0.7, any_base=True)
    assert GraphMerger().merge_many([members]) == [None]
