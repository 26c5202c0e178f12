# ruff: noqa: F811  (fixtures imported from tests.intake_files are used as arguments)
"""The intake parser on the five source briefings and on layouts they do not use."""

from pathlib import Path

import pytest

from intake.parser import cell_items, guess_board, narrative_actions, parse
from intake.themes import ThemeMatcher
from tests.intake_files import keyword_themes  # noqa: F401

BRIEFINGS = Path(__file__).resolve().parents[2] / "fixtures" / "briefings"


def briefing(name):
    return (BRIEFINGS / f"{name}.txt").read_text(encoding="utf-8")


def test_wiltshire_findings_are_the_six_numbered_ones():
    proposal = parse(briefing("wiltshire-family-m"))
    assert proposal.scheme == "labelled"
    assert [f.label for f in proposal.findings] == [f"Finding {n}" for n in range(1, 7)]
    assert proposal.findings[0].text.startswith("The exponential increase in the number of men")
    assert proposal.findings[0].line_start == 39
    assert (proposal.review_name, proposal.kind, proposal.family_pseudonym) == (
        "Family M",
        "scr",
        "Family M",
    )
    assert proposal.year is None  # “summer 2018” is a deadline, “Working Together 2015” a title


def test_wiltshire_finding_3_has_six_actions_each_with_its_own_lead():
    finding = parse(briefing("wiltshire-family-m")).findings[2]
    assert finding.success_measure == (
        "Professional challenge will be evidenced as part of our professional culture"
    )
    assert [a.lead for a in finding.actions] == [
        "WSCB Business Unit",
        "WSCB Chair",
        "WSCB Multi-Agency Training Development Officer",
        "WSCB QA Lead",
        "WSCB QA Lead",
        "WSCB QA Lead",
    ]
    assert {a.deadline for a in finding.actions} == {"ongoing"}
    assert "<" not in " ".join(a.description for a in finding.actions)


def test_wiltshire_narrative_responses_become_actions_split_at_dated_sentences():
    findings = parse(briefing("wiltshire-family-m")).findings
    assert [a.description[:25] for a in findings[1].actions] == ["WSCB will seek assurance "]
    assert [(a.description[:20], a.deadline) for a in findings[4].actions] == [
        ("A Task and Finish Gr", ""),
        ("This is a priority f", "summer 2018"),
    ]


def test_wiltshire_already_done_items_are_complete_review_wide_actions():
    actions = parse(briefing("wiltshire-family-m")).actions
    done = [a for a in actions if a.status == "complete"]
    assert [a.description[:20] for a in done] == [
        "established a Task a",
        "initiated a Child in",
        "presented the findin",
    ]


def test_wolverhampton_themes_carry_their_recommendations():
    proposal = parse(briefing("wolverhampton-family-e"))
    assert [f.label for f in proposal.findings] == [f"Theme {n}" for n in range(1, 6)]
    assert [len(f.recommendations) for f in proposal.findings] == [3, 4, 3, 4, 4]
    theme_4 = proposal.findings[3]
    assert theme_4.text.startswith("Inter-agency work was compromised by several factors:")
    # The bullet broken over a blank line is one recommendation; emphasis marks are dropped.
    assert theme_4.recommendations[2].endswith(
        "seeking support from their agencies safeguarding leads for advice and support."
    )
    assert "**" not in " ".join(theme_4.recommendations)


def test_surrey_numbered_sections_with_their_reflective_questions():
    proposal = parse(briefing("surrey-scr-briefing-2016-2020"))
    assert proposal.scheme == "numbered"
    assert proposal.kind == "thematic" and proposal.family_pseudonym == ""
    labels = [f.label for f in proposal.findings]
    assert labels[:4] == ["2", "2.1", "2.1.1", "2.1.2"]
    assert "3.5" in labels and "4.4" in labels
    assert not {"1", "3", "4", "5"} & set(labels)  # introduction, bare parts and conclusion
    escalation = proposal.findings[labels.index("3.5")]
    assert escalation.title == "Escalation of professional dissent"
    assert escalation.questions[-1].startswith("What further action do you take")
    assert proposal.question_count == 36


def test_dorset_findings_are_the_headings_under_findings():
    proposal = parse(briefing("dorset-family-s15"))
    assert proposal.scheme == "headings"
    assert [f.title for f in proposal.findings] == [
        "Investigative mindset",
        "Professional Curiosity and Challenge within the Multi Agency Network",
        "Medical Assessments",
        "The Voice of the Child",
        "Supervision",
    ]
    assert proposal.practice_period == "October 2012 – March 2014"
    assert proposal.year == 2015


def test_column_layout_with_each_heading_on_its_own_line():
    text = """Family P

Finding 1: Nobody asked the child what life at home was like for a very long time indeed.

How will we know we are making a difference?
Children's views are recorded in every assessment
What are we going to do?
- Add the child's view to the assessment template
- Audit twenty assessments
Who will lead
Principal Social Worker
Audit Lead
By when
31 March 2021
"""
    finding = parse(text).findings[0]
    assert finding.success_measure == "Children's views are recorded in every assessment"
    assert [(a.description, a.lead, a.deadline) for a in finding.actions] == [
        (
            "Add the child's view to the assessment template",
            "Principal Social Worker",
            "31 March 2021",
        ),
        ("Audit twenty assessments", "Audit Lead", "31 March 2021"),
    ]


