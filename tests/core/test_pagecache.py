"""Public pages cached whole for anonymous readers (core/pagecache.py): served from the cache
without a query, invalidated by publishing and by edits, never cached with anyone's own content."""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from actions.services import record_status_update
from actions.tracker_views import TrackerView
from core.pagecache import storable
from findings.models import Finding, Recommendation
from reviews.models import Review
from reviews.services import publish_review, unpublish_review


@pytest.fixture
def page_cache(settings):
    """The page cache on (it is off in tests, and without a shared cache)."""
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a write as if committed: the version is bumped in transaction.on_commit."""

    def run(write, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(*args, **kwargs)

    return run


def is_hit(response):
    return response.get("X-Page-Cache") == "hit"


@pytest.mark.parametrize(
    "name, args",
    [
        ("browse:home", []),
        ("browse:theme-index", []),
        ("browse:theme-detail", ["neglect"]),
        ("reviews:review-list", []),
        ("findings:list", []),
        ("browse:board-list", []),
    ],
)
def test_an_anonymous_reader_gets_the_second_request_from_the_cache_without_a_query(
    client, corpus, page_cache, django_assert_num_queries, name, args
):
    url = reverse(name, args=args)
    first = client.get(url)
    assert first.status_code == 200 and not is_hit(first)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert is_hit(second)
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second.has_header("Content-Security-Policy")  # still through the outer middleware


def test_query_strings_are_cached_apart(client, corpus, page_cache):
    first = client.get(reverse("findings:list") + "?theme=neglect")
    other = client.get(reverse("findings:list") + "?theme=drugs")
    assert not is_hit(first) and not is_hit(other)
    assert first.content != other.content


def test_publishing_and_returning_to_draft_change_the_cached_pages(
    client, corpus, page_cache, commit
):
    draft = Review.objects.drafts().first()
    url = reverse("reviews:review-list")
    assert draft.name not in client.get(url).content.decode()
    assert is_hit(client.get(url))
    commit(publish_review, review=draft)
    after = client.get(url)
    assert not is_hit(after)
    assert draft.name in after.content.decode()
    assert draft.name in client.get(reverse("browse:home")).content.decode()
    commit(unpublish_review, review=draft)
    assert draft.name not in client.get(url).content.decode()


def test_editing_a_finding_or_a_recommendation_changes_its_cached_page(
    client, corpus, page_cache, commit
):
    finding = Finding.objects.published().first()
    url = finding.get_absolute_url()
    client.get(url)
    assert is_hit(client.get(url))

    def edit():
        finding.text = "An edited finding about transport to school."
        finding.save()

    commit(edit)
    assert "transport to school" in client.get(url).content.decode()

    recommendation = Recommendation.objects.filter(finding__in=Finding.objects.published()).first()
    review_url = reverse("browse:review-detail", args=[recommendation.finding.review.slug])
    client.get(review_url)

    def edit_recommendation():
        recommendation.text = "Commission a hydrotherapy pathway."
        recommendation.save()

    commit(edit_recommendation)
    assert "hydrotherapy pathway" in client.get(review_url).content.decode()


def test_a_change_of_a_findings_themes_changes_the_cached_pages(client, corpus, page_cache, commit):
    finding = Finding.objects.published().filter(themes__isnull=False).first()
    theme = finding.themes.first()
    url = finding.get_absolute_url()
    assert theme.name in client.get(url).content.decode()
    commit(finding.themes.remove, theme)
    assert not is_hit(client.get(url))


def test_an_action_status_update_changes_the_cached_pages(
    client, action, lead_user, page_cache, commit
):
    url = reverse("browse:review-detail", args=[action.plan.review.slug])
    client.get(url)
    assert is_hit(client.get(url))
    commit(
        record_status_update,
        action=action,
        user=lead_user,
        status="in-progress",
        note="Done and evidenced.",
        expected_version=action.version,
    )
    assert not is_hit(client.get(url))


def test_a_rolled_back_write_keeps_the_cached_page(client, corpus, page_cache):
    url = reverse("browse:home")
    client.get(url)
    finding = Finding.objects.published().first()
    finding.text = "Never committed."
    finding.save()  # in the test's transaction, which is rolled back: no on_commit, no bump
    assert is_hit(client.get(url))


def test_a_signed_in_reader_is_served_a_cached_page_with_their_own_account_links(
    client, corpus, lead_user, page_cache
):
    url = reverse("browse:home")
    client.get(url)  # anonymous: stored
    client.force_login(lead_user)
    signed_in = client.get(url)
    assert is_hit(signed_in)
    page = signed_in.content.decode()
    assert lead_user.username in page  # the header's “Sign out <name>”
    assert "csrfmiddlewaretoken" in page and "My actions" in page and ">Sign in<" not in page
    client.logout()
    anonymous = client.get(url)
    assert is_hit(anonymous)
    assert lead_user.username not in anonymous.content.decode()
    assert "csrfmiddlewaretoken" not in anonymous.content.decode()


def test_a_page_rendered_for_a_signed_in_reader_is_stored_as_anyone_sees_it(
    client, corpus, lead_user, page_cache
):
    url = reverse("browse:theme-detail", args=["neglect"])
    client.force_login(lead_user)
    assert not is_hit(client.get(url))  # rendered for the lead, and stored
    client.logout()
    anonymous = client.get(url)
    assert is_hit(anonymous)
    page = anonymous.content.decode()
    assert lead_user.username not in page and "csrfmiddlewaretoken" not in page
    assert ">Sign in<" in page and "My actions" not in page


def test_the_sign_out_form_of_a_cached_page_works(corpus, lead_user, page_cache):
    from django.test import Client

    url = reverse("browse:home")
    Client().get(url)  # anonymous: stored
    client = Client(enforce_csrf_checks=True)
    client.force_login(lead_user)
    page = client.get(url)
    assert is_hit(page)
    token = page.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    signed_out = client.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert signed_out.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_signed_in_readers_own_pages_are_never_cached(client, corpus, lead_user, page_cache):
    client.force_login(lead_user)
    for name in ("findings:dissemination-mine", "findings:subscriptions"):
        url = reverse(name)
        first = client.get(url)
        assert first.status_code == 200
        assert "no-store" in first["Cache-Control"]
        assert not is_hit(client.get(url))
        client.logout()
        assert client.get(url).status_code == 302  # an anonymous reader is sent to sign in
        client.force_login(lead_user)


def test_messages_waiting_in_the_session_are_shown_not_a_cached_page(
    client, corpus, lead_user, page_cache, settings
):
    settings.MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
    url = reverse("browse:home")
    client.get(url)
    client.force_login(lead_user)
    session = client.session
    from django.contrib.messages.storage.session import SessionStorage

    request = RequestFactory().get(url)
    request.session = session
    storage = SessionStorage(request)
    storage.add(constants.INFO, "Your record was saved.")
    storage.update(HttpResponse())
    session.save()
    page = client.get(url)
    assert not is_hit(page)
    assert "Your record was saved." in page.content.decode()


PUBLIC_PAGES = [
    ("browse:home", []),
    ("browse:theme-index", []),
    ("browse:theme-detail", ["neglect"]),
    ("browse:board-list", []),
    ("reviews:review-list", []),
    ("findings:list", []),
]


@pytest.mark.parametrize("name, args", PUBLIC_PAGES)
def test_public_pages_hold_nothing_per_user_but_the_account_links(
    client, corpus, lead_user, name, args
):
    """What makes sharing pages between readers safe: with the cache off, a page rendered for a
    signed-in reader and for an anonymous one differ only in the marked account links."""
    from core.pagecache import ACCOUNT_END, ACCOUNT_START

    def body(response):
        content = response.content
        start, end = content.index(ACCOUNT_START), content.index(ACCOUNT_END)
        return content[:start] + content[end:]

    url = reverse(name, args=args)
    anonymous = client.get(url)
    client.force_login(lead_user)
    signed_in = client.get(url)
    assert body(signed_in) == body(anonymous)


def test_every_kind_of_public_page_is_the_same_for_every_reader(client, corpus, lead_user):
    """The same check over a finding, a review, a board, a briefing, search and recurrence."""
    from core.pagecache import ACCOUNT_END, ACCOUNT_START

    finding = Finding.objects.published().first()
    review = finding.review
    urls = [
        finding.get_absolute_url(),
        reverse("browse:review-detail", args=[review.slug]),
        reverse("browse:board-detail", args=[review.board.slug]),
        reverse("browse:search") + "?q=neglect",
        reverse("browse:theme-index") + "?region=london",
    ]
    for url in urls:
        anonymous = client.get(url)
        client.force_login(lead_user)
        signed_in = client.get(url)
        client.logout()
        assert anonymous.status_code == signed_in.status_code == 200, url
        a, s = anonymous.content, signed_in.content
        assert a[: a.index(ACCOUNT_START)] == s[: s.index(ACCOUNT_START)], url
        assert a[a.index(ACCOUNT_END) :] == s[s.index(ACCOUNT_END) :], url


def test_the_tracker_and_a_reader_with_messages_are_not_cached(client, corpus, page_cache):
    tracker = reverse("actions:tracker")
    client.get(tracker)
    assert not is_hit(client.get(tracker))
    home = reverse("browse:home")
    client.get(home)
    request = RequestFactory().get(home)
    storage = CookieStorage(request)
    storage.add(constants.INFO, "Your review was saved.")
    response = HttpResponse()
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value
    with_messages = client.get(home)
    assert not is_hit(with_messages)
    assert "Your review was saved." in with_messages.content.decode()


def test_responses_with_cookies_csrf_tokens_or_private_content_are_not_stored():
    factory = RequestFactory()
    assert storable(factory.get("/"), HttpResponse("page"))
    with_cookie = HttpResponse("page")
    with_cookie.set_cookie("csrftoken", "x")
    assert not storable(factory.get("/"), with_cookie)
    csrf = factory.get("/")
    csrf.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    assert not storable(csrf, HttpResponse("page"))
    private = HttpResponse("page", headers={"Cache-Control": "private"})
    assert not storable(factory.get("/"), private)
    assert not storable(factory.get("/"), HttpResponse("missing", status=404))


def test_bad_input_is_never_an_error_from_the_cache(client, corpus, page_cache):
    url = reverse("findings:list") + "?theme=%00%ff&page=-1"
    first = client.get(url)
    assert first.status_code < 500
    assert client.get(url).status_code == first.status_code


def test_the_trackers_cached_status_counts_follow_a_status_update(
    client, action, lead_user, page_cache, commit
):
    """The tracker's chart rows are kept under the content version: an update shows at once."""
    client.force_login(lead_user)
    url = reverse("actions:tracker") + "?scope=all"

    def counts():
        chart = client.get(url).context["chart"]
        return {c["value"]: c["count"] for c in chart["boards"][0]["counts"] if c["count"]}

    assert counts() == {"no-update": 1}
    assert counts() == {"no-update": 1}  # from the cache
    commit(
        record_status_update,
        action=action,
        user=lead_user,
        status="at-risk",
        note="Staffing gap.",
        expected_version=action.version,
    )
    assert counts() == {"at-risk": 1}
    bad = client.get(reverse("actions:tracker"), {"due_from": "not a date", "scope": "all"})
    assert bad.status_code == 200


