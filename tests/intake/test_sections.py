# ruff: noqa: F811  (fixtures imported from tests.intake_files are used as arguments)
"""Issue #11: sections by meaning, tables by header, review details, several reviews per
document, and the proposal page saying what was recognised and what was not."""

import datetime
from pathlib import Path

import pytest

from actions.models import Action
from intake.document import read_blocks
from intake.parser import parse, parse_parts
from intake.sections import role_of
from intake.tables import read_table
from reviews.models import Board, Review
from tests.intake.test_views import PREVIEW, preview_data, upload
from tests.intake_files import wessex_board  # noqa: F401

CORPUS = Path(__file__).parent / "corpus"
NORTHSHIRE = (CORPUS / "dev" / "northshire-child-q.txt").read_text(encoding="utf-8")
WESTBURY = (CORPUS / "dev" / "westbury-bulletin-spring-2025.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("heading", "role"),
    [
        ("3. Key findings", "findings"),
        ("Step 3: What we learned", "findings"),
        ("## Cross-cutting themes", "findings"),
        ("Learning for the agency", "findings"),
        ("What needs to change", "recommendations"),
        ("Improving systems and practice", "recommendations"),
        ("6. What will happen", "actions"),
        ("What the Board is doing", "actions"),
        ("7. Questions to reflect on", "questions"),
        ("Questions for practitioners", "questions"),
        ("Reflect", "questions"),
        ("4. What went well", "good"),
        ("Contents", "contents"),
        ("1. Background", "background"),
        ("Child Q was 15 years old when she was admitted", None),
        # by word families, wordings no list names
        ("3 | Practice learning", "findings"),
        ("What we found", "findings"),
        ("Learning from the Child M review", None),  # names a review: never by words alone
        ("Practice implications", "findings"),
        ("Agency response to the incident", None),  # what was done in the case, not a plan
        ("Key messages", "findings"),
        ("Areas for development", "recommendations"),
        ("What we're asking partners to do", "recommendations"),
        ("How we will respond", "actions"),
        ("Next steps for the Partnership", "actions"),
        ("Over to you", "questions"),
        ("Things to think about", "questions"),
        ("Points for discussion", "questions"),
        ("Good news", "good"),
        ("Effective practice in the hospital", "good"),
        ("Safe storage was rarely discussed", None),  # a finding's title, not a section
        ("LEARNING FROM A PARTNERSHIP REVIEW – FAMILY V", None),
        ("Practice Learning Summary", None),
    ],
)
def test_a_heading_is_given_its_role_by_meaning_not_one_spelling(heading, role):
    assert role_of(heading) == role


def test_blocks_know_headings_labels_items_and_tables():
    blocks = read_blocks(
        "3. Key findings\n\nFinding one\nProfessionals responded late.\n\n"
        "• First bullet\n(a) second item\n\nAction\tLead\tBy when\nDo it\tNSCP\tMarch 2024\n"
    )
    assert [(b.kind, b.text) for b in blocks[:3]] == [
        ("heading", "Key findings"),
        ("label", ""),
        ("paragraph", "Professionals responded late."),
    ]
    assert [b.kind for b in blocks[3:]] == ["item", "item", "table"]
    assert blocks[-1].rows[0] == ["Action", "Lead", "By when"]


def test_a_table_is_read_by_its_header_in_any_column_order():
    table = read_table(
        [
            ["How will we know…", "What are we going to do?", "Who will lead", "By when"],
            ["Fewer missed visits", "Audit visits", "QA Lead", "March 2025"],
        ],
        line=1,
    )
    row = table.rows[0]
    assert (row.action.description, row.action.lead, row.action.deadline, row.measure) == (
        "Audit visits",
        "QA Lead",
        "March 2025",
        "Fewer missed visits",
    )


