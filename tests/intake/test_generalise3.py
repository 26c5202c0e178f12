"""Layouts read by rule in the third round: invented briefings, not copies of the corpus."""

from intake.parser import parse

BRACKETED = """Thornbury Safeguarding Children Partnership (TSCP)

RAPID REVIEW: INFANT K
Learning summary

Review meeting held: 3 February 2024
Summary approved by the TSCP Board: 9 May 2024

Background

1. Infant K lived with her mother, who had been in foster care between 2012 and 2019.

Learning

2. The health visitor never met the mother's new partner, who lived in the home.

3. The GP practice did not know that the family had moved into the area.

Agreed actions

* Write a checklist for new-birth visits that asks who else lives in the home (owner: Thornbury Health Visiting, due 30 June 2024)
* Register families who move into the area with a GP within a month (lead: Primary Care Lead; by March 2025)
"""


def test_actions_with_lead_and_deadline_in_a_closing_bracket():
    actions = parse(BRACKETED).all_actions
    assert [(a.lead, a.deadline) for a in actions] == [
        ("Thornbury Health Visiting", "30 June 2024"),
        ("Primary Care Lead", "March 2025"),
    ]
    assert actions[0].description.endswith("who else lives in the home")


def test_year_from_a_labelled_date_in_the_head_not_from_the_background():
    assert parse(BRACKETED).year == 2024