def test_my_actions_lists_are_cached_per_user_and_follow_a_status_update(
    client, action, lead_user, dorset_action, dorset_lead_user, page_cache, commit,
    django_assert_num_queries,
):  # fmt: skip
    """The lists are rendered once per content version for the user's leads and boards: the
    second request is the session, the user and their leads (three queries) and what is never
    cached, being the user's own: update requests waiting on them and the boards they oversee
    (two more); another lead never sees them, and a status update shows at once."""
    url = reverse("actions:mine")
    client.force_login(lead_user)
    assert action.description in client.get(url).content.decode()
    with django_assert_num_queries(5):
        cached = client.get(url).content.decode()
    assert action.description in cached and "Dorset" not in cached
    client.force_login(dorset_lead_user)
    other = client.get(url).content.decode()
    assert dorset_action.description in other and action.description not in other
    commit(
        record_status_update,
        action=action,
        user=lead_user,
        status="at-risk",
        note="Staffing gap.",
        expected_version=action.version,
    )
    client.force_login(lead_user)
    assert "At risk" in client.get(url).content.decode()


def test_the_trackers_results_are_cached_by_query_and_follow_a_status_update(
    client, action, lead_user, dorset_action, page_cache, commit, django_assert_num_queries
):
    """The filter panel, chart, rows and pager are rendered once per filters and page: a repeat
    costs the session, the user, the user's leads and the boards whose progress notes they may
    read (part of the rows' key); another filter is its own entry."""
    url = reverse("actions:tracker")
    client.force_login(lead_user)
    first = client.get(url).content.decode()
    assert action.description in first and dorset_action.description not in first
    with django_assert_num_queries(4):
        again = client.get(url).content.decode()

    def results(html):  # the header's sign-out form carries a fresh CSRF token each time
        return html[html.index('id="filter-heading"') :]

    assert results(again) == results(first)
    everyone = client.get(url, {"scope": "all"}).content.decode()
    assert dorset_action.description in everyone
    commit(
        record_status_update,
        action=action,
        user=lead_user,
        status="at-risk",
        note="Staffing gap.",
        expected_version=action.version,
    )
    assert "At risk" in client.get(url).content.decode()