def test_table_cells_lose_markup_and_bullets():
    assert cell_items("<ul> • One &amp; two • Three </ul>") == ["One & two", "Three"]
    assert cell_items("<p>Lead A</p> <p>Lead B</p>") == ["Lead A", "Lead B"]


def test_narrative_without_a_date_is_one_action():
    actions = narrative_actions("We will do this. And that too.")
    assert [a.description for a in actions] == ["We will do this. And that too."]


def test_text_without_findings_proposes_none():
    proposal = parse("A letter\n\nDear colleagues, thank you for coming to the meeting last week.")
    assert proposal.findings == [] and proposal.scheme == "none"


def test_theme_suggestions_name_the_words_and_match_inflections(keyword_themes):
    matcher = ThemeMatcher(keyword_themes)
    suggestions = matcher.suggest("The neglected child; NEGLECTFUL care. Escalation was rare.")
    assert [(s.theme_name, s.words) for s in suggestions] == [
        ("Neglect", ("neglected", "neglectful")),
        ("Professional challenge and escalation", ("escalation",)),
    ]
    assert matcher.suggest("Nothing relevant here") == []


def test_board_is_guessed_from_its_area_not_a_shared_abbreviation(db):
    from reviews.models import Board

    wiltshire = Board.objects.create(
        name="Wiltshire SCB", slug="w", abbreviation="WSCB", area="Wiltshire"
    )
    Board.objects.create(
        name="Wolverhampton SCB", slug="wo", abbreviation="WSCB", area="Wolverhampton"
    )
    assert guess_board(briefing("wiltshire-family-m"), list(Board.objects.all())) == wiltshire
    assert guess_board("No place named here at all.", list(Board.objects.all())) is None


@pytest.mark.skipif(
    not (BRIEFINGS.parent / "findings.json").exists(), reason="the curated fixtures are needed"
)
@pytest.mark.parametrize(
    "name", ["wiltshire-family-m", "wolverhampton-family-e", "surrey-scr-briefing-2016-2020"]
)
def test_parser_recovers_at_least_90_percent_of_curated_findings_and_actions(name):
    """The briefings with numbered findings or themes (scripts/measure_intake.py prints all)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "measure_intake", BRIEFINGS.parents[1] / "scripts" / "measure_intake.py"
    )
    measure = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(measure)
    curated_findings, curated_actions = measure.curated_by_briefing()
    found_findings, found_actions = measure.proposed_items(parse(briefing(name)))
    for curated, found in [
        (curated_findings[f"{name}.txt"], found_findings),
        (curated_actions.get(f"{name}.txt", []), found_actions),
    ]:
        count, missed = measure.recovered(curated, found)
        assert count >= 0.9 * len(curated), missed


def test_slough_bullets_under_key_findings_emerging_issues_and_background_notes_are_findings():
    proposal = parse(briefing("slough-newsletter-2011"))
    kinds = [f.kind for f in proposal.findings]
    assert kinds.count("key-finding") == 16
    sixth = [f for f in proposal.findings if f.kind == "key-finding"][5]
    # A bullet broken mid-sentence and the “−” list under it stay one finding.
    assert sixth.text.startswith("local Safeguarding Children Boards identified the lessons")
    assert "- valuing challenge, supervision and scrutiny." in sixth.text
    titles = [f.title for f in proposal.findings if f.title]
    assert {"Needs and indicators", "Policies and procedures", "Assessments"} <= set(titles)
    last = proposal.findings[-1]
    assert last.text.startswith("Combination of factors resulted in YP")
    assert last.text.endswith("meet their abusers.")
    assert len(proposal.recommendations) == 10  # “Prevention and information” is a sub-heading


def test_dorset_board_commitments_in_prose_become_actions():
    proposal = parse(briefing("dorset-family-s15"))
    assert [a.description[:30] for a in proposal.actions] == [
        "The DSCB will be working on ce",
        "the Serious Case Review update",
    ]
    curiosity = proposal.findings[1]
    assert [a.description[:30] for a in curiosity.actions] == [
        "The DSCB is also working on a ",
        "A similar process will be put ",
    ]


def test_markdown_headings_emphasis_and_bullets_are_read():
    text = """# Family X

## Finding 1: Nobody **asked** the child about home, although there were many chances to do so.

**Recommendations:**

* Practitioners must *see the child alone*.
* Record the child's words.

## Finding 2: The escalation policy was not used when agencies disagreed about the risk.
"""
    proposal = parse(text)
    assert proposal.review_name == "Family X"
    first, second = proposal.findings
    assert first.text.startswith("Nobody asked the child")
    assert first.recommendations == [
        "Practitioners must see the child alone.",
        "Record the child's words.",
    ]
    assert second.label == "Finding 2"


@pytest.mark.parametrize(
    "text", ["*a " * 100_000, "<p" * 150_000, "**a " * 75_000, "[a](" * 75_000]
)
def test_pathological_lines_at_the_size_limit_parse_in_linear_time(text):
    """Each of these took minutes with unbounded patterns (“.+?” to the end of a long line);
    a slow run here is the regression, so no time is asserted."""
    assert parse(text).findings == []
