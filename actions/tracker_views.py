"""The action tracker's list: every published action, filtered and sorted, with a status chart
per board; the exports (exports.py) read the same filter and rows."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.template.loader import render_to_string
from django.views.generic import ListView

from core.pagecache import cached_only, cached_value
from reviews.models import Board

from .charts import status_chart
from .filters import ALL, YOURS, TrackerFilter
from .models import Action
from .querysets import progress_board_ids, responsibilities


def tracker_filter(request, queryset=None):
    if queryset is None:
        queryset = Action.objects.for_tracker()
    return TrackerFilter(request.GET, queryset=queryset, request=request)


def hide_progress(actions, user, boards=False):
    """Blank the latest note and evidence of actions whose board's progress the user may not
    read (actions.rules: view_action_progress), deciding for the whole list in one query (or
    from `boards`, progress_board_ids(user) read already); sets `action.shows_progress`, which
    also decides whether the lead's holders (people) are named."""
    if boards is False:
        boards = progress_board_ids(user)
    for action in actions:
        action.shows_progress = boards is None or action.plan.review.board_id in boards
        if not action.shows_progress:
            action.latest_note = action.latest_evidence = action.latest_evidence_url = None
        yield action


# Columns of the rows' related records that the tracker's table does not show.
TABLE_DEFERRED = (
    "source_section",
    "revision_reason",
    "plan__source_section",
    "plan__success_measure",
    "plan__historic_note",
    "plan__review__summary",
    "plan__review__key_messages",
    "plan__review__practice_period",
    "plan__review__report_url",
    "plan__review__briefing_id",
    "plan__review__board__area",
    "plan__review__board__website",
    "plan__finding__text",
    "plan__finding__title",
    "plan__finding__source_section",
)

# The tracker table's columns: (sort key or None, header). The sort keys are TrackerFilter's.
TRACKER_COLUMNS = [
    ("reference", "Ref."),
    ("review", "Review"),
    ("finding", "Finding or recommendation"),
    ("action", "Action"),
    ("lead", "Lead and holders"),
    ("due", "Original due"),
    ("revised", "Revised due"),
    ("status", "Status and flags"),
    ("rag", "RAG"),
    (None, "Latest note"),
    ("updated", "Last update"),
]


def sort_headers(request, current):
    """Each column's header with a link that sorts by it (again: the other way) and aria-sort."""
    headers = []
    for key, label in TRACKER_COLUMNS:
        if key is None:
            headers.append({"label": label, "url": "", "aria_sort": ""})
            continue
        direction = ""
        if current == key:
            direction = "ascending"
        elif current == f"-{key}":
            direction = "descending"
        query = request.GET.copy()
        query.pop("page", None)
        query["sort"] = f"-{key}" if direction == "ascending" else key
        headers.append(
            {
                "label": label,
                "url": f"?{query.urlencode()}",
                "aria_sort": direction,
                "next": "descending" if direction == "ascending" else "ascending",
            }
        )
    return headers


