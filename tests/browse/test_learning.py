"""“Learned before” on the finding page, the theme page's recurring boards, and the recurrence
views per theme and per board (issue 14)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ActionPlan
from findings.services import refresh_counts
from tests import factories
from tests.html import html_errors, java_available


@pytest.fixture
def history(db):
    """Professional challenge came up at one board in 2011, 2015 and 2018 (the 2011 plan has a
    complete and an overdue action, the 2015 plan is historic), at another in 2013 (an assured
    action) and 2020 (later: never “before”), and in a draft of 2010 (never shown)."""
    challenge = factories.theme("professional-challenge", "Professional challenge", "practice")
    neglect = factories.theme("neglect", "Neglect")
    home, away = (
        factories.board("Home Safeguarding Partnership"),
        factories.board("Away Partnership"),
    )
    made = {}
    for key, board, year in [
        ("home-2011", home, 2011),
        ("home-2015", home, 2015),
        ("home-2018", home, 2018),
        ("away-2013", away, 2013),
        ("away-2020", away, 2020),
    ]:
        review = factories.review(board, year=year, name=f"Review {key}")
        made[key] = factories.finding(review, f"Challenge was not made ({key}).", challenge)
    draft = factories.review(home, year=2010, status="draft", name="Draft review")
    made["draft"] = factories.finding(draft, "Draft finding on challenge.", challenge)
    factories.finding(made["home-2018"].review, "Neglect only, same review.", neglect, order=1)

    def plan(finding, *, historic=False):
        return ActionPlan.objects.create(
            review=finding.review, finding=finding, key=f"plan-{finding.pk}", historic=historic
        )

    past = timezone.localdate() - timedelta(days=30)
    first = plan(made["home-2011"])
    Action.objects.create(plan=first, key="a1", description="Escalation policy", status="complete")
    Action.objects.create(plan=first, key="a2", description="Audit challenge", due_date=past)
    Action.objects.create(plan=plan(made["home-2015"], historic=True), key="a3", description="Old")
    Action.objects.create(
        plan=plan(made["away-2013"]), key="a4", description="Training", status="assured"
    )
    refresh_counts()
    return made


def test_finding_page_shows_earlier_findings_of_its_board_and_others_with_outcomes(
    client, history, django_assert_num_queries
):
    """Guards against N+1: the finding page with earlier findings (two of its board, one of
    another, each with shared themes and outcomes) runs an exact number of queries: 15, the
    finding page's ten with what was done about it (its plans: none here, so no query for their
    actions), plus five for what was learned before (the other boards are read as a list first,
    so that the earlier reviews' walk tests them in a hashed list, not a nested loop)."""
    url = history["home-2018"].get_absolute_url()
    with django_assert_num_queries(15):
        response = client.get(url)
    assert response.status_code == 200
    context = response.context
    assert [f.pk for f in context["same_board"]] == [
        history["home-2015"].pk,
        history["home-2011"].pk,
    ]
    assert [f.pk for f in context["other_boards"]] == [history["away-2013"].pk]
    html = response.content.decode()
    section = html[html.index('id="learned-before-heading"') : html.index('id="similar-heading"')]
    assert "2 actions: 1 complete, 1 overdue" in section
    assert "1 action: 1 historic (closed without a recorded outcome)" in section
    assert "1 action: 1 assured" in section
    assert "Review away-2020" not in section  # later, not before
    assert "Draft" not in section


def test_finding_without_earlier_findings_says_so(client, history):
    """The oldest finding has nothing learned before it, and the page says so in words."""
    response = client.get(history["home-2011"].get_absolute_url())
    html = response.content.decode()
    assert "No earlier finding of this board is on these themes." in html
    assert "No earlier finding of another board is on these themes." in html


def test_theme_page_lists_boards_where_the_theme_recurred(client, history):
    """The theme page names the board where the lesson came up in three reviews, with its
    years, and links to the recurrence view."""
    response = client.get(reverse("browse:theme-detail", args=["professional-challenge"]))
    html = response.content.decode()
    assert "came up in more than one review at 2 boards" in html
    assert "Home Safeguarding Partnership</a>: 3 reviews, 2011 to 2018" in html
    assert reverse("browse:theme-recurrence", args=["professional-challenge"]) in html


def test_theme_recurrence_table_lists_each_review_by_year_with_outcomes(
    client, history, django_assert_num_queries
):
    """Guards against N+1: the recurrence view (two boards, five reviews, their actions) runs
    four queries; the home board, with three reviews, comes first, oldest review first."""
    url = reverse("browse:theme-recurrence", args=["professional-challenge"])
    with django_assert_num_queries(4):
        response = client.get(url)
    assert response.status_code == 200
    boards = response.context["boards"]
    assert [entry["board"].name for entry in boards] == [
        "Home Safeguarding Partnership",
        "Away Partnership",
    ]
    home = boards[0]
    assert home["years"] == [2011, 2015, 2018]
    first = home["reviews"][0]
    assert (first["year"], first["findings"]) == (2011, 1)
    assert first["outcomes"] == {
        "total": 2,
        "complete": 1,
        "assured": 0,
        "open": 0,
        "overdue": 1,
        "historic": 0,
    }
    assert home["reviews"][1]["outcomes"]["historic"] == 1
    assert boards[1]["reviews"][0]["outcomes"]["assured"] == 1
    html = response.content.decode()
    assert '<th scope="rowgroup" rowspan="3">' in html  # one line a year: 2011, 2015, 2018
    assert [line["year"] for line in home["lines"]] == [2011, 2015, 2018]
    assert "Draft review" not in html


def test_board_recurrence_puts_recurring_themes_first(client, history, django_assert_num_queries):
    """Guards against N+1: the board's recurrence view runs three queries; professional
    challenge (three reviews) comes before neglect (one)."""
    board = history["home-2018"].review.board
    with django_assert_num_queries(3):
        response = client.get(reverse("browse:board-recurrence", args=[board.slug]))
    themes = response.context["themes"]
    assert [theme["slug"] for theme in themes] == ["professional-challenge", "neglect"]
    assert themes[0]["years"] == [2011, 2015, 2018]
    assert themes[0]["reviews"][0]["outcomes"]["complete"] == 1
    assert response.context["recurring_count"] == 1


@pytest.mark.parametrize(
    "url",
    [
        "/themes/no-such-theme/recurrence/",
        "/boards/no-such-board/recurrence/",
        "/feeds/themes/no-such-theme/",
        "/feeds/boards/no-such-board/",
    ],
)
def test_unknown_theme_or_board_is_404(client, db, url):
    """Unknown slugs are a 404, never a 500."""
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("page", ["0", "-1", "x", "999", "1e9"])
def test_recurrence_pages_any_page_number(client, history, page):
    """Any page number gives a page (the last or first), not an error."""
    url = reverse("browse:theme-recurrence", args=["professional-challenge"])
    assert client.get(url, {"page": page}).status_code == 200


def test_board_with_only_a_draft_has_no_recurrence_page(client, db):
    """A board with nothing published is not shown."""
    board = factories.board()
    factories.review(board, status="draft")
    assert client.get(reverse("browse:board-recurrence", args=[board.slug])).status_code == 404


@pytest.mark.skipif(not java_available(), reason="java is needed for the HTML checker")
def test_new_pages_are_valid_html(client, history, user):
    """The finding page with “learned before”, the theme page, both recurrence views, the
    record form (empty and with errors), one's records and the subscriptions page."""
    theme_url = reverse("browse:theme-detail", args=["professional-challenge"])
    board = history["home-2018"].review.board
    urls = [
        history["home-2018"].get_absolute_url(),
        theme_url,
        reverse("browse:theme-recurrence", args=["professional-challenge"]),
        reverse("browse:board-recurrence", args=[board.slug]),
        board.get_absolute_url(),
        history["home-2018"].review.get_absolute_url(),
        reverse("browse:seven-minute-briefing", args=["professional-challenge"]),
    ]
    client.force_login(user)
    urls += [
        reverse("findings:record-theme-use", args=["professional-challenge"]),
        reverse("findings:dissemination-mine"),
        reverse("findings:subscriptions"),
    ]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    invalid = client.post(
        reverse("findings:record-theme-use", args=["professional-challenge"]), {"people": "0"}
    )
    pages["record form with errors"] = invalid.content.decode()
    assert html_errors(pages) == []