@pytest.mark.parametrize("query", [{}, {"scope": "all"}, {"status": "not-started", "sort": "-due"}])
def test_the_tracker_put_together_from_its_kept_parts_is_the_page_rendered(
    client, action, dorset_action, board_manager, page_cache, query, monkeypatch
):
    """A repeat of the same filters skips the filters, the form and the rows' query: what it
    serves must be what rendering served, for a board manager too (their dashboards' links)."""
    url = reverse("actions:tracker")
    client.force_login(board_manager)

    def body(html):  # the header's sign-out form carries a fresh CSRF token each time
        return html[html.index("<main") :]

    first = client.get(url, query)

    def not_built(self):
        raise AssertionError("the rows' query was built on a repeat")

    monkeypatch.setattr(TrackerView, "get_queryset", not_built)
    again = client.get(url, query)
    assert first.status_code == again.status_code == 200
    assert body(again.content.decode()) == body(first.content.decode())
    assert "dashboard" in body(again.content.decode())


def test_a_signed_in_readers_hit_costs_only_the_session_and_the_user(
    client, corpus, lead_user, page_cache, django_assert_num_queries
):
    url = reverse("browse:theme-detail", args=["neglect"])
    client.get(url)
    client.force_login(lead_user)
    client.get(url)  # the first signed-in request marks the session as seen (a write)
    with django_assert_num_queries(2):  # the session, the user; no query of the page's own
        assert is_hit(client.get(url))


def test_the_embedded_defaults_file_cache_serves_and_follows_edits(
    client, corpus, page_cache, commit, settings, tmp_path
):
    """Without Redis, one machine's workers share a cache in files (config/settings/base.py):
    what one worker stores another serves, and a bump in one reaches them all."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }
    finding = Finding.objects.published().first()
    url = finding.get_absolute_url()
    client.get(url)
    assert is_hit(client.get(url))
    assert any(tmp_path.iterdir())  # on disk, where every worker process reads it

    def edit():
        finding.text = "An edited finding about a school nurse's referral."
        finding.save()

    commit(edit)
    edited = client.get(url)
    assert not is_hit(edited)
    assert "school nurse" in edited.content.decode()
    assert is_hit(client.get(url))


def test_bad_input_to_the_tracker_is_never_an_error_from_its_kept_parts(
    client, action, lead_user, page_cache
):
    client.force_login(lead_user)
    url = reverse("actions:tracker")
    for query in (
        {"scope": "\x00"},
        {"page": "-1"},
        {"sort": "%ff", "lead_name": "\x00"},
        {"review": "a b"},
    ):
        first = client.get(url, query)
        assert first.status_code < 500
        assert client.get(url, query).status_code == first.status_code
