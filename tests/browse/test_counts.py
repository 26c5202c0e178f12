"""The pre-aggregated counts (findings.ThemeBoardCount) follow publishing and admin edits."""

from django.urls import reverse

from browse.queries import themes_with_finding_counts
from findings.models import Finding
from reviews.models import Review
from reviews.services import publish_review, unpublish_review
from themes.models import Theme


def drafts():
    return Review.objects.drafts()


def test_counts_follow_publishing_and_returning_to_draft(client, corpus):
    """The pre-aggregated counts change when a review is published or returned to draft."""

    def neglect_count():
        response = client.get(reverse("browse:theme-detail", args=["neglect"]))
        return response.context["finding_count"], client.get("/").context["finding_count"]

    assert neglect_count() == (6, 6)
    draft = drafts().first()
    publish_review(review=draft)
    assert neglect_count() == (8, 8)
    unpublish_review(review=draft)
    unpublish_review(review=Review.objects.published().first())
    assert neglect_count() == (4, 4)
    assert client.get("/").context["review_count"] == 2


def test_publishing_changes_the_cached_matrix_and_theme_page(client, corpus):
    """The matrix and the theme page's regions are cached rendered under the counts version,
    which publishing (refresh_counts) bumps: the pages show the new review's findings at once."""
    draft = drafts().first()
    region = draft.board.region
    matrix_url = reverse("browse:theme-index") + f"?region={region}"
    theme_url = reverse("browse:theme-detail", args=["neglect"])

    def regions_section():  # the theme page's cached fragment alone (its summary is not cached)
        html = client.get(theme_url).content.decode()
        return html[html.index('aria-labelledby="findings"') : html.index('id="recommendations"')]

    before_matrix = client.get(matrix_url).content
    before_theme = regions_section()
    assert client.get(matrix_url).content == before_matrix  # served from the cache
    publish_review(review=draft)
    after_matrix = client.get(matrix_url).content
    after_theme = regions_section()
    assert after_matrix != before_matrix
    assert after_theme != before_theme
    unpublish_review(review=draft)
    assert client.get(matrix_url).content == before_matrix


def test_counts_follow_an_admin_edit_of_a_findings_themes(admin_client, corpus):
    finding = Finding.objects.published().filter(themes__slug="professional-curiosity").first()
    neglect = Theme.objects.get(slug="neglect")
    response = admin_client.post(
        reverse("admin:findings_finding_change", args=[finding.pk]),
        {
            "review": finding.review_id,
            "key": finding.key,
            "label": finding.label,
            "title": "",
            "kind": finding.kind,
            "order": finding.order,
            "text": finding.text,
            "themes": [neglect.pk],
            "recommendations-TOTAL_FORMS": 0,
            "recommendations-INITIAL_FORMS": 0,
            "reflective_questions-TOTAL_FORMS": 0,
            "reflective_questions-INITIAL_FORMS": 0,
            "action_plans-TOTAL_FORMS": 0,
            "action_plans-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    themes = dict(client_counts())
    assert themes["professional-curiosity"] == 2


def client_counts():
    return [(theme.slug, theme.finding_count) for theme in themes_with_finding_counts()]


def test_theme_matrix_is_an_accessible_table_grouped_by_facet(client, corpus):
    html = client.get(reverse("browse:theme-index")).content.decode()
    assert "<caption" in html
    assert html.count('scope="rowgroup"') == 2
    assert 'scope="row"' in html and 'scope="col"' in html
