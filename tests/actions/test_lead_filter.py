"""The tracker's lead filter: a text field (part of a lead's name, any case) rather than a list of
every lead (1,500 at national scale). One match is applied, several are offered as choices (and
their actions shown), none is an error on the field; ?lead=<id> links keep working."""

import pytest
from django.urls import reverse

from actions.filters import LEAD_CHOICES
from actions.models import Lead

TRACKER = reverse("actions:tracker")


@pytest.fixture
def wiltshire_nurse(board, make_action):
    """A second lead whose name contains “nurse”, with an action of Wiltshire's."""
    lead = Lead.objects.create(board=board, name="Wiltshire Designated Nurse")
    make_action(description="Nurse-led audit of strategy meetings", lead=lead)
    return lead


def descriptions(response):
    return sorted(action.description for action in response.context["actions"])


def test_the_panel_has_a_labelled_text_field_not_a_list_of_every_lead(
    client, user, action, dorset_action
):
    client.force_login(user)
    html = client.get(TRACKER).content.decode()
    assert '<label class="label" for="id_lead_name">Lead</label>' in html
    assert 'id="id_lead_name_helptext"' in html and "Type part of the lead’s name" in html
    assert 'name="lead_name"' in html and 'aria-describedby="id_lead_name_helptext"' in html
    assert '<select name="lead"' not in html and "All leads" not in html


def test_one_matching_lead_is_applied_whatever_the_case(client, user, action, dorset_action):
    client.force_login(user)
    lead = Lead.objects.get(name="Dorset Named Nurse")
    response = client.get(TRACKER, {"lead_name": "  named   NURSE "})
    assert list(response.context["actions"]) == [dorset_action]
    html = response.content.decode()
    assert 'value="Dorset Named Nurse"' in html  # the field shows the lead applied
    assert f'<input type="hidden" name="lead" value="{lead.pk}" id="id_lead">' in html
    assert "There is a problem" not in html


def test_several_matching_leads_show_all_their_actions_and_are_offered(
    client, user, action, dorset_action, wiltshire_nurse
):
    client.force_login(user)
    response = client.get(TRACKER, {"lead_name": "nurse"})
    assert descriptions(response) == [
        "Dorset: review the neglect strategy",
        "Nurse-led audit of strategy meetings",
    ]
    html = response.content.decode()
    assert "Leads whose name contains “nurse”" in html
    assert "The actions of all 2 are shown. Choose one, then apply the filters." in html
    assert f'<input type="radio" name="lead" value="{wiltshire_nurse.pk}"' in html
    assert "Dorset Named Nurse (Dorset Safeguarding Children Partnership)" in html
    assert 'name="lead" value="' + str(wiltshire_nurse.pk) + '" id="id_lead">' not in html
    # Choosing one of them (the typed text comes with it) applies that lead alone.
    chosen = client.get(TRACKER, {"lead_name": "nurse", "lead": wiltshire_nurse.pk})
    assert descriptions(chosen) == ["Nurse-led audit of strategy meetings"]
    assert 'value="Wiltshire Designated Nurse"' in chosen.content.decode()


def test_typing_another_name_replaces_the_lead_applied_and_clearing_removes_it(
    client, user, action, dorset_action, wiltshire_nurse
):
    client.force_login(user)
    dorset = Lead.objects.get(name="Dorset Named Nurse")
    other = client.get(TRACKER, {"lead": dorset.pk, "lead_name": "designated"})
    assert descriptions(other) == ["Nurse-led audit of strategy meetings"]
    cleared = client.get(TRACKER, {"lead": dorset.pk, "lead_name": ""})
    assert len(cleared.context["actions"]) == 3


def test_no_matching_lead_is_an_error_on_the_field(client, user, action, dorset_action):
    client.force_login(user)
    response = client.get(TRACKER, {"lead_name": "Smyth"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert '<a href="#id_lead_name">No lead’s name contains “Smyth”' in html
    assert 'id="id_lead_name_error"' in html and 'value="Smyth"' in html
    assert len(response.context["actions"]) == 2  # like any refused filter: not applied


@pytest.mark.parametrize("text", ["%", "_", "\\", "*"])
def test_like_wildcards_are_matched_as_text(client, user, action, dorset_action, text):
    client.force_login(user)
    response = client.get(TRACKER, {"lead_name": text})
    assert "No lead’s name contains" in response.content.decode()


def test_lead_links_keep_working_and_a_stale_one_gets_a_message(client, user, dorset_action):
    client.force_login(user)
    lead = Lead.objects.get(name="Dorset Named Nurse")
    response = client.get(TRACKER, {"lead": lead.pk, "sort": "-due"})
    assert list(response.context["actions"]) == [dorset_action]
    assert 'value="Dorset Named Nurse"' in response.content.decode()
    stale = client.get(TRACKER, {"lead": 999999})
    assert stale.status_code == 200
    assert "That lead has no published actions in the boards shown" in stale.content.decode()


def test_a_lead_matches_the_leads_of_the_boards_shown(client, lead_user, action, dorset_action):
    """A lead's tracker shows their boards: the names typed are looked up among those leads."""
    client.force_login(lead_user)
    mine = client.get(TRACKER, {"lead_name": "nurse"})
    assert "No lead’s name contains “nurse”" in mine.content.decode()
    everywhere = client.get(TRACKER, {"lead_name": "nurse", "scope": "all"})
    assert list(everywhere.context["actions"]) == [dorset_action]
    dorset = client.get(TRACKER, {"lead_name": "nurse", "board": "dorset"})
    assert list(dorset.context["actions"]) == [dorset_action]


def test_many_matches_list_the_first_ones_and_ask_for_more_of_the_name(
    client, user, board, make_action
):
    for number in range(LEAD_CHOICES + 2):
        lead = Lead.objects.create(board=board, name=f"Named nurse {number:02d}")
        make_action(lead=lead)
    client.force_login(user)
    response = client.get(TRACKER, {"lead_name": "nurse"})
    html = response.content.decode()
    assert f"More than {LEAD_CHOICES} leads match" in html
    assert html.count('type="radio" name="lead"') == LEAD_CHOICES
    assert response.context["paginator"].count == LEAD_CHOICES + 2  # every match's actions


def test_typing_a_lead_costs_one_query(
    client, user, action, dorset_action, wiltshire_nurse, django_assert_num_queries
):
    """The tracker's eight queries over all boards (no list of reviews: see
    test_review_choices) and the typed name's match (the leads, at most 31)."""
    client.force_login(user)
    with django_assert_num_queries(9):
        client.get(TRACKER, {"lead_name": "named"})
    with django_assert_num_queries(9):
        client.get(TRACKER, {"lead_name": "nurse"})
