"""Adding a briefing in a real browser: upload, edit the proposal, save a draft, publish it, and
find its findings on the public theme page. axe checks the intake's own pages."""

# ruff: noqa: F811  (fixtures imported from tests.intake_files are used as arguments)
import re

import pytest

from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import screenshot
from tests.intake_files import keyword_themes, make_docx, wessex_board  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough password 42"


@pytest.fixture
def admin_page(browser, live_server):
    """A browser tab failing the test on any console error (CSP too) from the admin's pages.

    Unlike the shared `page` fixture it ignores one thing: on Django's admin pages, axe-core's
    own injected checks try to apply an inline style, which our CSP blocks and reports with no
    source URL. Inline styles in our markup or static scripts report their URL and still fail.
    """
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1024, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []

    def on_console(message):
        from_axe = message.text.startswith("Applying inline style") and not message.location["url"]
        if message.type == "error" and not from_axe:
            errors.append(f"{message.text} ({message.location['url']})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"browser console errors: {errors}"


@pytest.fixture
def superuser(db):
    """An admin who may add and publish briefings."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("intake-admin", "a@example.org", PASSWORD)


@pytest.fixture
def briefing_docx(tmp_path):
    """A Word briefing with two numbered findings and an action table."""
    path = tmp_path / "family-t.docx"
    path.write_bytes(
        make_docx(
            [
                "Family T",
                "This review of the Wessex partnership looked at two children in 2021.",
                "Finding 1: The chronic neglect of the children was seen by many professionals but named by none of them.",
                "Finding 2: Professional challenge between agencies was rare, and escalation was not used when it should have been.",
                "Reflective Questions",
                "How would you raise a concern with a colleague in another agency?",
            ],
            table_rows=[
                [
                    "How will we know we are making a difference?",
                    "What are we going to do?",
                    "Who will lead",
                    "By when",
                ],
                [
                    "Neglect is named in assessments",
                    ["Launch the neglect toolkit", "Audit twenty assessments"],
                    ["WXB Neglect Lead", "WXB QA Lead"],
                    "March 2022",
                ],
            ],
            table_after=2,
        )
    )
    return path


def sign_in(page):
    page.goto("/admin/login/?next=/admin/reviews/review/")
    page.fill("#id_username", "intake-admin")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/reviews/review/")


def test_an_admin_adds_a_briefing_and_publishes_it_to_the_theme_page(
    admin_page, superuser, wessex_board, keyword_themes, briefing_docx
):
    neglect, challenge = keyword_themes
    page = admin_page
    sign_in(page)
    page.click("text=Add a briefing")
    assert page.locator("h1").inner_text() == "Add a briefing"
    assert_no_axe_violations(page)
    screenshot(page, "intake-upload")

    page.set_input_files("#id_file", str(briefing_docx))
    page.select_option("#id_board", label=wessex_board.name)
    page.click("text=Read the briefing")
    page.wait_for_selector("text=What the parser found")
    assert page.locator("#id_findings-0-label").input_value() == "Finding 1"
    assert page.locator("#id_findings-1-label").input_value() == "Finding 2"
    actions = page.locator("#id_findings-0-actions").input_value()
    assert "Launch the neglect toolkit | WXB Neglect Lead | March 2022" in actions
    suggestion = page.get_by_label("Neglect — suggested by: “neglect”")
    assert suggestion.count() == 1 and not suggestion.is_checked()
    assert_no_axe_violations(page)
    screenshot(page, "intake-preview")

    # Edit the proposal: relabel, retitle, confirm themes, then update the preview.
    page.fill("#id_findings-0-label", "Finding A")
    page.fill("#id_findings-0-title", "Neglect not named")
    page.locator("#finding-1").get_by_label("Neglect — suggested by", exact=False).check()
    page.locator("#finding-2").get_by_label(
        "Professional challenge and escalation — suggested by", exact=False
    ).check()
    page.click("input[name=_update]")
    page.wait_for_selector("text=Updated: 2 findings.")
    assert page.locator("#id_findings-0-label").input_value() == "Finding A"
    assert page.locator("#finding-1").get_by_label("Neglect", exact=False).first.is_checked()

    # A mistake keeps everything typed and says what is wrong.
    page.fill("#id_review-year", "1066")
    page.click("input[name=_save]")
    page.wait_for_selector("text=There is a problem")
    assert page.locator("#id_findings-0-title").input_value() == "Neglect not named"
    assert_no_axe_violations(page)
    page.fill("#id_review-year", "2021")
    page.click("input[name=_save]")
    page.wait_for_selector("text=as a draft with 2 findings")
    # The plan names leads nobody holds yet: the intake asks for their holders first.
    assert page.get_by_role("heading", name="Leads with nobody attached").is_visible()
    assert page.get_by_role("heading", name="WXB Neglect Lead").is_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name=re.compile("Continue to the draft review")).click()

    # A draft: the public cannot see it yet.
    theme_page = page.context.new_page()
    theme_page.goto(f"/themes/{neglect.slug}/")
    assert "Neglect not named" not in theme_page.content()

    page.click("button:has-text('Publish')")
    page.wait_for_selector("text=the public can now see it")
    screenshot(page, "intake-published")

    theme_page.goto(f"/themes/{neglect.slug}/")
    body = theme_page.locator("main").inner_text()
    assert wessex_board.name in body
    assert "The chronic neglect of the children was seen by many professionals" in body
    theme_page.goto(f"/themes/{challenge.slug}/")
    assert (
        "Professional challenge between agencies was rare"
        in theme_page.locator("main").inner_text()
    )
    theme_page.close()


def test_intake_pages_are_readable_at_phone_width(browser, live_server, superuser, wessex_board):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 740})
    page = context.new_page()
    sign_in(page)
    page.goto("/admin/reviews/review/intake/")
    page.fill(
        "#id_text",
        (
            "Family U\n\nFinding 1: Nobody asked the child what life was like at home for a long time.\n\n"
            "Finding 2: The escalation policy was not used when the agencies disagreed about risk."
        ),
    )
    page.click("text=Read the briefing")
    page.wait_for_selector("text=What the parser found")
    width = page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, "intake-preview-phone")
    context.close()
    assert width <= 375


@pytest.fixture
def seven_minute_docx(tmp_path):
    """A 7-minute briefing in Word (issue #11): Word headings, “Finding one” labels, a “What went
    well” trap, bulleted recommendations and questions, and an action table with a Finding
    column."""
    path = tmp_path / "child-q-7-minute-briefing.docx"
    path.write_bytes(
        make_docx(
            [
                "# Wessex Safeguarding Children Partnership (WXB)",
                "7 Minute Briefing: Local Child Safeguarding Practice Review: Child Q",
                "Published March 2024",
                "## 1. Background",
                "Child Q was 15. The family had been known to services since 2019.",
                "## 2. Key findings",
                "Finding one",
                "Each missing episode was treated as a separate event and the neglect at home was not seen.",
                "Finding two",
                "Professional challenge between agencies was rare and escalation was not used.",
                "## 3. What went well",
                "The form tutor made a prompt referral.",
                "## 4. What needs to change",
                "- Partners should review missing episodes together.",
                "## 5. What will happen",
                "## 6. Questions to reflect on",
                "- When a young person goes missing, how do you find out what happened?",
            ],
            table_rows=[
                ["Finding", "Action", "Lead", "By when"],
                ["1", "Introduce a missing children panel", "WXB Police", "30 June 2024"],
                ["2", "Relaunch the escalation policy", "WXB Business Unit", "within 6 months"],
            ],
            table_after=14,
        )
    )
    return path


def test_an_admin_imports_a_seven_minute_briefing_docx_end_to_end(
    admin_page, superuser, wessex_board, seven_minute_docx
):
    from actions.models import Action
    from reviews.models import Review

    page = admin_page
    sign_in(page)
    page.goto("/admin/reviews/review/intake/")
    page.set_input_files("#id_file", str(seven_minute_docx))
    page.click("text=Read the briefing")
    page.wait_for_selector("text=Sections recognised by their headings")
    assert page.locator("#id_review-review_name").input_value() == "Child Q"
    assert page.locator("#id_review-kind").input_value() == "lcspr"
    assert page.locator("#id_review-year").input_value() == "2024"
    assert page.locator("#id_findings-1-text").input_value().startswith("Professional challenge")
    assert page.locator("#id_findings-2-text").count() == 0  # “What went well” is not a finding
    assert "WXB Police | 30 June 2024" in page.locator("#id_findings-0-actions").input_value()
    assert "missing episodes" in page.locator("#id_review-recommendations").input_value()
    assert "young person goes missing" in page.locator("#id_review-questions").input_value()
    assert_no_axe_violations(page)
    screenshot(page, "intake-seven-minute-preview")

    page.click("input[name=_save]")
    page.wait_for_selector("text=as a draft with 2 findings")
    # The plan names leads nobody holds yet: the intake asks for their holders first.
    assert page.get_by_role("heading", name="Leads with nobody attached").is_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name=re.compile("Continue to the draft review")).click()
    review = Review.objects.get()
    assert (review.name, review.board, review.year) == ("Child Q", wessex_board, 2024)
    derived = Action.objects.get(deadline_text="within 6 months")
    assert derived.due_date.isoformat() == "2024-09-30"
