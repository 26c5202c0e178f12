"""The Django admin: every model, useful lists, inlines in reading order, history, publishing."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from actions.models import Action, ActionPlan, Lead
from findings.models import Finding, Recommendation, ReflectiveQuestion
from reviews.models import Family, Review
from tests.html import html_errors, java_available
from themes.models import Theme

OUR_APPS = ["themes", "reviews", "findings"]
# No content history: append-only records, counts derived from published findings, their version.
APPEND_ONLY = {"StatusUpdate", "CalendarFeedToken", "ThemeBoardCount", "CountsVersion"}
# People's own records, not curated content: a team's record of using the learning (its owner
# edits it on /learning-used/) and a reader's digest subscription.
USERS_OWN = {"Dissemination", "DigestSubscription"}


@pytest.fixture
def admin_data(published_review, theme):
    """A review with a family and one finding carrying a recommendation, question and plan."""
    Family.objects.create(review=published_review, pseudonym="Family M", children="Five")
    finding = Finding.objects.create(
        review=published_review, key="finding-1", label="Finding 1", text="Neglect was missed."
    )
    finding.themes.add(theme)
    Recommendation.objects.create(review=published_review, finding=finding, key="r1", text="Do R")
    ReflectiveQuestion.objects.create(
        review=published_review, finding=finding, key="q1", text="Why?"
    )
    plan = ActionPlan.objects.create(
        review=published_review, finding=finding, key="plan-1", success_measure="Fewer repeats"
    )
    lead = Lead.objects.create(board=published_review.board, name="WSCB QA Lead")
    Action.objects.create(plan=plan, key="a1", description="Audit the cases", lead=lead)
    return finding


def test_every_model_of_our_apps_is_in_the_admin_with_history_where_content_is_edited():
    for app in OUR_APPS:
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                continue
            assert admin.site.is_registered(model), model
            model_admin = admin.site._registry[model]
            if model.__name__ not in APPEND_ONLY | USERS_OWN:
                assert isinstance(model_admin, SimpleHistoryAdmin), model
            assert model_admin.search_fields, f"{model.__name__} has no search"


def test_every_changelist_add_and_change_page_loads(admin_client, admin_data):
    for app in OUR_APPS:
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                continue
            name = f"admin:{app}_{model._meta.model_name}"
            assert admin_client.get(reverse(f"{name}_changelist"), {"q": "a"}).status_code == 200
            obj = model.objects.first()
            if obj is not None:
                assert admin_client.get(reverse(f"{name}_change", args=[obj.pk])).status_code == 200
                assert (
                    admin_client.get(reverse(f"{name}_history", args=[obj.pk])).status_code == 200
                )


def test_review_page_holds_its_families_and_findings(admin_client, admin_data):
    response = admin_client.get(reverse("admin:reviews_review_change", args=[admin_data.review.pk]))
    formsets = [formset.formset.model for formset in response.context["inline_admin_formsets"]]
    assert formsets == [Family, Finding]
    assert "Finding 1" in response.content.decode()


def test_finding_page_holds_recommendations_questions_and_plans(admin_client, admin_data):
    response = admin_client.get(reverse("admin:findings_finding_change", args=[admin_data.pk]))
    formsets = [formset.formset.model for formset in response.context["inline_admin_formsets"]]
    assert formsets == [Recommendation, ReflectiveQuestion, ActionPlan]


def test_action_plan_page_holds_its_actions(admin_client, admin_data):
    plan = ActionPlan.objects.get()
    response = admin_client.get(reverse("admin:actions_actionplan_change", args=[plan.pk]))
    assert [f.formset.model for f in response.context["inline_admin_formsets"]] == [Action]
    assert "Audit the cases" in response.content.decode()


def test_a_recommendation_added_inline_takes_the_review_and_a_key(admin_client, admin_data):
    url = reverse("admin:findings_finding_change", args=[admin_data.pk])
    response = admin_client.get(url)
    data = {}
    for form in [response.context["adminform"].form]:
        for field in form:
            value = field.value()
            if value is not None:
                data[field.html_name] = value
    data["themes"] = [str(t.pk) for t in admin_data.themes.all()]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for index, form in enumerate(formset.forms):
            for field in form:
                value = field.value()
                if value is not None and not isinstance(value, list):
                    data[field.html_name] = value
            data[f"{formset.prefix}-{index}-id"] = form.instance.pk
    prefix = response.context["inline_admin_formsets"][0].formset.prefix
    data[f"{prefix}-TOTAL_FORMS"] = 2
    data[f"{prefix}-1-text"] = "A new recommendation"
    data[f"{prefix}-1-order"] = 2
    saved = admin_client.post(url, data)
    assert saved.status_code == 302, saved.context and [
        f.errors for i in saved.context["inline_admin_formsets"] for f in i.formset.forms
    ]
    added = Recommendation.objects.get(text="A new recommendation")
    assert added.review == admin_data.review and added.finding == admin_data
    assert added.key == "finding-1-recommendation-1"


def test_publish_button_publishes_a_draft_and_the_public_sees_it(client, admin_client, admin_data):
    review = admin_data.review
    review.status = Review.Status.DRAFT
    review.save()
    assert client.get(review.get_absolute_url()).status_code == 404
    page = admin_client.get(reverse("admin:reviews_review_change", args=[review.pk]))
    publish_url = reverse("admin:reviews_review_publish", args=[review.pk])
    assert f'action="{publish_url}"' in page.content.decode()
    response = admin_client.post(publish_url)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED and review.published_at is not None
    assert client.get(review.get_absolute_url()).status_code == 200


def test_return_to_draft_hides_a_review_and_keeps_its_first_publication_date(
    client, admin_client, admin_data
):
    review = admin_data.review
    Review.objects.filter(pk=review.pk).update(status=Review.Status.DRAFT)
    admin_client.post(reverse("admin:reviews_review_publish", args=[review.pk]))
    review.refresh_from_db()
    first = review.published_at
    assert first is not None
    admin_client.post(reverse("admin:reviews_review_unpublish", args=[review.pk]))
    review.refresh_from_db()
    assert review.status == Review.Status.DRAFT
    assert client.get(review.get_absolute_url()).status_code == 404
    admin_client.post(reverse("admin:reviews_review_publish", args=[review.pk]))
    review.refresh_from_db()
    assert review.published_at == first


def test_publishing_needs_post_and_the_change_permission(client, admin_client, admin_data):
    from django.contrib.auth import get_user_model

    url = reverse("admin:reviews_review_publish", args=[admin_data.review.pk])
    assert admin_client.get(url).status_code == 405
    staff = get_user_model().objects.create_user("staff", password="x", is_staff=True)
    client.force_login(staff)
    assert client.post(url).status_code == 403


def test_publish_action_publishes_the_selected_drafts(admin_client, admin_data):
    review = admin_data.review
    Review.objects.filter(pk=review.pk).update(status=Review.Status.DRAFT)
    response = admin_client.post(
        reverse("admin:reviews_review_changelist"),
        {"action": "publish_selected", "_selected_action": [review.pk]},
        follow=True,
    )
    assert "Published 1 review(s)." in response.content.decode()
    review.refresh_from_db()
    assert review.is_published and review.published_at


def test_status_and_publication_date_are_not_edited_by_hand(admin_client, admin_data):
    response = admin_client.get(reverse("admin:reviews_review_change", args=[admin_data.review.pk]))
    fields = response.context["adminform"].form.fields
    assert "status" not in fields and "published_at" not in fields


def test_history_lists_each_change_of_a_finding(admin_client, admin_data):
    before = admin_data.history.count()
    admin_data.title = "Changed title"
    admin_data.save()
    response = admin_client.get(reverse("admin:findings_finding_history", args=[admin_data.pk]))
    records = response.context["page_obj"].object_list
    assert len(records) == before + 1
    assert records[0].title == "Changed title"
    assert "Changed title" in response.content.decode()


def test_review_board_autocomplete_finds_boards(admin_client, admin_data):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "reviews", "model_name": "review", "field_name": "board", "term": "Wilt"},
    )
    assert [r["text"] for r in response.json()["results"]] == [str(admin_data.review.board)]


def make_reviews(board, count):
    for number in range(count):
        review = Review.objects.create(
            name=f"R{number}", slug=f"r{number}", board=board, kind="scr"
        )
        for key in range(3):
            finding = Finding.objects.create(review=review, key=f"f{key}", text="Text")
            finding.themes.add(*Theme.objects.all())


@pytest.mark.parametrize("rows", [1, 6])
def test_review_changelist_query_count_is_constant(
    admin_client, board, theme, rows, django_assert_num_queries
):
    """Guards against N+1: finding counts are annotated, boards joined, however many rows."""
    make_reviews(board, rows)
    with django_assert_num_queries(9):
        admin_client.get(reverse("admin:reviews_review_changelist"))


@pytest.mark.parametrize("rows", [1, 6])
def test_finding_changelist_query_count_is_constant(
    admin_client, board, theme, rows, django_assert_num_queries
):
    """Guards against N+1: themes are prefetched, review and board joined, however many rows."""
    make_reviews(board, rows)
    with django_assert_num_queries(8):
        admin_client.get(reverse("admin:findings_finding_changelist"))


def test_publish_query_count_is_constant(admin_client, admin_data, django_assert_num_queries):
    """Guards against N+1: publishing reads and writes the review, then recounts its board's
    pre-aggregated counts (three grouped queries, a delete, one insert) and bumps the counts
    version (one update; it keys the pages' cached fragments), and reads the boards of the reviews
    it covers, whose counts change with it (16, was 15), whatever it holds."""
    Review.objects.filter(pk=admin_data.review.pk).update(status=Review.Status.DRAFT)
    url = reverse("admin:reviews_review_publish", args=[admin_data.review.pk])
    with django_assert_num_queries(16):
        admin_client.post(url)


@pytest.mark.skipif(not java_available(), reason="java is needed for the HTML checker")
def test_what_we_add_to_the_review_admin_pages_is_valid_html(admin_client, admin_data):
    """The changelist whole; of the change page, our object tools (the publish form): the rest
    of that page is Django's own markup, which the checker faults (autocomplete selects, the
    inlines' empty-form templates)."""
    import re

    change = admin_client.get(
        reverse("admin:reviews_review_change", args=[admin_data.review.pk])
    ).content.decode()
    tools = re.search(r'<ul class="object-tools">.*?</ul>', change, re.S).group()
    page = '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>{}</body></html>'
    errors = html_errors(
        {
            "changelist": admin_client.get(
                reverse("admin:reviews_review_changelist")
            ).content.decode(),
            "change-object-tools": page.format(tools),
        }
    )
    assert errors == []
    assert "Return to draft" in tools and "<form" in tools


def test_an_admin_cannot_change_an_actions_status_outside_the_timeline(admin_client, admin_data):
    """Status and revised dates move only through the tracker, which keeps the timeline."""
    action = Action.objects.get()
    response = admin_client.get(reverse("admin:actions_action_change", args=[action.pk]))
    form_fields = response.context["adminform"].form.fields
    for name in ("status", "revised_due_date", "revision_reason", "version"):
        assert name not in form_fields
    response = admin_client.post(
        reverse("admin:actions_action_change", args=[action.pk]),
        {
            "plan": action.plan_id,
            "key": action.key,
            "description": "Audit the cases again",
            "lead": action.lead_id,
            "order": 0,
            "status": Action.Status.COMPLETE,
            "version": 99,
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.description == "Audit the cases again"
    assert (action.status, action.version) == (Action.Status.NO_UPDATE, 1)
