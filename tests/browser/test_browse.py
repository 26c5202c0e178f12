"""Browsing by theme in a real browser, on the curated content of the five briefings.

From the home page: open the neglect theme, see findings of several boards, filter by one board,
open a finding, follow a similar finding to another board — with the mouse and with the keyboard
alone; axe on every page; phone width; no JavaScript; the 7-minute briefing prints on one page.
"""

import io
import re

import pytest
from pypdf import PdfReader

from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def board_of_finding_page(page):
    """The board named in the finding page's caption (“Board · Review”)."""
    return page.locator("main .caption-l").first.inner_text().split(" · ")[0]


def test_journey_from_home_to_a_similar_finding_of_another_board(page, curated_content):
    page.goto("/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Neglect", exact=True).first.click()
    page.wait_for_url("**/themes/neglect/")
    assert page.get_by_role("heading", level=1).inner_text() == "Neglect"
    regions = page.locator(".board-group__heading")
    assert regions.count() >= 3
    screenshot(page, "browse-theme-neglect")
    assert_no_axe_violations(page)

    region = page.locator(".board-group details").nth(1)
    region.locator("summary").click()
    board = region.locator(".count-list__item a").first.inner_text()
    page.get_by_role("link", name=re.compile(r"^All \d+ findings?, with filters")).click()
    page.wait_for_url("**/findings/?theme=neglect")
    page.get_by_label(board, exact=True).check()
    page.get_by_role("button", name="Apply filters").first.click()
    page.wait_for_url("**/findings/?*board=*")
    assert "theme=neglect" in page.url
    metas = page.locator("main .finding-card .card__meta").all_inner_texts()
    assert metas and all(meta.startswith(board) for meta in metas)
    screenshot(page, "browse-findings-filtered")
    assert_no_axe_violations(page)

    page.locator("main .finding-card .card__title a").first.click()
    page.wait_for_url("**/findings/*/")
    assert board_of_finding_page(page) == board
    assert page.locator(".passage").count() == 1
    screenshot(page, "browse-finding")
    assert_no_axe_violations(page)

    page.locator(".similar .card__title a").first.click()
    page.wait_for_url("**/findings/*/")
    assert board_of_finding_page(page) != board


def tab_to(page, accessible_text, *, limit=400):
    """Press Tab until the focused element's text (or label) is `accessible_text`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        text = page.evaluate(
            """() => {
                const el = document.activeElement;
                if (el.labels && el.labels.length) return el.labels[0].textContent.trim();
                return (el.innerText || el.value || '').trim();
            }"""
        )
        if text == accessible_text:
            return
    raise AssertionError(f"Tab never reached “{accessible_text}”")


def tab_to_selector(page, selector, *, limit=400):
    """Press Tab until the focused element matches the CSS `selector`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_same_journey_with_the_keyboard_alone(page, curated_content):
    page.goto("/")
    tab_to(page, "Neglect")
    page.keyboard.press("Enter")
    page.wait_for_url("**/themes/neglect/")
    region = page.locator(".board-group details").nth(1)
    board = region.locator(".count-list__item a").first.text_content().strip()
    tab_to(page, page.locator(".button-group a.button--secondary").inner_text().strip())
    page.keyboard.press("Enter")
    page.wait_for_url("**/findings/?theme=neglect")
    tab_to(page, board)
    page.keyboard.press("Space")
    tab_to(page, "Apply filters")
    page.keyboard.press("Enter")
    page.wait_for_url("**/findings/?*board=*")
    tab_to_selector(page, ".finding-card .card__title a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/findings/*/")
    assert board_of_finding_page(page) == board
    tab_to_selector(page, ".similar .card__title a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/findings/*/")
    assert board_of_finding_page(page) != board


BROWSE_PAGES = [
    "/",
    "/themes/",
    "/themes/neglect/",
    "/themes/neglect/7-minute-briefing/",
    "/reviews/",
    "/reviews/?kind=scr&year_from=2000&sort=oldest",
    "/reviews/wiltshire-family-m/",
    "/reviews/surrey-scr-thematic-2016-2020/",  # key messages and our note (issue 14)
    "/themes/child-criminal-exploitation/",  # a new theme
    "/themes/disguised-compliance/",  # recommendations attributed to the NSPCC
    "/boards/derby-safeguarding-children-board/",  # a characteristics theme in the profile
    "/findings/",
    "/findings/?theme=neglect&board=surrey-safeguarding-children-partnership",
    "/findings/?q=zebra&year=soon",
    "/boards/",
    "/boards/wiltshire-safeguarding-children-board/",
    "/briefings/wiltshire-family-m/",
    "/search/?q=neglected+children",
    "/search/?q=zebra",
    "/search/?q=Hampshire",
    "/search/?q=negelct",
    "/search/?q=neglect&type=actions",
    "/findings/?theme=neglect&theme=professional-curiosity&theme_match=all&year_from=2010"
    "&year_to=2020&undated=include",
    "/findings/?year_from=2020&year_to=2010",
    "/boards/hampshire-safeguarding-children-partnership/",
    "/boards/surrey-safeguarding-children-partnership/",
]


def attributed_finding_url():
    """Surrey 3.2: recommendations quoted from the NSPCC, with their attribution."""
    from findings.models import Finding

    finding = Finding.objects.get(review__slug="surrey-scr-thematic-2016-2020", key="section-3-2")
    return finding.get_absolute_url()