def test_a_table_whose_header_is_not_understood_is_said_and_shown_not_shifted():
    text = (
        "Child X\n\nFindings\n\nFinding 1: one thing went wrong in the way agencies shared it.\n\n"
        "Finding 2: another thing went wrong in the way agencies shared it.\n\n"
        "Recommendations\n\n- Do better.\n\nAction plan\n\n"
        "Colour\tShape\tSize\nRed\tRound\tBig\n\nQuestions\n\n- Why?\n"
    )
    proposal = parse(text)
    assert proposal.unread_tables == [[["Colour", "Shape", "Size"], ["Red", "Round", "Big"]]]
    assert "columns were not recognised" in proposal.notes[0]
    assert not proposal.all_actions


def test_the_seven_minute_briefing_is_read_as_the_admin_would():
    proposal = parse(NORTHSHIRE)
    assert (proposal.review_name, proposal.kind, proposal.year) == ("Child Q", "lcspr", 2024)
    assert (proposal.board_name, proposal.board_abbreviation) == (
        "Northshire Safeguarding Children Partnership",
        "NSCP",
    )
    assert len(proposal.findings) == 4
    assert len(proposal.recommendations) == 4 and not proposal.findings[3].recommendations
    assert [(a.lead, a.deadline) for a in proposal.actions] == [
        ("Northshire Police and Northshire Children's Services", "30 June 2024"),
        ("Northshire Integrated Care Board", "September 2024"),
        ("NSCP Learning and Development Sub-group", "31 March 2025"),
    ]
    assert len(proposal.questions) == 4
    assert proposal.published == datetime.date(2024, 3, 31)


def test_a_bulletin_carrying_two_reviews_gives_one_proposal_each():
    parts = parse_parts(WESTBURY)
    assert [(p.review_name, p.board_abbreviation, p.kind, p.year) for p in parts] == [
        ("Child M", "WSCP", "lcspr", 2025),
        ("Family J", "FSCP", "partnership", 2024),
    ]


def test_the_proposal_page_says_what_was_recognised_and_what_was_not(admin_client, wessex_board):
    response = upload(admin_client, text=NORTHSHIRE, name="child-q.txt")
    page = response.content.decode()
    assert "Sections recognised by their headings" in page
    assert "“Questions to reflect on” — Reflective questions" in page
    assert "“What went well” — Good practice (not findings)" in page
    assert response.context["review_form"]["review_name"].value() == "Child Q"


def test_each_review_of_a_bulletin_is_saved_as_its_own_draft(admin_client, wessex_board):
    response = upload(admin_client, text=WESTBURY, name="bulletin.txt", board=wessex_board.pk)
    assert "Other reviews in this document" in response.content.decode()
    data = preview_data(response)
    data["_save"] = "Save as a draft"
    assert admin_client.post(PREVIEW, data).status_code == 302
    child_m, family_j = Review.objects.order_by("pk")
    assert (child_m.name, child_m.board, child_m.status) == ("Child M", wessex_board, "draft")
    assert family_j.name == "Family J" and family_j.briefing == child_m.briefing
    assert family_j.board == Board.objects.get(abbreviation="FSCP")
    assert family_j.findings.count() == 3


def test_a_deadline_within_months_counts_from_the_publication_date(admin_client, wessex_board):
    text = NORTHSHIRE.replace("By: 31 March 2025", "By: within 6 months")
    data = preview_data(upload(admin_client, text=text, name="q.txt", board=wessex_board.pk))
    data["_save"] = "Save as a draft"
    admin_client.post(PREVIEW, data)
    action = Action.objects.get(deadline_text="within 6 months")
    assert action.due_date == datetime.date(2024, 9, 30)


def test_import_briefing_saves_each_review_of_a_bulletin(wessex_board):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    path = CORPUS / "dev" / "westbury-bulletin-spring-2025.txt"
    call_command("import_briefing", str(path), "--board", wessex_board.slug, stdout=out)
    assert "also “Family J” as drafts of their own" in out.getvalue()
    assert sorted(Review.objects.values_list("name", flat=True)) == ["Child M", "Family J"]
