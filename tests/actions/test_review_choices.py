"""The tracker's Review choices: listed when a board (or the user's own boards) bounds them, not
over all boards (15,000 reviews at national scale), where the panel asks for a board instead;
?review=<slug> links keep working in every scope, and the review applied stays removable."""

from django.urls import reverse

TRACKER = reverse("actions:tracker")
HINT = "Choose a board, and apply the filters, to pick one of its reviews."


def review_options(response):
    """The Review select's options (value, label), or None when the panel shows no select."""
    field = response.context["filter"].form["review"]
    if '<select name="review"' not in response.content.decode():
        return None
    return [(str(value), label) for value, label in field.field.choices]


def descriptions(response):
    return sorted(action.description for action in response.context["actions"])


def test_over_all_boards_the_panel_asks_for_a_board_instead_of_listing_every_review(
    client, user, action, dorset_action
):
    client.force_login(user)
    response = client.get(TRACKER)
    html = response.content.decode()
    assert review_options(response) is None and HINT in html
    assert "Family M" not in html.split('id="results-heading"')[0]  # not in the panel
    assert len(descriptions(response)) == 2


def test_a_chosen_board_lists_its_reviews(client, user, action, dorset_action):
    client.force_login(user)
    response = client.get(TRACKER, {"board": "dorset"})
    assert review_options(response) == [
        ("", "All reviews"),
        ("family-s15", "Family S15 (Dorset Safeguarding Children Partnership)"),
    ]
    assert HINT not in response.content.decode()


def test_a_leads_own_boards_list_their_reviews_and_all_boards_do_not(
    client, lead_user, action, dorset_action
):
    client.force_login(lead_user)
    yours = client.get(TRACKER)
    assert [value for value, _ in review_options(yours)] == ["", "test-family-m"]
    everything = client.get(TRACKER, {"scope": "all"})
    assert review_options(everything) is None and HINT in everything.content.decode()
    board = client.get(TRACKER, {"scope": "all", "board": "dorset"})
    assert [value for value, _ in review_options(board)] == ["", "family-s15"]


def test_a_review_link_works_over_all_boards_and_stays_removable(
    client, lead_user, action, dorset_action
):
    """A link from another page (or a review chosen before widening the scope): its actions, the
    review shown chosen with "All reviews" beside it to remove it, and nothing else listed."""
    client.force_login(lead_user)
    for query in ({"review": "family-s15", "scope": "all"}, {"review": "family-s15"}):
        response = client.get(TRACKER, query)
        assert descriptions(response) == ["Dorset: review the neglect strategy"], query
        html = response.content.decode()
        assert '<option value="family-s15" selected>' in html
    response = client.get(TRACKER, {"review": "family-s15", "scope": "all"})
    assert review_options(response) == [
        ("", "All reviews"),
        ("family-s15", "Family S15 (Dorset Safeguarding Children Partnership)"),
    ]
    assert "only the review applied is listed" in response.content.decode()
    removed = client.get(TRACKER, {"review": "", "scope": "all"})
    assert len(descriptions(removed)) == 2 and review_options(removed) is None


def test_an_unknown_review_over_all_boards_is_an_error_on_the_field(
    client, user, action, dorset_action
):
    client.force_login(user)
    for slug in ("no-such-review", "bad\x00slug", "<b>"):
        response = client.get(TRACKER, {"review": slug})
        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="id_review_error"' in html and '<select name="review"' in html
        assert len(descriptions(response)) == 2  # the refused filter is left out
