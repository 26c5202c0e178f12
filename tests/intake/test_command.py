"""manage.py import_briefing: the intake from the shell, for one file or a folder."""

# ruff: noqa: F811  (fixtures imported from tests.intake_files are used as arguments)
import io

import pytest
from django.core.management import CommandError, call_command

from actions.models import Action
from findings.models import Finding
from reviews.models import Briefing, Review
from tests.intake_files import SMALL_BRIEFING, make_docx, make_pdf, wessex_board  # noqa: F401


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_briefing", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def folder(tmp_path):
    """A folder of three briefings (txt, docx, pdf) and a file the command must ignore."""
    (tmp_path / "a-family-q.txt").write_text(SMALL_BRIEFING, encoding="utf-8")
    (tmp_path / "b-family-r.docx").write_bytes(
        make_docx(
            [
                "Family R",
                "Finding 1: The baby's missed health appointments were never followed up by anyone.",
                "Finding 2: Nobody spoke to the father although he lived in the house all along.",
            ]
        )
    )
    (tmp_path / "c-family-s.pdf").write_bytes(
        make_pdf(
            "Family S\n\nTheme 1\n\nThe voice of the child was not heard.\n\nRecommendations:\n\n"
            "- Practitioners must see the child alone."
        )
    )
    (tmp_path / "notes.odt").write_bytes(b"ignored")
    return tmp_path


def test_a_folder_is_imported_as_drafts_with_progress(folder, wessex_board):
    out, err = run(str(folder), "--board", wessex_board.slug)
    assert "[1/3] a-family-q.txt: saved draft “Family Q”" in out
    assert "[2/3] b-family-r.docx: saved draft “Family R”" in out
    assert "[3/3] c-family-s.pdf: saved draft “Family S”" in out
    assert "3 of 3 file(s) imported as drafts." in out
    assert err == ""
    assert set(Review.objects.values_list("status", flat=True)) == {Review.Status.DRAFT}
    assert Finding.objects.count() == 2 + 2 + 1
    assert Action.objects.filter(lead__name="WXB QA Lead").count() == 1


def test_a_dry_run_saves_nothing(folder, wessex_board):
    out, _ = run(str(folder), "--board", wessex_board.slug, "--dry-run")
    assert "[1/3] a-family-q.txt: would save “Family Q” (serious case review, 2019)" in out
    assert "2 findings, 0 recommendations, 3 actions, 1 reflective questions" in out
    assert "(dry run, nothing saved)" in out
    assert Briefing.objects.count() == 0 and Review.objects.count() == 0


def test_a_board_that_does_not_exist_is_refused_with_the_known_ones(folder, wessex_board):
    with pytest.raises(
        CommandError, match="No board with the slug “nowhere”. Known boards: wessex"
    ):
        run(str(folder), "--board", "nowhere")
    assert Briefing.objects.count() == 0


def test_a_publisher_that_does_not_exist_is_refused(folder, wessex_board):
    with pytest.raises(CommandError, match="No board with the slug “nobody”"):
        run(str(folder), "--board", wessex_board.slug, "--publisher", "nobody")


def test_a_bad_file_is_reported_and_skipped_and_the_others_saved(folder, wessex_board):
    (folder / "b-broken.pdf").write_bytes(b"%PDF-1.4 broken")
    with pytest.raises(CommandError, match="3 of 4 file.* imported as drafts, 1 failed"):
        out, err = run(str(folder), "--board", wessex_board.slug)
    assert Review.objects.count() == 3
    assert not Briefing.objects.filter(file_name="b-broken.pdf").exists()


def test_a_briefing_already_imported_is_refused(folder, wessex_board):
    path = folder / "a-family-q.txt"
    run(str(path), "--board", wessex_board.slug)
    err = io.StringIO()
    with pytest.raises(CommandError, match="0 of 1"):
        call_command("import_briefing", str(path), "--board", wessex_board.slug, stderr=err)
    assert "already been imported" in err.getvalue()
    assert Briefing.objects.count() == 1


def test_an_empty_folder_and_a_missing_path_are_refused(tmp_path, wessex_board):
    with pytest.raises(CommandError, match="holds no .txt, .md, .docx or .pdf files"):
        run(str(tmp_path), "--board", wessex_board.slug)
    with pytest.raises(CommandError, match="does not exist"):
        run(str(tmp_path / "missing.txt"), "--board", wessex_board.slug)


def test_the_five_source_briefings_import_as_drafts(wessex_board):
    """Each source briefing imports cleanly (here all under one board, to exercise the parser)."""
    from django.conf import settings

    out, _ = run(str(settings.BRIEFINGS_DIR), "--board", wessex_board.slug)
    assert "imported as drafts." in out
    assert Review.objects.drafts().count() >= 5
    assert Finding.objects.filter(review__board=wessex_board).count() >= 40


def test_a_curated_briefing_is_recognised_as_already_imported(db):
    """The fixtures keep each source briefing's SHA-256 of its text: the intake matches it."""
    from django.conf import settings

    call_command("load_fixtures", stdout=io.StringIO())
    before = Review.objects.count()
    err = io.StringIO()
    with pytest.raises(CommandError, match="0 of 1"):
        call_command(
            "import_briefing",
            str(settings.BRIEFINGS_DIR / "wiltshire-family-m.txt"),
            "--board",
            "wiltshire-safeguarding-children-board",
            stderr=err,
            stdout=io.StringIO(),
        )
    assert "already been imported" in err.getvalue()
    assert Review.objects.count() == before