def test_every_browse_page_passes_axe(page, curated_content):
    for url in [
        *BROWSE_PAGES,
        first_finding_url(),
        attributed_finding_url(),
        wiltshire_finding_3_url(),
    ]:
        response = page.goto(url)
        assert response.status == 200, url
        assert_no_axe_violations(page)


def wiltshire_finding_3_url():
    """The finding the six actions of Wiltshire's plan answer (its page lists them)."""
    from findings.models import Finding

    return Finding.objects.get(
        review__slug="wiltshire-family-m", label="Finding 3"
    ).get_absolute_url()


def first_finding_url():
    from findings.models import Finding

    return Finding.objects.published().order_by("pk").first().get_absolute_url()


def test_every_browse_page_is_readable_at_phone_width(phone_page, curated_content):
    for url in [*BROWSE_PAGES, first_finding_url(), wiltshire_finding_3_url()]:
        phone_page.goto(url)
        overflow = phone_page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{url} is {overflow}px wider than the phone"
    phone_page.goto("/themes/neglect/")
    screenshot(phone_page, "browse-theme-neglect-phone")
    phone_page.goto("/themes/")
    screenshot(phone_page, "browse-themes-phone")


def test_filters_and_search_work_without_javascript(browser, live_server, curated_content):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/findings/")
    page.get_by_label("Neglect", exact=True).check()
    page.get_by_role("button", name="Apply filters").first.click()
    page.wait_for_url("**/findings/?*theme=neglect*")
    assert "match these filters" in page.locator(".result-count").inner_text()
    page.goto("/search/?q=neglected")
    assert page.locator("main mark").count() > 0
    context.close()


def test_seven_minute_briefing_prints_on_one_page(page, curated_content):
    page.goto("/themes/neglect/7-minute-briefing/")
    screenshot(page, "browse-seven-minute-briefing")
    pdf = page.pdf(format="A4", print_background=True)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_seven_minute_briefing_print_button_prints(page, curated_content):
    """The button appears with JavaScript and calls the browser's print (stubbed here)."""
    page.goto("/themes/neglect/7-minute-briefing/")
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="Print or save as PDF").click()
    assert page.evaluate("window.printed") is True
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Print or save as PDF").is_visible()
    boxes = page.locator(".seven-minute__box").evaluate_all(
        "boxes => boxes.map(b => b.getBoundingClientRect().right)"
    )
    width = page.evaluate("document.documentElement.clientWidth")
    assert max(boxes) <= width  # no right border clipped


def test_search_finds_every_kind_and_suggests_a_spelling(page, curated_content):
    page.goto("/")
    page.get_by_label("Search the learning").first.fill("negelct")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=negelct")
    page.get_by_role("link", name="neglect").first.click()
    page.wait_for_url("**/search/?q=neglect")
    assert page.locator("#results-findings").count() == 1
    assert page.locator("#results-actions").count() == 1
    screenshot(page, "search-grouped")
    assert_no_axe_violations(page)
    page.locator("#results-findings").get_by_role("link", name=re.compile("^See all")).click()
    page.wait_for_url("**/search/?q=neglect&type=findings")
    assert page.get_by_role("heading", level=1).inner_text() == "Search findings"
    page.goto("/search/?q=Hampshire")
    assert "Child Z" in page.locator("#results-reviews").inner_text()
    page.goto("/search/?q=Courageous+Conversations")
    page.locator("#results-actions .card__title a").first.click()
    page.wait_for_url("**/actions/*/")


def test_finding_page_lists_what_was_done_about_it(page, curated_content):
    page.goto(wiltshire_finding_3_url())
    rows = page.locator("table.finding-actions tbody tr")
    assert rows.count() == 6
    assert "\t" not in page.locator(".passage").inner_text()
    screenshot(page, "finding-with-actions")


def test_matrix_by_region_drills_down_to_the_boards_of_a_region(page, curated_content):
    page.goto("/themes/")
    assert page.locator("table.matrix thead th").count() >= 4  # theme, regions…, total
    assert_no_axe_violations(page)
    page.locator("table.matrix thead a", has_text="South East").click()
    page.wait_for_url("**/themes/?region=south-east")
    assert page.get_by_role("heading", level=1).inner_text() == "Themes in South East"
    headers = page.locator("table.matrix thead th a").all_inner_texts()
    assert "Surrey" in " ".join(headers) or len(headers) >= 2
    screenshot(page, "browse-matrix-region")
    assert_no_axe_violations(page)


def test_board_filter_finds_a_board_by_name_with_and_without_javascript(
    browser, page, live_server, curated_content
):
    page.goto("/findings/")
    page.get_by_label("Find a board by name").fill("dors")
    visible = page.locator("[data-board-filter] .checkboxes__item:visible").all_inner_texts()
    assert [label.strip() for label in visible] == ["Dorset Safeguarding Children Board"]
    assert_no_axe_violations(page)

    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    plain = context.new_page()
    plain.goto("/findings/")
    plain.get_by_label("Find a board by name").fill("dors")
    plain.get_by_role("button", name="Show matching boards").click()
    plain.wait_for_url("**/findings/?*board_name=dors*")
    labels = plain.locator("[data-board-filter] .checkboxes__item").all_inner_texts()
    assert [label.strip() for label in labels] == ["Dorset Safeguarding Children Board"]
    context.close()
