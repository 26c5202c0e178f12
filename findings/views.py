"""Findings: the filterable list and its CSV (the finding page and search are in browse/, since
they read actions too)."""

from django.db.models import Model, QuerySet
from django.urls import reverse
from django_filters.views import FilterView

from core.checkboxes import cached_checkboxes, model_options
from core.exports import csv_response
from reviews.models import Board, Review
from themes.models import Theme

from .filters import FindingFilter
from .models import Finding

PAGE_SIZE = 25
# A words filter counts its matches only up to here: a common word matches 17,000 findings at
# national scale, and counting them all cost more than the page (“more than 2,000 findings”).
WORDS_COUNT_CAP = 2000
EXPORT_CHUNK = 2000  # rows read (and their themes prefetched) per query while streaming


def active_filters(filterset, request):
    """One (label, link that removes it) per active filter value, for the “remove” links."""
    if not filterset.is_bound or not filterset.is_valid():
        return []
    chips = []
    for name, field in filterset.form.fields.items():
        value = filterset.form.cleaned_data.get(name)
        if value in (None, ""):
            continue
        items = value if isinstance(value, list | tuple | QuerySet) else [value]
        # Model choices are labelled by the objects themselves: never list them (a query).
        choices = {} if hasattr(field, "queryset") else dict(getattr(field, "choices", []))
        for item in items:
            if isinstance(item, Model):
                raw, label = item.slug, str(item)
            else:
                raw, label = str(item), choices.get(item, item)
            params = request.GET.copy()
            params.setlist(name, [v for v in params.getlist(name) if v != raw])
            params.pop("page", None)
            query = params.urlencode()
            chips.append((f"{field.label}: {label}", request.path + (f"?{query}" if query else "")))
    return chips


def grouped_theme_options(bound_field):
    """The theme checkboxes grouped under their facet: [(facet label, [subwidgets…]), …]."""
    labels = dict(Theme.Facet.choices)
    groups = {}
    for option in model_options(bound_field):
        groups.setdefault(option.instance.facet, []).append(option)
    return [(labels[facet], groups[facet]) for facet in labels if facet in groups]


def grouped_board_options(bound_field, name_contains=""):
    """The board checkboxes grouped under their region, [(region label, [subwidgets…]), …],
    keeping only boards whose name holds `name_contains` (and those already ticked)."""
    labels = dict(Board.Region.choices)
    wanted = name_contains.strip().lower()
    groups = {}
    for option in model_options(bound_field):
        board = option.instance
        if wanted and wanted not in board.name.lower() and not option.data["selected"]:
            continue
        groups.setdefault(board.region, []).append(option)
    return [(labels[region], groups[region]) for region in labels if region in groups]


class FindingListView(FilterView):
    """Every published finding, filtered by board, theme, facet, review kind, year and words."""

    filterset_class = FindingFilter
    template_name = "findings/finding_list.html"
    paginate_by = PAGE_SIZE
    strict = True

    def get_queryset(self):
        # Newest first: walks the primary key's index, where board order sorted every match.
        return Finding.objects.published().with_context().order_by("-pk")

    def get_paginator(self, queryset, per_page, **kwargs):
        """The count comes from the pre-aggregated counts where the filters allow it."""
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        known = self.filterset.known_count() if queryset is self.filterset.qs else None
        if known is not None:
            paginator.count = known
        elif self.words():
            # Counted up to the cap only: the pages past it are not offered.
            capped = self.words_count_queryset(queryset)[: WORDS_COUNT_CAP + 1].count()
            self.count_capped = capped > WORDS_COUNT_CAP
            paginator.count = min(capped, WORDS_COUNT_CAP)
        return paginator

    def words_count_queryset(self, queryset):
        """What to count the words filter's matches on. Words alone: published as “not in the
        few unpublished reviews”, so the words index's matches are read in its order and the
        count stops at the cap (7.7 ms for “neglect” at 150,000 findings; a join to the reviews
        walked the matches review by review, 16.6 ms). With other filters, the plain query (the
        same test made board, theme and year filters slower)."""
        others = [
            name
            for name, value in self.request.GET.items()
            if value and name not in ("q", "page", "board_name")
        ]
        if others:
            return queryset.order_by()
        published = Finding.objects.exclude(review__in=Review.objects.not_published())
        return self.filterset.filter_queryset(published).order_by()

    def words(self):
        form = self.filterset.form
        return form.is_bound and form.is_valid() and form.cleaned_data.get("q")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.urlencode()
        form = context["filter"].form
        board_name = self.request.GET.get("board_name", "")
        context.update(
            # 150 boards by region and the themes by facet: rendered once per content version
            # and ticked values (with a shared cache), not on every request.
            board_checkboxes=cached_checkboxes(
                "findings-boards",
                form["board"],
                "findings/includes/board_checkboxes.html",
                lambda: {
                    "form": form,
                    "board_groups": grouped_board_options(form["board"], board_name),
                },
                parts=[board_name],
            ),
            theme_checkboxes=cached_checkboxes(
                "findings-themes",
                form["theme"],
                "findings/includes/theme_checkboxes.html",
                lambda: {"form": form, "theme_groups": grouped_theme_options(form["theme"])},
            ),
            active_filters=active_filters(context["filter"], self.request),
            count_capped=getattr(self, "count_capped", False),
            count_cap=WORDS_COUNT_CAP,
            export_url=reverse("findings:export") + (f"?{query}" if query else ""),
            crumbs=[("Findings", None)],
        )
        return context


class FindingExportView(FilterView):
    """The findings list, as filtered, as CSV (one row per finding, its themes joined by “; ”)."""

    filterset_class = FindingFilter
    strict = True

    def get_queryset(self):
        return Finding.objects.published().with_context().order_by("-pk")

    def render_to_response(self, context, **response_kwargs):
        base = self.request.build_absolute_uri("/")[:-1]
        rows = (
            [
                finding.pk,
                finding.review.board.name,
                finding.review.name,
                finding.review.get_kind_display(),
                finding.review.year or "",
                finding.label,
                finding.title,
                finding.text,
                "; ".join(theme.name for theme in finding.themes.all()),
                base + finding.get_absolute_url(),
            ]
            for finding in self.object_list.iterator(chunk_size=EXPORT_CHUNK)
        )
        header = ["id", "board", "review", "review kind", "year", "label", "title", "text"]
        return csv_response("findings.csv", header + ["themes", "url"], rows)
