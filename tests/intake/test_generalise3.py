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


THEMATIC = """# Thematic review of young people in unregulated housing

**Aldmoor Safeguarding Children Partnership (ASCP)**

First published: 4 March 2024

## 1. Learning

### 1.1 Placements made in a hurry

Four young people were placed at less than a day's notice, and no visit was made first.

### 1.2 The voice of the young person

No young person was asked what they thought of where they were living.

## 2. Action plan

| Recommendation | Agency | Owner | Target | Progress |
|---|---|---|---|---|
| Visit every unregulated placement before a young person moves in | Children's services | Head of Placements | June 2024 | On track |
| Record each young person's view of their placement at every review | Children's services | Independent Reviewing Service Manager | May 2024 | Complete |
"""


def test_numbered_subsections_stay_in_their_section_whatever_their_words():
    proposal = parse(THEMATIC)
    assert [f.title for f in proposal.findings] == [
        "1.1 Placements made in a hurry",
        "1.2 The voice of the young person",
    ]


def test_a_recommendation_column_of_doing_sentences_is_the_action_and_owner_beats_agency():
    proposal = parse(THEMATIC)
    assert [(a.description[:20], a.lead, a.deadline) for a in proposal.all_actions] == [
        ("Visit every unregula", "Head of Placements", "June 2024"),
        ("Record each young pe", "Independent Reviewing Service Manager", "May 2024"),
    ]
    assert proposal.review_name == "Young people in unregulated housing"


TITLED_LIST = """# Learning review: Mr T

**Date published:** 2 May 2023

## 2. What we learned

Three areas of learning were found.

1. **Hoarding was seen as a lifestyle choice**
   Mr T's home was full to the ceiling, and each agency noted it but none asked why.

2. **Carers were not offered an assessment**
   His niece cared for him every day and was never asked how she was coping.

## 3. Recommendations

- The Board should publish a hoarding pathway.
"""


def test_an_ordered_list_of_bold_titles_with_their_text_indented_below():
    proposal = parse(TITLED_LIST)
    assert [(f.title, f.text[:12]) for f in proposal.findings] == [
        ("Hoarding was seen as a lifestyle choice", "Mr T's home "),
        ("Carers were not offered an assessment", "His niece ca"),
    ]
    assert proposal.recommendations == ["The Board should publish a hoarding pathway."]


def test_a_drawn_pdf_table_with_wrapped_cells_is_rebuilt_from_its_layout_text():
    from intake.pdftables import with_layout_tables

    plain = (
        "Our plan\n"
        "Action Lead Deadline\n"
        "Train door staff to spot\n"
        "signs of exploitation\n"
        "Night Economy\n"
        "Partnership June 2026\n"
        "Map the hotels used by\n"
        "young people Police Analyst May 2026\n"
        "» Who checks on guests?"
    )
    layout = (
        "Our plan\n"
        "Action                      Lead               Deadline\n"
        "Train door staff to spot    Night Economy\n"
        "signs of exploitation       Partnership        June 2026\n"
        "Map the hotels used by\n"
        "young people                Police Analyst     May 2026\n"
        "\n"
        "» Who checks on guests?"
    )
    assert with_layout_tables(plain, layout).split("\n") == [
        "Our plan",
        "| Action | Lead | Deadline |",
        "| Train door staff to spot signs of exploitation | Night Economy Partnership | June 2026 |",
        "| Map the hotels used by young people | Police Analyst | May 2026 |",
        "» Who checks on guests?",
    ]


def test_guillemet_bullets_are_list_items():
    text = (
        BRACKETED
        + "\nQuestions to consider\n\n»  Who lives in the home?\n»  Who else cares for the baby?\n"
    )
    assert parse(text).questions == ["Who lives in the home?", "Who else cares for the baby?"]
