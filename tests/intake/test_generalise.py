"""The intake reads layouts by rule, not by the corpus's wordings: briefings invented here use
headings, glyphs and plans that no corpus file uses."""

from intake.parser import parse, parse_parts

BRIEFING = """Moorcross Safeguarding Children Partnership (MSCP)

Learning Brief – Child Z

Overview

Child Z was 14 when she went missing from home in 2021. The review looked at 2019 to 2022.

Insights for practice

MISSING EPISODES WERE NOT LINKED
Each of the nine missing episodes was treated on its own and no agency looked at the pattern.

EXPLOITATION WAS SEEN TOO LATE
Older males were seen with Child Z on three occasions before anyone used the exploitation tool.

Positive practice

The school nurse kept in touch with Child Z throughout.

Changes we want to see

➤ Return home interviews should be shared with the school within five working days.
➤ The exploitation screening tool should be used after a second missing episode.

Our commitments

What: Add missing episodes to the school's daily safeguarding log
Who: MSCP Education Group
When: April 2026
Impact: Schools know of every missing episode within a day
What: Launch an exploitation screening refresher for police and youth workers who
meet young people at night
Who: MSCP Training Lead
When: June 2026
Impact: Screening used earlier
Ask yourself
o  When did you last look at a young person's missing episodes together?
o  Who would you tell if you saw an adult with a child you know?

Moorcross Safeguarding Children Partnership - November 2025
"""


def test_sections_known_by_their_words_and_titles_in_capitals_under_them():
    proposal = parse(BRIEFING)
    assert [f.title for f in proposal.findings] == [
        "MISSING EPISODES WERE NOT LINKED",
        "EXPLOITATION WAS SEEN TOO LATE",
    ]
    assert proposal.recommendations == [
        "Return home interviews should be shared with the school within five working days.",
        "The exploitation screening tool should be used after a second missing episode.",
    ]
    assert len(proposal.questions) == 2


def test_what_who_when_blocks_wrapped_over_lines_and_details_from_the_footer():
    proposal = parse(BRIEFING)
    actions = proposal.all_actions
    assert [(a.lead, a.deadline) for a in actions] == [
        ("MSCP Education Group", "April 2026"),
        ("MSCP Training Lead", "June 2026"),
    ]
    assert actions[1].description.endswith("who meet young people at night")
    assert (proposal.review_name, proposal.board_abbreviation) == ("Child Z", "MSCP")
    assert proposal.year == 2025


BULLETIN = """# Fenmoor Safeguarding Newsletter

Issued jointly by the Fenmoor Safeguarding Adults Board (FSAB) and the Fenmoor Safeguarding
Children Partnership (FSCP).

## Section A: Safeguarding Adults Review — "Arthur"

The FSAB published this review in May 2025.

### Key messages

- Arthur's self-neglect was seen as a lifestyle choice, and his capacity was never assessed.

### Recommendations

- Self-neglect should be considered at every hoarding referral.

## Section B: Rapid Review — Infant Y

The FSCP held a rapid review in March 2025.

### Key messages

- Infant Y's father was not known to the health visitor.
"""


def test_a_bulletin_divides_at_headings_that_name_a_kind_of_review():
    parts = parse_parts(BULLETIN)
    assert [(p.review_name, p.kind, p.board_abbreviation) for p in parts] == [
        ("Arthur", "sar", "FSAB"),
        ("Infant Y", "rapid", "FSCP"),
    ]
    assert parts[1].board_name == "Fenmoor Safeguarding Children Partnership"
    assert [p.year for p in parts] == [2025, 2025]


def test_columns_the_header_does_not_name_are_read_by_their_cells():
    from intake.tables import read_table

    table = read_table(
        [
            ["No.", "Detail", "Person", "Date"],
            ["1", "Audit the files schools send on transfer", "Education Safeguarding Lead", "Q3"],
            ["2", "Re-launch the neglect toolkit with training", "Neglect Group", "Q4 2025/26"],
        ],
        line=1,
    )
    assert table.understood
    assert [(r.action.description, r.action.lead) for r in table.rows] == [
        ("Audit the files schools send on transfer", "Education Safeguarding Lead"),
        ("Re-launch the neglect toolkit with training", "Neglect Group"),
    ]
    # A table of the children reviewed is no plan, whatever its cells.
    children = read_table(
        [["Name", "Age", "Born"], ["Child A", "14", "2008"], ["Child B", "15", "2009"]], line=1
    )
    assert not children.understood


def test_action_fields_in_any_order_start_a_new_action_at_a_repeated_field():
    from intake.tables import read_field_blocks

    rows = read_field_blocks(
        [
            ("Action owner: Designated Nurse", 1),
            ("Deadline: 31 May 2026", 2),
            ("Action: Brief GPs on bruising in babies", 3),
            ("Action owner: Police", 4),
            ("Action: Train call handlers", 5),
            ("Due: June 2026", 6),
        ]
    )
    assert [(r.action.description, r.action.lead, r.action.deadline) for r in rows] == [
        ("Brief GPs on bruising in babies", "Designated Nurse", "31 May 2026"),
        ("Train call handlers", "Police", "June 2026"),
    ]


def test_kinds_names_and_numbered_recommendations_by_rule():
    text = (
        "Upper Dale Safeguarding Adults Board\n\nAdult Practice Review: Mr D\n\n"
        "Issued: 4 March 2025\n\nKey learning\n\nKey learning 1: Mr D's carers were not heard\n"
        "Nobody asked the carers what they saw at night.\n\n"
        "Recommendations\n\nRecommendation 1: Carers should be asked about nights.\n\n"
        "Recommendation 2: The Board should audit carers' assessments.\n"
    )
    proposal = parse(text)
    assert (proposal.review_name, proposal.kind, proposal.year) == ("Mr D", "sar", 2025)
    assert proposal.board_name == "Upper Dale Safeguarding Adults Board"
    assert [f.title for f in proposal.findings] == ["Mr D's carers were not heard"]
    assert proposal.recommendations == [
        "Carers should be asked about nights.",
        "The Board should audit carers' assessments.",
    ]


def test_any_bullet_glyph_under_a_heading_known_by_its_words():
    proposal = parse(
        "Child K\n\nWhat we learned\n\n■ Nobody saw the baby at home for six weeks.\n"
        "■ The father was not known to midwives.\n\nPriorities for improvement\n\n"
        "❖ Health visitors should see every baby at home within 14 days.\n"
        "❖ Midwives should ask about every adult in the household.\n\n"
        "Questions for your team\n\n○ Who lives in the home?\n○ When did you last see the baby?\n"
    )
    assert len(proposal.findings) == 2
    assert proposal.recommendations[1] == "Midwives should ask about every adult in the household."
    assert proposal.questions == ["Who lives in the home?", "When did you last see the baby?"]
