"""The curated fixtures hold the five briefings faithfully: verbatim, complete, attributed, and
safe to load again and again (fixtures/README.md explains the choices these tests pin down)."""

import hashlib
import io
import json
import re
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core import serializers
from django.core.management import call_command

from actions.models import Action, ActionPlan, Lead
from core.text import words_only
from findings.models import Finding, Recommendation, ReflectiveQuestion
from reviews.models import Board, Briefing, Family, Review
from themes.models import Theme

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
BRIEFINGS = FIXTURES / "briefings"
SHARED_BRIEFINGS = Path(settings.BASE_DIR).parent / "shared" / "briefings"
FILES = sorted(path.name for path in BRIEFINGS.glob("*.txt"))

WILTSHIRE = "wiltshire-safeguarding-children-board"
SURREY_THEMATIC = "surrey-scr-thematic-2016-2020"

# Footnotes sit wherever a page broke, sometimes mid-sentence; stored text joins the sentence
# again, so the comparison leaves them out. Surrey prints footnote 8 without its marker (line
# 150) and footnote 18's address on a line of its own (290).
UNMARKED_FOOTNOTES = {"surrey-scr-briefing-2016-2020.txt": {150, 290}}
FOOTNOTE = re.compile(r"^\s*[¹²³⁴⁵⁶⁷⁸⁹⁰]")


def source_lines(file_name):
    return (BRIEFINGS / file_name).read_text(encoding="utf-8").split("\n")


def passage_words(file_name, start, end):
    """The normalised words of lines start..end of a briefing, footnotes left out."""
    footnotes = UNMARKED_FOOTNOTES.get(file_name, set())
    lines = source_lines(file_name)
    kept = [
        line
        for n, line in enumerate(lines[start - 1 : end], start)
        if n not in footnotes and not FOOTNOTE.match(line)
    ]
    return words_only("\n".join(kept))


@pytest.fixture
def curated(db):
    """The five briefings' curated fixtures, loaded as `make run` loads them."""
    call_command("load_fixtures", verbosity=0)


