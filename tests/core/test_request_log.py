"""Request logs: one JSON line per request with its id; never a note, evidence or query value."""

import io
import json
import logging

import pytest

from config.requestlog import JsonLineFormatter

NOTE = "Strategy meeting with the child's social worker about Family Zed"
EVIDENCE = "Audit of 40 cases by the designated nurse found Zed-specific concerns"


@pytest.fixture
def request_log():
    """The lines written to the "crl.requests" logger, parsed, as the settings format them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLineFormatter())
    logger = logging.getLogger("crl.requests")
    logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)


@pytest.fixture
def everything_logged():
    """Everything any logger writes while the test runs, at every level, as one string."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root, requests = logging.getLogger(), logging.getLogger("crl.requests")
    old_level = root.level
    root.addHandler(handler)
    requests.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield stream.getvalue
    root.setLevel(old_level)
    root.removeHandler(handler)
    requests.removeHandler(handler)


def test_one_line_per_request_with_a_generated_id_echoed_in_the_response(client, db, request_log):
    response = client.get("/themes/")
    [line] = request_log()
    assert line["request_id"] == response["X-Request-ID"]
    assert len(line["request_id"]) == 32
    assert line["method"] == "GET"
    assert line["path"] == "/themes/"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["user"] == "-"


def test_the_proxys_request_id_is_kept(client, db, request_log):
    response = client.get("/health/", headers={"X-Request-ID": "lb-7f3a:42"})
    assert response["X-Request-ID"] == "lb-7f3a:42"
    assert request_log()[0]["request_id"] == "lb-7f3a:42"


def test_an_implausible_request_id_is_replaced(client, db, request_log):
    response = client.get("/health/", headers={"X-Request-ID": 'x" injected {}'})
    assert response["X-Request-ID"] != 'x" injected {}'
    assert request_log()[0]["request_id"] == response["X-Request-ID"]


def test_the_signed_in_users_id_is_logged(client, lead_user, action, request_log):
    client.force_login(lead_user)
    client.get(action.get_absolute_url())
    assert request_log()[-1]["user"] == str(lead_user.pk)


def test_query_string_values_are_never_logged(client, db, request_log, everything_logged):
    client.get("/search/", {"q": "Zed strategy meeting"})
    line = request_log()[0]
    assert line["path"] == "/search/"
    assert "Zed" not in everything_logged()


def test_a_status_updates_note_and_evidence_never_appear_in_any_log(
    client, lead_user, action, request_log, everything_logged
):
    client.force_login(lead_user)
    response = client.post(
        action.get_absolute_url(),
        {
            "status": "complete",
            "note": NOTE,
            "evidence": EVIDENCE,
            "evidence_url": "https://example.org/zed-audit",
            "version": action.version,
        },
    )
    assert response.status_code == 302  # the update was recorded
    assert action.updates.get().note == NOTE
    [line] = request_log()
    assert (line["method"], line["status"]) == ("POST", 302)
    logged = everything_logged()
    assert "crl.requests" in logged
    for secret in ("Zed", "zed-audit", "Strategy meeting", "designated nurse"):
        assert secret not in logged


def test_a_rejected_post_with_a_note_is_logged_without_it(
    client, dorset_lead_user, action, request_log, everything_logged
):
    """Someone else's action: 403, which Django itself logs as a warning; still no note."""
    client.force_login(dorset_lead_user)
    response = client.post(
        action.get_absolute_url(), {"status": "in-progress", "note": NOTE, "version": 1}
    )
    assert response.status_code == 403
    assert request_log()[0]["status"] == 403
    assert "Zed" not in everything_logged()
