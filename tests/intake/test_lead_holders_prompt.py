# ruff: noqa: F811  (fixtures imported from tests.intake_files are used as arguments)
"""After saving a draft whose plan names leads nobody holds, the intake asks for their holders."""

from urllib.parse import urlparse

from django.urls import reverse

from actions.models import Action, Lead
from intake.services import unheld_lead_names
from reviews.models import Review
from tests.intake.test_sections import NORTHSHIRE
from tests.intake.test_views import PREVIEW, preview_data, upload
from tests.intake_files import wessex_board  # noqa: F401


def test_saving_a_plan_with_unheld_leads_goes_to_the_leads_page(
    admin_client, admin_user, wessex_board
):
    data = preview_data(upload(admin_client, text=NORTHSHIRE, name="q.txt", board=wessex_board.pk))
    data["_save"] = "Save as a draft"
    response = admin_client.post(PREVIEW, data)
    review = Review.objects.get()
    assert Action.objects.filter(plan__review=review, lead__isnull=False).exists()
    assert response.status_code == 302
    location = urlparse(response["Location"])
    assert location.path == reverse("actions:board-leads", args=[review.board.slug])
    assert location.query == f"review={review.slug}"
    page = admin_client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "with nobody attached" in html
    leads = {row["lead"] for row in page.context["rows"]}
    assert leads == set(Lead.objects.filter(actions__plan__review=review))


def test_once_people_are_attached_no_lead_is_left_unheld(admin_client, admin_user, wessex_board):
    data = preview_data(upload(admin_client, text=NORTHSHIRE, name="q.txt", board=wessex_board.pk))
    data["_save"] = "Save as a draft"
    admin_client.post(PREVIEW, data)
    review = Review.objects.get()
    names = unheld_lead_names(review)
    assert names and names == sorted(names)
    for lead in Lead.objects.filter(name__in=names, board=review.board):
        lead.holders.add(admin_user)
    assert unheld_lead_names(review) == []


def test_staff_who_do_not_manage_the_board_are_told_whom_to_ask(
    client, django_user_model, wessex_board
):
    from django.contrib.auth.models import Permission

    staff = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    staff.user_permissions.set(
        Permission.objects.filter(
            codename__in=[
                "add_review",
                "change_review",
                "view_review",
                "add_finding",
                "add_briefing",
            ]
        )
    )
    client.force_login(staff)
    data = preview_data(upload(client, text=NORTHSHIRE, name="q.txt", board=wessex_board.pk))
    data["_save"] = "Save as a draft"
    response = client.post(PREVIEW, data, follow=True)
    review = Review.objects.get()
    assert response.redirect_chain[0][0] == reverse("admin:reviews_review_change", args=[review.pk])
    assert "Ask a manager of" in response.content.decode()