def snapshot():
    """Every curated row, serialised with natural keys, for before/after comparisons."""
    models = [Theme, Board, Lead, Briefing, Review, Family, Finding, Recommendation]
    models += [ReflectiveQuestion, ActionPlan, Action]
    return {
        model.__name__: serializers.serialize(
            "json",
            model.objects.order_by("pk"),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        for model in models
    }


# --- The project's own copy of the briefings ----------------------------------------------


@pytest.mark.skipif(not SHARED_BRIEFINGS.is_dir(), reason="../shared/briefings is not here")
def test_briefing_copies_are_byte_identical_to_the_shared_folder():
    shared = sorted(path.name for path in SHARED_BRIEFINGS.glob("*.txt"))
    assert shared == FILES
    for name in FILES:
        assert (BRIEFINGS / name).read_bytes() == (SHARED_BRIEFINGS / name).read_bytes(), name


def test_fixture_files_are_exactly_what_the_builder_writes():
    completed = subprocess.run(
        [sys.executable, str(FIXTURES / "build.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_fixtures_use_natural_keys_and_no_primary_keys():
    for name in ["themes.json", "boards.json", "briefings.json", "reviews.json", "findings.json"]:
        for obj in json.loads((FIXTURES / name).read_text(encoding="utf-8")):
            assert "pk" not in obj, (name, obj["model"])


# --- Fidelity: every stored text is the briefing's own ------------------------------------


def test_briefings_keep_the_exact_file_text_and_its_sha256(curated):
    assert sorted(Briefing.objects.values_list("file_name", flat=True)) == FILES
    for briefing in Briefing.objects.all():
        raw = (BRIEFINGS / briefing.file_name).read_bytes()
        assert briefing.full_text == raw.decode("utf-8")
        assert briefing.sha256 == hashlib.sha256(raw).hexdigest()
        assert hashlib.sha256(briefing.full_text.encode("utf-8")).hexdigest() == briefing.sha256


def passages():
    """(what, briefing file, start, end, section, {field: text}) for every passage with provenance."""
    for f in Finding.objects.select_related("review__briefing"):
        yield f, f.review.briefing.file_name, {"text": f.text}
    for r in Recommendation.objects.select_related("review__briefing"):
        yield r, r.review.briefing.file_name, {"text": r.text}
    for q in ReflectiveQuestion.objects.select_related("review__briefing"):
        yield q, q.review.briefing.file_name, {"text": q.text}
    for p in ActionPlan.objects.select_related("review__briefing"):
        yield p, p.review.briefing.file_name, {"success measure": p.success_measure}
    for a in Action.objects.select_related("plan__review__briefing"):
        texts = {"description": a.description, "deadline": a.deadline_text}
        yield a, a.plan.review.briefing.file_name, texts


def test_every_stored_text_is_found_verbatim_in_its_own_source_lines(curated):
    checked = 0
    for obj, file_name, texts in passages():
        start, end = obj.source_line_start, obj.source_line_end
        assert start and end and 1 <= start <= end <= len(source_lines(file_name)), obj
        assert obj.source_section, obj
        window = passage_words(file_name, start, end)
        for field, text in texts.items():
            if text:
                assert words_only(text) in window, (
                    f"{obj!r} {field} not in {file_name}:{start}-{end}"
                )
                checked += 1
    assert checked >= 200  # 82 findings, 38 recommendations, 36 questions, 28 actions…


def test_leads_summaries_and_families_are_found_in_their_briefings(curated):
    for lead in Lead.objects.all():
        files = set(
            Review.objects.filter(board=lead.board).values_list("briefing__file_name", flat=True)
        )
        assert any(words_only(lead.name) in passage_words(f, 1, 10**6) for f in files), lead.name
    for review in Review.objects.select_related("briefing").exclude(summary=""):
        assert words_only(review.summary) in passage_words(review.briefing.file_name, 1, 10**6)
    for family in Family.objects.select_related("review__briefing"):
        # Surrey's reviews are named in a footnote, so the whole text counts here.
        words = words_only(family.review.briefing.full_text)
        for text in (family.pseudonym, family.children, family.circumstances):
            assert words_only(text) in words, (family, text)


def test_no_markup_or_bullet_glyphs_are_stored(curated):
    for obj, _file_name, texts in passages():
        for text in texts.values():
            assert not re.search(r"</?[a-z]+[ >]", text), obj
            assert "**" not in text and "•" not in text and "·" not in text, obj


# --- Counts per briefing match the source ---------------------------------------------------


def briefing_counts(slug):
    reviews = Review.objects.filter(briefing__slug=slug)
    return {
        "reviews": reviews.count(),
        "families": Family.objects.filter(review__in=reviews).count(),
        "findings": Finding.objects.filter(review__in=reviews).count(),
        "recommendations": Recommendation.objects.filter(review__in=reviews).count(),
        "actions": Action.objects.filter(plan__review__in=reviews).count(),
        "reflective questions": ReflectiveQuestion.objects.filter(review__in=reviews).count(),
    }


EXPECTED_COUNTS = {
    # the table in fixtures/README.md
    "wiltshire-family-m": (1, 1, 6, 0, 24, 0),
    "dorset-family-s15": (1, 1, 5, 0, 4, 0),
    "wolverhampton-family-e": (1, 1, 5, 18, 0, 0),
    "slough-newsletter-2011": (3, 1, 46, 10, 0, 0),
    "surrey-scr-briefing-2016-2020": (13, 11, 20, 10, 0, 36),
}


@pytest.mark.parametrize("slug", EXPECTED_COUNTS)
def test_counts_per_briefing(curated, slug):
    names = ["reviews", "families", "findings", "recommendations", "actions"]
    names += ["reflective questions"]
    assert briefing_counts(slug) == dict(zip(names, EXPECTED_COUNTS[slug], strict=True))


def test_wiltshire_has_each_numbered_finding_once(curated):
    lines = source_lines("wiltshire-family-m.txt")
    numbered = [re.match(r"Finding (\d+):", line) for line in lines]
    labels = [f"Finding {m[1]}" for m in numbered if m]
    stored = list(
        Finding.objects.filter(review__slug="wiltshire-family-m").values_list("label", flat=True)
    )
    assert stored == labels == [f"Finding {n}" for n in range(1, 7)]


def test_wiltshire_has_one_action_per_table_bullet_each_with_its_own_lead(curated):
    lines = source_lines("wiltshire-family-m.txt")
    for n, line in enumerate(lines, 1):
        if line.count("\t") != 3 or "•" not in line:
            continue
        _success, bullets, leads, deadline = line.split("\t")
        actions = Action.objects.filter(
            plan__review__slug="wiltshire-family-m", source_line_start=n
        )
        assert actions.count() == bullets.count("•"), n
        lead_cells = re.findall(r"<p>(.*?)</p>", leads) or [leads.strip()]
        expected = lead_cells if len(lead_cells) > 1 else lead_cells * bullets.count("•")
        assert [a.lead.name for a in actions.order_by("order")] == expected
        assert {a.deadline_text for a in actions} == {words_only(deadline)}


def test_wiltshire_finding_3_gives_six_actions_six_leads_in_order(curated):
    actions = Action.objects.filter(
        plan__finding__key="finding-3", plan__review__slug="wiltshire-family-m"
    )
    assert [a.lead.name for a in actions.order_by("order")] == [
        "WSCB Business Unit",
        "WSCB Chair",
        "WSCB Multi-Agency Training Development Officer",
        "WSCB QA Lead",
        "WSCB QA Lead",
        "WSCB QA Lead",
    ]
    assert ActionPlan.objects.get(
        review__slug="wiltshire-family-m", key="finding-3"
    ).success_measure == (
        "Professional challenge will be evidenced as part of our professional culture"
    )


def test_wiltshire_narrative_responses_and_what_is_already_done_are_actions(curated):
    review = "wiltshire-family-m"
    descriptions = list(
        Action.objects.filter(plan__review__slug=review).values_list("description", flat=True)
    )
    for opening in [
        "WSCB will seek assurance from Wiltshire Police",
        "This is a priority for WSCB and the launch is scheduled for summer 2018.",
        "WSCB Chair is leading on a thematic Review of the Child in Need process",
        "established a Task and Finish Group",
        "initiated a Child in Need Thematic Review",
        "presented the findings to the WSCB Executive Board",
    ]:
        assert any(d.startswith(opening) for d in descriptions), opening
    done = Action.objects.filter(plan__review__slug=review, plan__key="already-done")
    assert done.count() == 3
    # Issue 14: two of the three were begun, not finished (see the status test below).
    assert list(done.order_by("order").values_list("status", flat=True)) == [
        Action.Status.IN_PROGRESS,
        Action.Status.IN_PROGRESS,
        Action.Status.COMPLETE,
    ]


def test_status_is_complete_only_where_the_briefing_says_it_is_done(curated):
    complete = set(
        Action.objects.filter(status=Action.Status.COMPLETE).values_list("key", flat=True)
    )
    assert complete == {
        "already-done-findings-to-executive",  # "presented the findings to the … Board"
        "finding-5-action-1",  # "A Task and Finish Group has reviewed …"
    }
    in_progress = set(
        Action.objects.filter(status=Action.Status.IN_PROGRESS).values_list("key", flat=True)
    )
    assert in_progress == {
        "finding-6-action-1",  # "WSCB Chair is leading on a thematic Review …"
        "review-after-third-conference",  # "The DSCB is also working on a process …"
        # Begun, not finished (issue 14): the framework's "launch is scheduled for summer 2018"
        # (line 60) and the Child in Need review's recommendations are due "summer 2018" (64).
        "already-done-neglect-task-group",
        "already-done-cin-thematic-review",
        # "Continue the work we are already doing …" (Findings 3 and 4).
        "finding-3-action-1",
        "finding-4-action-1",
    }
    others = Action.objects.exclude(key__in=complete | in_progress)
    assert set(others.values_list("status", flat=True)) == {Action.Status.NO_UPDATE}


def test_continuing_work_is_in_progress_not_no_update(curated):
    for key in ["finding-3-action-1", "finding-4-action-1"]:
        action = Action.objects.get(plan__review__slug="wiltshire-family-m", key=key)
        assert action.description.startswith("Continue the work")
        assert action.status == Action.Status.IN_PROGRESS


def test_the_sources_past_plans_are_historic_with_a_note_and_never_overdue(curated):
    """Every plan was written in 2015–2018 and nothing later is known of it (issue 14)."""
    plans = ActionPlan.objects.all()
    assert plans.count() == 10
    assert not plans.filter(historic=False).exists()
    for plan in plans:
        assert plan.historic_note.startswith("Historic plan:"), plan
        assert "No later update or outcome is recorded" in plan.historic_note
    flagged = Action.objects.with_flags(today=date(2026, 12, 4))
    assert flagged.filter(due_date__lt=date(2026, 12, 4)).count() == 3  # past due dates…
    assert not flagged.filter(is_overdue=True).exists()  # …but no overdue flag
    assert not flagged.filter(is_stale=True).exists()


def test_deadlines_are_kept_as_written_and_due_dates_follow_the_documented_rule(curated):
    by_deadline = Counter(Action.objects.values_list("deadline_text", "due_date"))
    assert by_deadline == {
        ("ongoing", None): 13,
        ("summer 2018", date(2018, 8, 31)): 2,
        ("summer of 2015", date(2015, 8, 31)): 1,
        ("", None): 12,
    }


def test_dorset_findings_are_its_headings_under_findings(curated):
    titles = list(
        Finding.objects.filter(review__slug="dorset-family-s15").values_list("title", flat=True)
    )
    assert titles == [
        "Investigative mindset",
        "Professional Curiosity and Challenge within the Multi Agency Network",
        "Medical Assessments",
        "The Voice of the Child",
        "Supervision",
    ]


def test_wolverhampton_has_five_themes_each_with_all_its_recommendations(curated):
    lines = source_lines("wolverhampton-family-e.txt")
    expected, current = {}, None
    for line in lines:
        if m := re.fullmatch(r"Theme (\d)", line.strip()):
            current, expected[f"Theme {m[1]}"] = f"Theme {m[1]}", 0
            in_recommendations = False
        elif line.startswith("Recommendations:"):
            in_recommendations = True
        elif current and in_recommendations and line.startswith("- "):
            expected[current] += 1
    stored = Counter(
        Recommendation.objects.filter(review__slug="wolverhampton-family-e").values_list(
            "finding__label", flat=True
        )
    )
    assert (
        dict(stored)
        == expected
        == {f"Theme {n}": c for n, c in zip(range(1, 6), [3, 4, 3, 4, 4], strict=True)}
    )


def test_surrey_has_each_numbered_section_once_and_all_reflective_questions(curated):
    lines = source_lines("surrey-scr-briefing-2016-2020.txt")
    body = lines[31:]  # after the contents page
    sections = [m[1] for line in body if (m := re.match(r"(\d\.\d(?:\.\d)?) \S", line))]
    labels = list(
        Finding.objects.filter(review__slug=SURREY_THEMATIC).values_list("label", flat=True)
    )
    assert labels == ["2", *sections]
    questions, in_block = 0, False
    for line in lines:
        if line.strip() == "Reflective Questions":
            in_block = True
        elif re.match(r"\d(\.\d)* \S", line):
            in_block = False
        elif in_block and line.strip().endswith("?") and not FOOTNOTE.match(line):
            questions += 1
    assert (
        ReflectiveQuestion.objects.filter(review__slug=SURREY_THEMATIC).count() == questions == 36
    )


def test_surrey_covers_the_reviews_its_footnote_lists_with_their_years_and_boards(curated):
    thematic = Review.objects.get(slug=SURREY_THEMATIC)
    footnote = source_lines("surrey-scr-briefing-2016-2020.txt")[48]
    covered = thematic.covers.select_related("board")
    assert covered.count() == 12
    for review in covered:
        assert review.name in footnote and str(review.year) in footnote, review
        assert review.briefing_id == thematic.briefing_id
    child_z = covered.get(name="Child Z")
    assert child_z.board.slug == "hampshire-safeguarding-children-partnership"
    assert {r.board.slug for r in covered.exclude(pk=child_z.pk)} == {
        "surrey-safeguarding-children-partnership"
    }


def test_slough_newsletter_carries_three_reviews_of_three_bodies(curated):
    reviews = Review.objects.filter(briefing__slug="slough-newsletter-2011").select_related("board")
    assert {(r.name, r.kind, r.board.slug) for r in reviews} == {
        ("Baby JW", "imr", "slough-local-safeguarding-childrens-board"),
        ("Learning lessons from serious case reviews 2009–2010", "national", "ofsted"),
        ("Derby Serious Case Review", "scr", "derby-safeguarding-children-board"),
    }
    briefing = Briefing.objects.get(slug="slough-newsletter-2011")
    assert briefing.publisher.slug == "slough-local-safeguarding-childrens-board"
    counts = Counter(
        Finding.objects.filter(review__in=reviews).values_list("review__name", flat=True)
    )
    # Baby JW: 2 + 2 lessons; Ofsted: 16 key findings; Derby: 5 emerging issues, 3 key lessons,
    # 7 headed groups of lessons, 11 background notes.
    assert counts == {
        "Baby JW": 4,
        "Learning lessons from serious case reviews 2009–2010": 16,
        "Derby Serious Case Review": 26,
    }


def test_wiltshire_and_wolverhampton_are_different_boards_sharing_wscb(curated):
    wscb = Board.objects.filter(abbreviation="WSCB").order_by("slug")
    assert list(wscb.values_list("slug", flat=True)) == [
        WILTSHIRE,
        "wolverhampton-safeguarding-children-board",
    ]
    assert Review.objects.get(slug="wiltshire-family-m").board.slug == WILTSHIRE
    assert (
        Review.objects.get(slug="wolverhampton-family-e").board.slug
        == "wolverhampton-safeguarding-children-board"
    )


def test_wscb_qa_lead_is_a_lead_of_the_wiltshire_board(curated):
    lead = Lead.objects.get(board__slug=WILTSHIRE, name="WSCB QA Lead")
    assert lead.actions.count() == 3


def test_every_review_is_published(curated):
    assert Review.objects.count() == 19
    assert not Review.objects.exclude(status=Review.Status.PUBLISHED).exists()
    assert not Review.objects.filter(published_at__isnull=True).exists()


# --- Theme taxonomy -------------------------------------------------------------------------

AGREED_THEMES = {
    "risk": [
        "neglect",
        "child-sexual-abuse",
        "child-sexual-exploitation",
        "child-criminal-exploitation",
        "domestic-abuse",
        "parental-mental-health",
        "parental-substance-misuse",
        "parental-capacity",
        "child-mental-health",
        "cumulative-harm",
        "missed-health-appointments",
        "poverty-and-deprivation",
    ],
    # Issue 14: who the child is, apart from what harmed them (the national repositories'
    # split). Adolescent vulnerability moved here from the risks, its slug kept.
    "child": [
        "babies-and-infants",
        "disabled-children",
        "looked-after-children",
        "adolescent-vulnerability",
        "siblings",
        "youth-justice",
    ],
    "practice": [
        "professional-challenge",
        "professional-curiosity",
        "disguised-compliance",
        "voice-of-the-child",
        "information-sharing",
        "multi-agency-working",
        "assessment-and-planning",
        "supervision",
        "think-family",
        "thresholds-and-referrals",
        "resistant-families",
        "trauma-informed-practice",
        "education",
        "leadership-and-culture",
    ],
}


def test_the_agreed_themes_are_there_in_their_facets_with_description_and_keywords(curated):
    for facet, slugs in AGREED_THEMES.items():
        for slug in slugs:
            assert Theme.objects.get(slug=slug).facet == facet
    assert Theme.objects.get(slug="domestic-abuse").name == "Domestic abuse and coercive control"
    assert (
        Theme.objects.get(slug="professional-challenge").name
        == "Professional challenge and escalation"
    )
    assert Theme.objects.get(slug="voice-of-the-child").name == (
        "Voice and lived experience of the child"
    )
    assert Theme.objects.get(slug="resistant-families").name == "Working with resistant families"
    # The national term, on the old slug so that the theme's address does not change.
    assert Theme.objects.get(slug="missed-health-appointments").name == (
        "Was not brought: missed health appointments"
    )
    assert Theme.objects.count() == 42
    for theme in Theme.objects.all():
        assert theme.description, theme
        assert len(theme.keyword_list) >= 5, theme


def test_criminal_exploitation_is_its_own_theme_not_a_keyword_of_sexual_exploitation(curated):
    cse = Theme.objects.get(slug="child-sexual-exploitation")
    assert not [k for k in cse.keyword_list if "criminal" in k.lower()]
    assert "criminal exploitation" in Theme.objects.get(slug="child-criminal-exploitation").keywords


@pytest.mark.parametrize(
    ("review", "key", "themes"),
    [
        # issue 14's examples of missing tags
        (
            SURREY_THEMATIC,
            "section-2-6",
            {"domestic-abuse", "parental-mental-health", "parental-substance-misuse"},
        ),
        ("derby-scr-child-sexual-exploitation", "key-lesson-3", {"adolescent-vulnerability"}),
        (
            SURREY_THEMATIC,
            "section-4-2",
            {"child-sexual-exploitation", "child-criminal-exploitation"},
        ),
        # and the themes the taxonomy lacked
        (SURREY_THEMATIC, "section-2-2", {"education", "fathers-and-men"}),
        (SURREY_THEMATIC, "section-3-6", {"parental-capacity", "trauma-informed-practice"}),
        (SURREY_THEMATIC, "section-3-3", {"child-mental-health"}),
        ("wolverhampton-family-e", "theme-2", {"poverty-and-deprivation"}),
        ("wiltshire-family-m", "finding-3", {"leadership-and-culture"}),
    ],
)
def test_findings_carry_the_themes_a_close_reading_found(curated, review, key, themes):
    finding = Finding.objects.get(review__slug=review, key=key)
    assert themes <= set(finding.themes.values_list("slug", flat=True))


def test_every_finding_has_a_descriptive_title_and_keeps_its_printed_label(curated):
    assert not Finding.objects.filter(title="").exists()
    finding = Finding.objects.get(review__slug="wiltshire-family-m", key="finding-5")
    assert (finding.label, finding.title) == (
        "Finding 5",
        "No effective practice framework for neglect",
    )
    numbered = Finding.objects.filter(label__regex=r"^(Finding|Key finding|Theme|Emerging issue)")
    assert numbered.count() == 32
    assert len(set(numbered.values_list("title", flat=True))) == 32


def test_key_messages_are_verbatim_and_our_note_is_marked_as_ours(curated):
    from fixtures.curation.collect import EDITORIAL_NOTE

    assert EDITORIAL_NOTE == Review.EDITORIAL_NOTE
    with_messages = Review.objects.exclude(key_messages="").select_related("briefing")
    assert set(with_messages.values_list("slug", flat=True)) == {
        "wiltshire-family-m",
        "dorset-family-s15",
        "slough-baby-jw-imr",
        "ofsted-learning-lessons-2009-2010",
        "derby-scr-child-sexual-exploitation",
        SURREY_THEMATIC,
    }
    for review in with_messages:
        quoted, notes = review.key_message_parts
        assert quoted, review
        for paragraph in quoted:
            assert words_only(paragraph) in passage_words(review.briefing.file_name, 1, 10**6)
        assert bool(notes) == (review.slug == SURREY_THEMATIC), review
    dorset = Review.objects.get(slug="dorset-family-s15").key_messages
    assert "most processes were followed to the letter" in dorset
    assert "Learning from this case goes beyond these issues" in dorset
    wiltshire = Review.objects.get(slug="wiltshire-family-m").key_messages
    assert "are insights rather than recommendations for set action" in wiltshire
    _quoted, (note,) = Review.objects.get(slug=SURREY_THEMATIC).key_message_parts
    assert "13 case reviews" in note and "lists 12" in note


def test_surreys_recommendations_from_the_nspcc_say_so(curated):
    recommendations = Recommendation.objects.filter(review__slug=SURREY_THEMATIC)
    attributed = recommendations.exclude(attribution="")
    assert list(attributed.values_list("key", flat=True)) == [
        f"recommendation-{n}" for n in range(3, 8)
    ]
    assert {r.finding.key for r in attributed} == {"section-3-2"}
    assert all("NSPCC" in r.attribution for r in attributed)
    assert (
        not Recommendation.objects.exclude(review__slug=SURREY_THEMATIC)
        .exclude(attribution="")
        .exists()
    )


def test_every_finding_has_a_theme_and_every_theme_a_finding(curated):
    assert not Finding.objects.filter(themes__isnull=True).exists()
    assert not Theme.objects.filter(findings__isnull=True).exists()


@pytest.mark.parametrize("slug", ["neglect", "professional-challenge"])
def test_core_themes_link_findings_of_at_least_four_boards(curated, slug):
    boards = set(
        Finding.objects.filter(themes__slug=slug).values_list("review__board__slug", flat=True)
    )
    assert len(boards) >= 4, boards


def test_recommendations_under_no_finding_have_their_own_themes(curated):
    loose = Recommendation.objects.filter(finding__isnull=True)
    assert loose.exists()
    assert not loose.filter(themes__isnull=True).exists()


# --- Reloading is idempotent and never clobbers a user's changes ---------------------------


def test_loading_the_fixtures_twice_more_changes_nothing(curated):
    before = snapshot()
    call_command("load_fixtures", verbosity=0)
    call_command("load_fixtures", verbosity=0)
    assert snapshot() == before


def test_a_status_changed_by_a_user_survives_a_reload(curated):
    action = Action.objects.get(plan__review__slug="wiltshire-family-m", key="finding-3-action-4")
    assert action.status == Action.Status.NO_UPDATE
    action.status = Action.Status.IN_PROGRESS
    action.revised_due_date = date(2027, 3, 31)
    action.version += 1
    action.save()
    call_command("load_fixtures", verbosity=0)
    action.refresh_from_db()
    assert action.status == Action.Status.IN_PROGRESS
    assert action.revised_due_date == date(2027, 3, 31)
    assert action.version == 2


def test_a_finding_a_user_deleted_stays_deleted_on_reload(curated):
    """A deletion is a user change too: `make run` again must not bring the finding back."""
    total = Finding.objects.count()
    Finding.objects.get(review__slug="dorset-family-s15", key="supervision").delete()
    out = io.StringIO()
    call_command("load_fixtures", stdout=out)
    assert Finding.objects.count() == total - 1
    assert not Finding.objects.filter(review__slug="dorset-family-s15", key="supervision").exists()
    assert "1 deleted by users and not re-created" in out.getvalue()


@pytest.mark.parametrize(
    ("model", "lookup"),
    [
        (
            Recommendation,
            {"review__slug": "wolverhampton-family-e", "key": "theme-1-recommendation-1"},
        ),
        (Action, {"plan__review__slug": "wiltshire-family-m", "key": "response-share-findings"}),
        (ReflectiveQuestion, {"review__slug": "surrey-scr-thematic-2016-2020"}),
    ],
)
def test_deleted_recommendations_actions_and_questions_stay_deleted(curated, model, lookup):
    doomed = model.objects.filter(**lookup).order_by("pk").first()
    total = model.objects.count()
    doomed.delete()
    call_command("load_fixtures", verbosity=0, stdout=io.StringIO())
    assert model.objects.count() == total - 1
    assert not model.objects.filter(pk=doomed.pk).exists()


def test_a_deleted_review_and_everything_under_it_stay_deleted(curated):
    """Deleting the published review `surrey-rapid-review-2020` (issue 12) must survive a reload."""
    review = Review.objects.get(slug="surrey-rapid-review-2020")
    findings_before = Finding.objects.count()
    review.delete()
    call_command("load_fixtures", verbosity=0, stdout=io.StringIO())
    assert not Review.objects.filter(slug="surrey-rapid-review-2020").exists()
    assert Finding.objects.count() == findings_before


def test_a_database_loaded_before_the_ledger_gets_its_missing_objects_once(curated):
    """Without a ledger (a database loaded by an older version) a missing object is added."""
    from intake.models import LoadedFixtureObject

    LoadedFixtureObject.objects.all().delete()
    Finding.objects.get(review__slug="dorset-family-s15", key="supervision").delete()
    call_command("load_fixtures", verbosity=0, stdout=io.StringIO())
    restored = Finding.objects.get(review__slug="dorset-family-s15", key="supervision")
    assert set(restored.themes.values_list("slug", flat=True)) == {
        "supervision",
        "assessment-and-planning",
    }


def test_theme_keywords_suggest_most_of_the_themes_a_person_tagged(curated):
    """The intake suggests themes from keywords, so they must find what a practitioner found."""
    keywords = {t.slug: [k.lower() for k in t.keyword_list] for t in Theme.objects.all()}
    tagged_total = found = 0
    for finding in Finding.objects.prefetch_related("themes"):
        text = f"{finding.title} {finding.text}".lower()
        tagged = {t.slug for t in finding.themes.all()}
        suggested = {slug for slug, words in keywords.items() if any(w in text for w in words)}
        tagged_total += len(tagged)
        found += len(tagged & suggested)
    assert found / tagged_total >= 0.75


def test_each_loaded_object_gets_one_first_history_record(curated):
    finding = Finding.objects.get(review__slug="wiltshire-family-m", key="finding-3")
    assert [(h.history_type, h.history_change_reason) for h in finding.history.all()] == [
        ("+", "Loaded from the curated fixtures")
    ]
    call_command("load_fixtures", verbosity=0)
    assert finding.history.count() == 1
    assert Action.history.count() == Action.objects.count()


def test_leads_are_the_plans_own_names_on_their_own_boards(curated):
    assert sorted(Lead.objects.values_list("board__slug", "name")) == [
        ("dorset-safeguarding-children-board", "DSCB"),
        (WILTSHIRE, "Partner organisations represented on WSCB"),
        (WILTSHIRE, "Task and Finish Group"),
        (WILTSHIRE, "WSCB"),
        (WILTSHIRE, "WSCB Business Unit"),
        (WILTSHIRE, "WSCB Chair"),
        (WILTSHIRE, "WSCB Multi-Agency Training Development Officer"),
        (WILTSHIRE, "WSCB QA Lead"),
        (WILTSHIRE, "WSCB Serious Case Review Sub-Group"),
        (WILTSHIRE, "WSCB/Support and Safeguarding Service"),
    ]
    assert not Action.objects.filter(lead__isnull=True).exists()


# --- Bringing a database loaded from older fixtures up to date (--update) --------------------


def test_update_brings_untouched_objects_up_to_date_and_keeps_what_users_changed(curated):
    """Issue 14 retagged and retitled the curated findings: a database loaded before must get
    the new content where nobody changed it, and keep what users did change."""
    old = Finding.objects.get(review__slug=SURREY_THEMATIC, key="section-2-6")
    # As an older load left it (written without history, as a fixture load writes).
    Finding.objects.filter(pk=old.pk).update(title="Old title")
    Finding.themes.through.objects.filter(finding=old, theme__slug="domestic-abuse").delete()
    Theme.objects.filter(slug="missed-health-appointments").update(name="Missed appointments")
    # A user's own edit, recorded in the history as users' edits are.
    mine = Finding.objects.get(review__slug="dorset-family-s15", key="supervision")
    mine.title = "Supervision, as our board reads it"
    mine.save()
    out = io.StringIO()
    call_command("load_fixtures", "--update", stdout=out)
    old.refresh_from_db()
    assert old.title == "Cumulative harm"
    assert old.themes.filter(slug="domestic-abuse").exists()
    assert [(h.history_type, h.history_change_reason) for h in old.history.all()] == [
        ("~", "Updated from the curated fixtures"),
        ("+", "Loaded from the curated fixtures"),
    ]
    assert Theme.objects.get(slug="missed-health-appointments").name.startswith("Was not brought")
    mine.refresh_from_db()
    assert mine.title == "Supervision, as our board reads it"
    assert "Updated from the fixtures: 2; changed by users and kept as they are: 1." in (
        out.getvalue()
    )
    out = io.StringIO()
    call_command("load_fixtures", "--update", stdout=out)
    assert "Updated from the fixtures: 0;" in out.getvalue()


def test_without_update_nothing_present_is_overwritten(curated):
    Finding.objects.filter(review__slug="wiltshire-family-m", key="finding-1").update(title="Old")
    call_command("load_fixtures", verbosity=0, stdout=io.StringIO())
    assert Finding.objects.get(review__slug="wiltshire-family-m", key="finding-1").title == "Old"


def test_update_corrects_an_old_status_but_never_one_moved_in_the_tracker(curated):
    wiltshire = Action.objects.filter(plan__review__slug="wiltshire-family-m")
    # An older load said "no update yet" for "Continue the work we are already doing…".
    wiltshire.filter(key="finding-3-action-1").update(status=Action.Status.NO_UPDATE)
    # The tracker moves a status with a conditional UPDATE (actions/services.py) and a version.
    wiltshire.filter(key="finding-4-action-1").update(status=Action.Status.COMPLETE, version=2)
    out = io.StringIO()
    call_command("load_fixtures", "--update", stdout=out)
    assert wiltshire.get(key="finding-3-action-1").status == Action.Status.IN_PROGRESS
    assert wiltshire.get(key="finding-4-action-1").status == Action.Status.COMPLETE
    assert "Updated from the fixtures: 1; changed by users and kept as they are: 1." in (
        out.getvalue()
    )


def test_update_never_overwrites_boards(curated):
    board = Board.objects.get(slug=WILTSHIRE)
    Board.objects.filter(pk=board.pk).update(website="https://example.org/wiltshire")
    call_command("load_fixtures", "--update", verbosity=0, stdout=io.StringIO())
    board.refresh_from_db()
    assert board.website == "https://example.org/wiltshire"
