"""Recommendations written in running prose (intake/prose.py), on invented text."""

from intake.parser import parse
from intake.prose import prose_recommendations

TEXT = """Learning from practice

Findings

1. Working with fathers
Fathers were rarely seen. The review recommended that every assessment names the men in the household.
The Board should seek assurance from health partners that fathers are invited to appointments

2. Neglect
Practitioners lost sight of the children's daily lives.

To strengthen supervision, the following is recommended:

Supervision

- Managers should review every open neglect case each quarter.
- Supervisors need to record the child's voice in every session.

Questions for practitioners

- How do you find out who lives in the home?
"""


def test_sentences_saying_what_a_review_recommended_are_recommendations():
    found = [text for _, text in prose_recommendations(TEXT)]
    assert "The review recommended that every assessment names the men in the household." in found
    assert found[1].startswith("The Board should seek assurance from health partners")


def test_the_list_after_the_following_is_recommended_is_read_past_its_sub_headings():
    found = [text for _, text in prose_recommendations(TEXT)]
    assert found[2:] == [
        "Managers should review every open neglect case each quarter.",
        "Supervisors need to record the child's voice in every session.",
    ]


def test_prose_recommendations_join_the_finding_that_holds_them_and_never_twice():
    proposal = parse(TEXT)
    recommendations = proposal.all_recommendations
    assert len(recommendations) == len(set(recommendations))
    assert any(r.startswith("The review recommended that every") for r in recommendations)
    assert "How do you find out who lives in the home?" not in recommendations


def test_a_finding_that_merely_mentions_recommendations_adds_none():
    text = "Findings\n\nThe recommendations of the last review were not followed up.\n"
    assert prose_recommendations(text) == []