class TrackerView(LoginRequiredMixin, ListView):
    """Every published action, filtered, with a status chart per board and exports.

    25 rows a page: rendering the rows is most of the page's time at national scale.
    """

    template_name = "actions/tracker.html"
    context_object_name = "actions"
    paginate_by = 25

    def get_queryset(self):
        queryset = (
            Action.objects.for_tracker()
            .with_latest_note()
            # The table's columns only: not the lead's board, nor the reviews' and findings'
            # long texts, which PostgreSQL would otherwise carry through the sort of every row.
            .select_related(None)
            .select_related("lead", "plan__review__board", "plan__finding")
            .defer(*TABLE_DEFERRED)
        )
        self.filterset = tracker_filter(self.request, queryset)
        # One grouped query over the filtered rows draws the chart and counts them for the pager.
        # Over all boards it reads every action (310 ms at 300,000), so its rows are kept in the
        # shared cache under the content version, which any status update or edit bumps.
        rows = cached_value(
            "tracker-chart",
            self.results_key(),
            lambda: list(self.filterset.qs.status_counts_by_board()),  # built on a miss only
        )
        self.chart = status_chart(rows)
        return self.filterset.qs

    def results_key(self):
        return results_key(self.request)

    def get(self, request, *args, **kwargs):
        """With the chart, panel and rows all kept for these filters (the usual case: a lead
        opening the tracker again), the page is put together from them, without building the
        filters, the form or the rows' query: 4 queries (session, user, the user's leads and
        boards, the boards whose progress notes they may read)."""
        context = self.kept_context(request)
        if context is None:
            return super().get(request, *args, **kwargs)
        return self.response_class(
            request=request,
            template=[self.template_name],
            context=context,
            using=self.template_engine,
        )

    def kept_context(self, request):
        if "board" in request.GET:  # the chosen board's links need the board: render
            return None
        key = results_key(request)
        chart_rows = cached_only("tracker-chart", key)
        panel = cached_only("tracker-panel", key) if chart_rows is not None else None
        if panel is None:
            return None
        progress_boards = progress_board_ids(request.user)
        results = cached_only("tracker-results", results_parts(request, progress_boards))
        if results is None:
            return None
        who = responsibilities(request.user)
        chart = status_chart(chart_rows)
        query = request.GET.copy()
        query.pop("page", None)
        if "scope" not in query and who.board_ids:
            query["scope"] = YOURS
        return {
            "view": self,
            "chart": chart,
            "paginator": {"count": sum(board["total"] for board in chart["boards"])},
            "managed_boards": Board.objects.filter(pk__in=who.managed_board_ids).order_by("name")
            if who.managed_board_ids
            else [],
            "can_import": request.user.is_superuser or who.is_board_manager,
            "query": query.urlencode(),
            "crumbs": [("Action tracker", None)],
            "panel": panel,
            "results": results,
        }

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        paginator.count = sum(board["total"] for board in self.chart["boards"])  # no COUNT(*)
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        if "scope" not in query and "scope" in self.filterset.form.data:
            query["scope"] = self.filterset.form.data["scope"]
        sort = getattr(self.filterset.form, "cleaned_data", {}).get("sort")
        context.update(
            filter=self.filterset,
            chart=self.chart,
            headers=sort_headers(self.request, sort or ""),
            chosen_board=getattr(self.filterset.form, "cleaned_data", {}).get("board"),
            # One query, for board managers only: links to their boards' dashboards.
            managed_boards=Board.objects.filter(
                pk__in=responsibilities(self.request.user).managed_board_ids
            ).order_by("name")
            if responsibilities(self.request.user).managed_board_ids
            else [],
            # Cached on the user by the filter: no query. The import page is the intake's.
            can_import=self.request.user.is_superuser
            or responsibilities(self.request.user).is_board_manager,
            query=query.urlencode(),
            crumbs=[("Action tracker", None)],
        )
        # The filter panel (150 boards, the scope's leads), and the chart, the page of rows and
        # the pager, depend only on the filters, the user's boards (their scope) and the page:
        # rendered once per content version and day.
        context["panel"] = cached_value(
            "tracker-panel",
            self.results_key(),
            lambda: render_to_string(
                "actions/includes/filter_panel.html", {"filter": self.filterset}, self.request
            ),
        )
        # The page of rows (read only when it is rendered) also depends on the sort, the page
        # and which boards' progress notes the user may read (one query).
        progress_boards = progress_board_ids(self.request.user)
        rows = context["actions"]

        def results():
            shown = list(hide_progress(rows, self.request.user, progress_boards))
            context["actions"] = shown
            return render_to_string(
                "actions/includes/tracker_results.html", context, request=self.request
            )

        context["results"] = cached_value(
            "tracker-results", results_parts(self.request, progress_boards), results
        )
        return context


def results_key(request):
    """What the tracker's filtered rows depend on besides the content and the day: the filters
    as TrackerFilter reads them (the user's boards by default when they have any) and the user's
    boards. Not the SQL: it holds the time of day."""
    board_ids = responsibilities(request.user).board_ids
    data = request.GET
    if board_ids and data.get("scope") not in (YOURS, ALL):
        data = data.copy()
        data["scope"] = YOURS
    filters = sorted((name, data.getlist(name)) for name in data if name != "page")
    return [filters, sorted(board_ids)]


def results_parts(request, progress_boards):
    """The page of rows' key: the filters' key, then the sort, the page (the whole query) and
    the boards whose progress notes the user may read."""
    return [
        *results_key(request),
        request.GET.urlencode(),
        "all" if progress_boards is None else sorted(progress_boards),
    ]
