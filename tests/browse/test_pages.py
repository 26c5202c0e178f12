"""Browsing learning by theme across boards: what each page shows, and what it never shows."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from findings.models import Finding, Recommendation, ReflectiveQuestion
from findings.passages import passage_in_context
from reviews.models import Board, Briefing, Review
from tests import factories
from tests.html import html_errors, java_available
from themes.models import Theme


def drafts():
    return Review.objects.drafts()


def draft_finding():
    return Finding.objects.filter(review__status=Review.Status.DRAFT).first()


# --- Drafts are invisible everywhere ----------------------------------------------------------


def test_draft_review_pages_are_not_found(client, corpus):
    draft = drafts().first()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft_finding().get_absolute_url()).status_code == 404


def test_briefing_of_draft_reviews_only_is_not_found(client, corpus):
    assert client.get(drafts().first().briefing.get_absolute_url()).status_code == 404


def test_drafts_never_show_in_lists_search_theme_page_feed_or_exports(client, corpus):
    draft = drafts().first()
    draft.name = "Family Unpublished"
    draft.save()
    Finding.objects.filter(review=draft).update(text="Draft finding about neglect, unpublished.")
    pages = [
        reverse("browse:home"),
        reverse("browse:theme-index"),
        reverse("browse:theme-detail", args=["neglect"]),
        reverse("browse:seven-minute-briefing", args=["neglect"]),
        reverse("reviews:review-list"),
        reverse("findings:list"),
        reverse("browse:search") + "?q=unpublished",
        reverse("findings:export"),
        reverse("reviews:review-export"),
        reverse("reviews:feed"),
        draft.board.get_absolute_url(),
    ]
    for url in pages:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        content = body.decode()
        assert "Family Unpublished" not in content, url
        assert "Draft finding about neglect" not in content, url
    assert client.get(reverse("browse:search") + "?q=unpublished").context["total"] == 0


def test_board_with_only_draft_reviews_is_not_listed(client, db):
    board = factories.board("Only Drafts Safeguarding Partnership")
    factories.populated_review(board, status=Review.Status.DRAFT)
    assert "Only Drafts" not in client.get(reverse("browse:board-list")).content.decode()
    assert "Only Drafts" not in client.get(reverse("browse:theme-index")).content.decode()
    assert client.get(board.get_absolute_url()).status_code == 404


def test_board_that_only_published_a_briefing_has_a_page(client, corpus):
    publisher = factories.board("National Panel")
    review = Review.objects.published().first()
    review.briefing.publisher = publisher
    review.briefing.save()
    assert client.get(publisher.get_absolute_url()).status_code == 200


# --- Home and the theme matrix -----------------------------------------------------------------


def test_home_says_what_the_knowledge_base_holds(client, corpus):
    response = client.get(reverse("browse:home"))
    html = response.content.decode()
    assert response.context["review_count"] == 3
    assert response.context["board_count"] == 3
    assert response.context["finding_count"] == 6
    assert 'action="/search/"' in html
    assert reverse("browse:theme-detail", args=["neglect"]) in html


def test_theme_matrix_counts_findings_per_theme_and_region_and_links_to_them(client, corpus):
    Board.objects.filter(pk=corpus[0].pk).update(region=Board.Region.WALES)
    Board.objects.exclude(pk=corpus[0].pk).update(region=Board.Region.LONDON)
    response = client.get(reverse("browse:theme-index"))
    assert [c["short"] for c in response.context["columns"]] == ["London", "Wales"]
    facets = dict(response.context["facets"])
    neglect = facets["Risk or harm to the child"][0]
    assert [cell["count"] for cell in neglect.cells] == [4, 2]
    curiosity = facets["Practice theme"][0]
    assert [cell["count"] for cell in curiosity.cells] == [2, 1]
    html = response.content.decode()
    assert "/findings/?theme=neglect&amp;region=wales" in html
    assert "?region=london" in html


def test_theme_matrix_drills_down_to_a_regions_boards(client, corpus):
    Board.objects.filter(pk=corpus[0].pk).update(region=Board.Region.WALES)
    response = client.get(reverse("browse:theme-index") + "?region=wales")
    assert [c["label"] for c in response.context["columns"]] == [corpus[0].name]
    neglect = dict(response.context["facets"])["Risk or harm to the child"][0]
    assert [cell["count"] for cell in neglect.cells] == [2]
    html = response.content.decode()
    assert f"/findings/?theme=neglect&amp;board={corpus[0].slug}" in html
    assert "Themes in Wales" in html


# --- Theme page ---------------------------------------------------------------------------------


def test_theme_page_groups_findings_by_board(client, corpus):
    response = client.get(reverse("browse:theme-detail", args=["neglect"]))
    assert response.status_code == 200
    assert response.context["board_count"] == 3
    assert response.context["finding_count"] == 6
    html = response.content.decode()
    for board in corpus:
        assert f'id="board-{board.slug}"' in html


def test_theme_page_shows_recommendations_questions_related_themes_and_actions(client, corpus):
    response = client.get(reverse("browse:theme-detail", args=["neglect"]))
    html = response.content.decode()
    assert "Use a neglect assessment tool." in html
    assert "How do you test what parents tell you?" in html
    related = list(response.context["related"])
    assert [(theme.slug, theme.shared) for theme in related] == [("professional-curiosity", 3)]
    action = Action.objects.published().first()
    assert action.get_absolute_url() in html
    assert action.lead.name in html
    assert "summer 2018" in html
    assert "Audits show neglect is recognised earlier." in html
    assert "In progress" in html


def test_recommendation_with_its_own_theme_shows_on_that_theme(client, corpus):
    review = Review.objects.published().first()
    advocacy = factories.theme("voice-of-the-child", "Voice of the child", Theme.Facet.PRACTICE)
    Recommendation.objects.create(
        review=review, key="own", text="Hear the child directly."
    ).themes.add(advocacy)
    html = client.get(advocacy.get_absolute_url()).content.decode()
    assert "Hear the child directly." in html


def test_question_with_its_own_theme_shows_on_that_themes_page_and_briefing(client, corpus):
    """Only themes with such rows read the own-themes branch (browse.queries.learning_on_theme):
    the theme says whether it has any."""
    review = Review.objects.published().first()
    advocacy = factories.theme("voice-of-the-child", "Voice of the child", Theme.Facet.PRACTICE)
    ReflectiveQuestion.objects.create(
        review=review, key="own", text="Who heard the child?"
    ).themes.add(advocacy)
    assert "Who heard the child?" in client.get(advocacy.get_absolute_url()).content.decode()
    briefing = reverse("browse:seven-minute-briefing", args=[advocacy.slug])
    assert "Who heard the child?" in client.get(briefing).content.decode()
    neglect = client.get(reverse("browse:theme-detail", args=["neglect"])).content.decode()
    assert "Who heard the child?" not in neglect


def test_unknown_theme_is_not_found(client, db):
    assert client.get(reverse("browse:theme-detail", args=["no-such-theme"])).status_code == 404


def test_seven_minute_briefing_has_seven_numbered_sections(client, corpus):
    response = client.get(reverse("browse:seven-minute-briefing", args=["neglect"]))
    html = response.content.decode()
    assert html.count('class="seven-minute__number"') == 7
    assert "Questions for your team" in html


# --- Findings list ------------------------------------------------------------------------------


def listed(response):
    return {finding.pk for finding in response.context["page_obj"]}


def test_findings_filter_by_one_board_and_theme(client, corpus):
    board = corpus[0]
    url = reverse("findings:list") + f"?theme=neglect&board={board.slug}"
    response = client.get(url)
    expected = set(
        Finding.objects.published()
        .filter(review__board=board, themes__slug="neglect")
        .values_list("pk", flat=True)
    )
    assert listed(response) == expected
    assert response.context["paginator"].count == 2
    assert "<strong>2</strong> findings match these filters" in response.content.decode()


def test_findings_filter_by_several_boards_matches_any(client, corpus):
    url = reverse("findings:list") + f"?board={corpus[0].slug}&board={corpus[1].slug}"
    assert client.get(url).context["paginator"].count == 4


def test_findings_filter_by_several_themes_matches_any_without_duplicates(client, corpus):
    url = reverse("findings:list") + "?theme=neglect&theme=professional-curiosity"
    response = client.get(url)
    assert response.context["paginator"].count == 6
    assert len(listed(response)) == 6


def test_findings_filter_by_facet_kind_year_and_words(client, corpus):
    base = reverse("findings:list")
    assert client.get(base + "?facet=practice").context["paginator"].count == 3
    assert client.get(base + "?review_kind=scr").context["paginator"].count == 6
    assert client.get(base + "?review_kind=imr").context["paginator"].count == 0
    assert client.get(base + "?year=2018").context["paginator"].count == 6
    assert client.get(base + "?year=2019").context["paginator"].count == 0
    # Stemmed: “accepting” finds “accepted” on both databases.
    assert client.get(base + "?q=accepting").context["paginator"].count == 3


def test_findings_filter_state_is_kept_in_the_form_and_remove_links(client, corpus):
    board = corpus[0]
    html = client.get(reverse("findings:list") + f"?theme=neglect&board={board.slug}").content
    html = html.decode()
    assert 'value="neglect" id="id_theme_0" checked' in html or (
        'value="neglect"' in html and "checked" in html
    )
    assert f"/findings/?board={board.slug}" in html  # the link that removes the theme filter
    assert "/findings/?theme=neglect" in html  # the link that removes the board filter


def test_findings_empty_state_helps(client, corpus):
    response = client.get(reverse("findings:list") + "?q=zebra")
    html = response.content.decode()
    assert response.context["paginator"].count == 0
    assert "No findings match" in html
    assert "clear them all" in html
    assert reverse("browse:theme-index") in html


def test_findings_bad_filter_input_gives_a_clear_message_and_no_results(client, corpus):
    response = client.get(reverse("findings:list") + "?year=soon&board=nowhere")
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["paginator"].count == 0
    assert "Check the filters" in html
    assert "Enter a number." in html
    assert "Select a valid choice. nowhere is not one of the available choices." in html
    assert 'class="error-summary"' in html


def test_findings_list_paginates_and_keeps_filters_in_page_links(client, db):
    build = factories.build_corpus(14)  # 28 published findings on neglect
    assert build
    response = client.get(reverse("findings:list") + "?theme=neglect")
    assert response.context["paginator"].num_pages == 2
    assert "?theme=neglect&amp;page=2" in response.content.decode()


# --- Reviews list -------------------------------------------------------------------------------


def test_reviews_filter_by_year_range_theme_and_sort(client, corpus):
    base = reverse("reviews:review-list")
    first = Review.objects.published().order_by("name").first()
    first.year = 2012
    first.save()
    assert client.get(base + "?year_to=2015").context["paginator"].count == 1
    assert client.get(base + "?year_from=2016").context["paginator"].count == 2
    assert client.get(base + "?theme=professional-curiosity").context["paginator"].count == 3
    oldest = client.get(base + "?sort=oldest").context["page_obj"][0]
    assert oldest == first
    names = [r.name for r in client.get(base + "?sort=name").context["page_obj"]]
    assert names == sorted(names)


def test_reviews_bad_sort_is_a_form_error_not_a_crash(client, corpus):
    response = client.get(reverse("reviews:review-list") + "?sort=sideways")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


# --- Review, finding, board and briefing pages -------------------------------------------------


def test_review_page_shows_family_findings_recommendations_and_each_actions_own_lead(
    client, corpus
):
    review = Review.objects.published().first()
    html = client.get(review.get_absolute_url()).content.decode()
    assert "Three children." in html
    assert "Use a neglect assessment tool." in html
    action = Action.objects.get(plan__review=review)
    assert action.lead.name in html
    assert action.get_absolute_url() in html
    assert "summer 2018" in html
    assert review.briefing.get_absolute_url() in html


def test_thematic_review_page_lists_the_reviews_it_covers(client, corpus):
    covered = Review.objects.published().first()
    thematic = factories.review(corpus[1], kind=Review.Kind.THEMATIC, name="Thematic analysis")
    thematic.covers.add(covered, drafts().first())
    response = client.get(thematic.get_absolute_url())
    assert list(response.context["review"].covers.all()) == [covered]
    assert thematic.name in client.get(covered.get_absolute_url()).content.decode()


def test_finding_page_shows_themes_and_its_passage_in_context(client, corpus):
    finding = Finding.objects.published().get(
        review__board=corpus[0], order=1
    )  # lines 7–8 of the briefing
    response = client.get(finding.get_absolute_url())
    html = response.content.decode()
    assert reverse("browse:theme-detail", args=["professional-curiosity"]) in html
    assert f"{finding.review.briefing.get_absolute_url()}#line-7" in html
    passage = response.context["passage"]
    assert [number for number, _, in_passage in passage if in_passage] == [7, 8]
    assert passage[0][0] == 4 and passage[-1][0] == 10


def test_similar_findings_come_from_other_boards_best_first(client, corpus):
    finding = Finding.objects.published().get(review__board=corpus[0], order=1)
    similar = client.get(finding.get_absolute_url()).context["similar"]
    assert similar
    assert all(other.review.board_id != corpus[0].pk for other in similar)
    assert all(other.review.status == Review.Status.PUBLISHED for other in similar)
    # The findings sharing both its themes (and its words) come before those sharing one.
    assert {t.slug for t in similar[0].shared_themes} == {"neglect", "professional-curiosity"}
    assert [o.similarity for o in similar] == sorted((o.similarity for o in similar), reverse=True)


def test_similar_findings_found_by_words_alone(client, corpus):
    untagged = factories.finding(
        Review.objects.published().get(board=corpus[1]),
        "Practitioners accepted the parents' account without challenge or curiosity.",
        order=5,
    )
    finding = Finding.objects.published().get(review__board=corpus[0], order=1)
    similar = client.get(finding.get_absolute_url()).context["similar"]
    assert untagged in similar


def test_passage_in_context_survives_bad_provenance():
    text = "one\ntwo\nthree"
    assert passage_in_context(text, None, None) == []
    assert passage_in_context(text, 9, 10) == []
    assert passage_in_context(text, 2, 1) == [
        (1, "one", False),
        (2, "two", True),
        (3, "three", False),
    ]


def test_board_page_shows_its_reviews_and_theme_profile(client, corpus):
    board = corpus[0]
    response = client.get(board.get_absolute_url())
    profile = [(theme.slug, theme.finding_count) for theme in response.context["profile"]]
    assert profile == [("neglect", 2), ("professional-curiosity", 1)]
    assert len(response.context["reviews"]) == 1


def test_board_page_lists_its_reviews_a_page_at_a_time(client, corpus):
    """25 published reviews: 20 on the first page, 5 on the second; the number comes from the
    pre-aggregated counts, recounted when reviews are published."""
    from findings.services import refresh_counts
    from tests import factories

    board = corpus[0]
    for year in range(2000, 2024):
        factories.review(board, year=year, with_briefing=False)
    factories.review(board, status=Review.Status.DRAFT, with_briefing=False)
    refresh_counts(board_ids=[board.pk])
    first = client.get(board.get_absolute_url())
    assert len(first.context["reviews"]) == 20
    assert first.context["page_obj"].paginator.count == 25
    html = first.content.decode()
    assert "Page 1 of 2" in html and "(25)" in html
    second = client.get(board.get_absolute_url(), {"page": 2})
    assert len(second.context["reviews"]) == 5
    assert client.get(board.get_absolute_url(), {"page": "x"}).status_code == 200


def test_boards_list_counts_published_reviews_and_findings(client, corpus):
    regions = client.get(reverse("browse:board-list")).context["regions"]
    [(_, _, rows)] = regions
    assert [(row.reviews, row.findings) for row in rows] == [(1, 2)] * 3


def test_briefing_page_has_an_anchor_on_every_line_and_marks_where_findings_start(client, corpus):
    review = Review.objects.published().first()
    html = client.get(review.briefing.get_absolute_url()).content.decode()
    for number in range(1, len(factories.BRIEFING_LINES) + 1):
        assert f'id="line-{number}"' in html
    first = Finding.objects.get(review=review, order=0)
    assert '<li id="line-3" class="briefing-lines__line briefing-lines__line--finding">' in html
    assert first.get_absolute_url() in html


def test_briefing_text_is_never_rendered_as_html(client, corpus):
    finding = Finding.objects.published().first()
    finding.text = '<script>alert("x")</script> neglect'
    finding.save()
    briefing = finding.review.briefing
    briefing.full_text = '<img src=x onerror="alert(1)">\n' + briefing.full_text
    briefing.save()
    for url in (
        finding.get_absolute_url(),
        briefing.get_absolute_url(),
        reverse("browse:theme-detail", args=["neglect"]),
        reverse("browse:search") + "?q=alert",
    ):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html, url


# --- Exports and feed ---------------------------------------------------------------------------


def read_csv(response):
    assert response.streaming  # CSV exports stream (core/exports.py)
    body = b"".join(response.streaming_content)
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_findings_csv_exports_the_filtered_list(client, corpus):
    board = corpus[0]
    response = client.get(reverse("findings:export") + f"?board={board.slug}&theme=neglect")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:3] == ["id", "board", "review"]
    assert len(rows) == 3
    assert {row[1] for row in rows[1:]} == {board.name}
    assert "Neglect" in rows[1][8]


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(client, corpus):
    Finding.objects.published().filter(review__board=corpus[0]).update(text='=HYPERLINK("x")')
    rows = read_csv(client.get(reverse("findings:export") + f"?board={corpus[0].slug}"))
    assert rows[1][7] == '\'=HYPERLINK("x")'


def test_reviews_csv_exports_the_filtered_list(client, corpus):
    rows = read_csv(client.get(reverse("reviews:review-export") + f"?board={corpus[1].slug}"))
    assert len(rows) == 2
    assert rows[1][1] == corpus[1].name


def test_atom_feed_lists_newly_published_reviews_newest_first(client, corpus):
    reviews = list(Review.objects.published().order_by("pk"))
    for offset, review in enumerate(reviews):
        review.published_at = timezone.now() - timezone.timedelta(days=10 - offset)
        review.save()
    response = client.get("/feeds/reviews/")
    assert response["Content-Type"].startswith("application/atom+xml")
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    entries = ET.fromstring(response.content).findall("atom:entry", ns)
    titles = [entry.find("atom:title", ns).text for entry in entries]
    assert titles == [f"{r.name} – {r.board.name}" for r in reversed(reviews)]


# --- Valid HTML ---------------------------------------------------------------------------------


@pytest.mark.skipif(not java_available(), reason="java is needed for the HTML checker")
def test_browse_pages_are_valid_html(client, corpus):
    finding = Finding.objects.published().order_by("pk").first()
    board = corpus[0]
    urls = {
        "home": reverse("browse:home"),
        "themes": reverse("browse:theme-index"),
        "theme": reverse("browse:theme-detail", args=["neglect"]),
        "7-minute": reverse("browse:seven-minute-briefing", args=["neglect"]),
        "reviews": reverse("reviews:review-list") + "?year_from=1900",
        "review": finding.review.get_absolute_url(),
        "findings": reverse("findings:list") + f"?theme=neglect&board={board.slug}",
        "findings-empty": reverse("findings:list") + "?q=zebra&year=x",
        "finding": finding.get_absolute_url(),
        "boards": reverse("browse:board-list"),
        "board": board.get_absolute_url(),
        "briefing": finding.review.briefing.get_absolute_url(),
        "search": reverse("browse:search") + "?q=neglected",
        "search-empty": reverse("browse:search") + "?q=zebra",
    }
    pages = {name: client.get(url).content.decode() for name, url in urls.items()}
    assert html_errors(pages) == []


def test_briefing_markup_is_hidden_but_its_text_kept(client, corpus):
    review = Review.objects.published().first()
    briefing = review.briefing
    briefing.full_text = briefing.full_text.replace(
        "Home conditions", '<ul style="list-style-type: none"> • Home & conditions'
    )
    briefing.save()
    html = client.get(briefing.get_absolute_url()).content.decode()
    assert "list-style-type" not in html
    assert "• Home &amp; conditions" in html


@pytest.mark.skipif(not java_available(), reason="java is needed for the HTML checker")
def test_browse_pages_of_the_curated_content_are_valid_html(client, curated_content):
    first = Finding.objects.published().order_by("pk").first()
    urls = [
        reverse("browse:home"),
        reverse("browse:theme-index"),
        reverse("browse:theme-detail", args=["neglect"]),
        reverse("browse:seven-minute-briefing", args=["neglect"]),
        reverse("reviews:review-list"),
        first.get_absolute_url(),
        reverse("findings:list") + "?theme=neglect",
        reverse("browse:board-list"),
        reverse("browse:search") + "?q=neglected+children",
    ]
    urls += [review.get_absolute_url() for review in Review.objects.published()]
    urls += [board.get_absolute_url() for board in Board.objects.with_published_reviews()]
    urls += [briefing.get_absolute_url() for briefing in Briefing.objects.published()]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    assert html_errors(pages) == []


# --- Curated content: key messages, our notes, attributions (issue 14) ------------------------


def test_review_page_shows_key_messages_quoted_and_our_note_apart(client, curated_content):
    html = client.get(reverse("browse:review-detail", args=["dorset-family-s15"])).content.decode()
    assert "Key messages" in html
    assert "most processes were followed to the letter" in html
    assert "Note from the knowledge base" not in html
    html = client.get(
        reverse("browse:review-detail", args=["surrey-scr-thematic-2016-2020"])
    ).content.decode()
    quoted = html.index("<blockquote")
    note = html.index('<p class="inset-text"><strong>Note from the knowledge base:</strong>')
    assert quoted < note
    assert "has analysed 13 case reviews" in html[note:]


def test_review_page_without_key_messages_has_no_empty_section(client, curated_content):
    html = client.get(
        reverse("browse:review-detail", args=["wolverhampton-family-e"])
    ).content.decode()
    assert "Key messages" not in html


def test_finding_and_theme_pages_say_where_a_quoted_recommendation_comes_from(
    client, curated_content
):
    finding = Finding.objects.get(review__slug="surrey-scr-thematic-2016-2020", key="section-3-2")
    html = client.get(finding.get_absolute_url()).content.decode()
    assert html.count("From the NSPCC briefing") == 5
    html = client.get(
        reverse("browse:theme-detail", args=["disguised-compliance"])
    ).content.decode()
    assert "From the NSPCC briefing" in html


def test_finding_page_heads_a_numbered_finding_with_its_descriptive_title(client, curated_content):
    finding = Finding.objects.get(review__slug="wiltshire-family-m", key="finding-5")
    html = client.get(finding.get_absolute_url()).content.decode()
    assert "Finding 5: No effective practice framework for neglect" in html
    # Its themes' facets look different: risk purple, practice plain, characteristics turquoise.
    assert 'class="tag tag--purple" href="/themes/neglect/"' in html
    assert 'class="tag tag--turquoise" href="/themes/adolescent-vulnerability/"' in html


def test_board_page_names_a_characteristics_theme_as_such(client, curated_content):
    html = client.get(
        reverse("browse:board-detail", args=["derby-safeguarding-children-board"])
    ).content.decode()
    assert "Children in contact with youth justice</a> <span" in html
    assert "characteristic</span>" in html


def test_review_page_says_why_a_past_plan_is_historic(client, curated_content):
    html = client.get(reverse("browse:review-detail", args=["dorset-family-s15"])).content.decode()
    assert html.count('class="inset-text body-s historic-note">Historic plan:') == 2
    assert "No later update or outcome is recorded in the source" in html
