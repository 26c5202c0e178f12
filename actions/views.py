"""Views of the action tracker: where safeguarding leads update action-plan status."""

import re
from datetime import date, timedelta

import icalendar
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.decorators.http import require_GET
from django.views.generic import ListView

from core.exports import csv_response, xlsx_response
from core.pagecache import cached_value

from .charts import status_chart
from .filters import TrackerFilter
from .forms import StatusUpdateForm
from .models import Action, CalendarFeedToken, StatusUpdate
from .querysets import DUE_SOON_DAYS, responsibilities
from .services import ConcurrentUpdateError, record_status_update, regenerate_calendar_token


def tracker_filter(request):
    return TrackerFilter(request.GET, queryset=Action.objects.for_tracker(), request=request)


class TrackerView(LoginRequiredMixin, ListView):
    """Every published action, filtered, with a status chart per board and exports.

    25 rows a page: rendering the rows is most of the page's time at national scale.
    """

    template_name = "actions/tracker.html"
    context_object_name = "actions"
    paginate_by = 25

    def get_queryset(self):
        self.filterset = tracker_filter(self.request)
        # One grouped query over the filtered rows draws the chart and counts them for the pager.
        # Over all boards it reads every action (310 ms at 300,000), so its rows are kept in the
        # shared cache under the content version, which any status update or edit bumps.
        counts = self.filterset.qs.status_counts_by_board()
        rows = cached_value("tracker-chart", self.results_key(), lambda: list(counts))
        self.chart = status_chart(rows)
        return self.filterset.qs

    def results_key(self):
        """What the filtered rows depend on besides the content and the day: the filters as read
        (with the default scope) and the user's boards. Not the SQL: it holds the time of day."""
        data = self.filterset.form.data
        filters = sorted((name, data.getlist(name)) for name in data if name != "page")
        return [filters, sorted(self.filterset.your_board_ids)]

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
        context.update(
            filter=self.filterset,
            chart=self.chart,
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
        context["results"] = cached_value(
            "tracker-results",
            [*self.results_key(), self.request.GET.urlencode()],
            lambda: render_to_string(
                "actions/includes/tracker_results.html", context, request=self.request
            ),
        )
        return context


class MyActionsView(LoginRequiredMixin, ListView):
    """The signed-in user's actions (leads they hold, boards they manage): due soon, overdue, stale.

    Fixed work whatever the user answers for (a lead holds hundreds of actions at national scale,
    a board manager thousands): one query reads the ids and flags of all their actions (no model
    instances) to count the lists, a second reads only the rows shown; each list links to the
    tracker for the rest.
    """

    template_name = "actions/mine.html"
    context_object_name = "actions"
    LIST_ROWS = 10  # overdue, due soon, stale: the first rows of each
    ALL_ROWS = 20  # all my actions: the first rows

    def get_queryset(self):
        return Action.objects.for_tracker().updatable_by(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        who = responsibilities(self.request.user)
        # The lists depend only on the user's leads and managed boards (and the day): rendered
        # once per content version for them, so a lead's page is fixed, small work.
        context["lists"] = cached_value(
            "my-actions",
            [sorted(who.lead_ids), sorted(who.managed_board_ids)],
            lambda: render_to_string(
                "actions/includes/my_actions_lists.html",
                self.lists(context["actions"], who),
                request=self.request,
            ),
        )
        context["crumbs"] = [("Action tracker", reverse("actions:tracker")), ("My actions", None)]
        return context

    def lists(self, actions, who):
        """The lists' context: the ids and flags of all the user's actions (one query, no
        model instances) count them; then only the rows shown are read (one query)."""
        flags = list(actions.values_list("pk", "is_overdue", "is_due_soon", "is_stale"))
        lists = {
            name: [pk for pk, *flag in flags if flag[index]]
            for index, name in enumerate(["overdue", "due_soon", "stale"])
        }
        shown = {pk for pks in lists.values() for pk in pks[: self.LIST_ROWS]}
        shown.update(pk for pk, *_ in flags[: self.ALL_ROWS])
        rows = Action.objects.for_tracker().in_bulk(shown) if shown else {}
        return {
            "actions": [rows[pk] for pk, *_ in flags[: self.ALL_ROWS]],
            "action_count": len(flags),
            **{name: [rows[pk] for pk in pks[: self.LIST_ROWS]] for name, pks in lists.items()},
            **{f"{name}_count": len(pks) for name, pks in lists.items()},
            "list_rows": self.LIST_ROWS,
            "all_rows": self.ALL_ROWS,
            "is_board_manager": who.is_board_manager,
            "today": timezone.localdate(),
            "soon": timezone.localdate() + timedelta(days=DUE_SOON_DAYS),
        }


class ActionDetailView(View):
    """An action with its plan, dates and flags; its timeline and update form for those allowed."""

    template_name = "actions/action_detail.html"

    def get_action(self, pk):
        return get_object_or_404(Action.objects.published().with_context().with_flags(), pk=pk)

    def render_page(self, request, action, form, *, conflict=None):
        user = request.user
        can_update = user.has_perm("actions.update_action", action)
        can_view_progress = user.has_perm("actions.view_action_progress", action)
        if can_update and form is None:
            form = StatusUpdateForm(
                initial={
                    "status": action.status if action.status != Action.Status.NO_UPDATE else "",
                    "version": action.version,
                }
            )
        timeline = (
            StatusUpdate.objects.filter(action=action).timeline() if can_view_progress else []
        )
        review = action.plan.review
        context = {
            "action": action,
            "plan": action.plan,
            "review": review,
            "form": form if can_update else None,
            "can_update": can_update,
            "can_view_progress": can_view_progress,
            "timeline": timeline,
            "conflict": conflict,
            "crumbs": [
                *(
                    [("Action tracker", reverse("actions:tracker"))]
                    if user.is_authenticated
                    else []
                ),
                (review.name, review.get_absolute_url()),
                ("Action", None),
            ],
        }
        return render(request, self.template_name, context)

    def get(self, request, pk):
        return self.render_page(request, self.get_action(pk), None)

    def post(self, request, pk):
        action = self.get_action(pk)
        if not request.user.has_perm("actions.update_action", action):
            raise PermissionDenied("Only the action's lead or its board's manager may update it.")
        form = StatusUpdateForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, action, form)
        try:
            record_status_update(action=action, user=request.user, **form.service_kwargs())
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_errors)
            return self.render_page(request, action, form)
        except ConcurrentUpdateError as conflict:
            # Keep everything the user typed; move the form to the current version so that
            # re-submitting (after reading the other update) is a deliberate second step.
            data = request.POST.copy()
            data["version"] = str(conflict.action.version)
            form = StatusUpdateForm(data)
            form.is_valid()
            # 200 like any form shown again with errors (a 409 reads as a failure to browsers).
            return self.render_page(request, self.get_action(pk), form, conflict=conflict)
        messages.success(request, "Your update has been added to the action's timeline.")
        return redirect(f"{action.get_absolute_url()}#timeline")


# Exports -----------------------------------------------------------------------------------

EXPORT_HEADERS = [
    "Board",
    "Review",
    "Action plan",
    "Action",
    "Lead",
    "Deadline as written",
    "Original due date",
    "Revised due date",
    "Status",
    "Last update",
    "Overdue",
    "Slipped",
    "No update in 90 days",
    "Not SMART",
    "Link",
]


def export_rows(request, actions):
    def yes(flag):
        return "Yes" if flag else ""

    for action in actions:
        review = action.plan.review
        yield [
            review.board.name,
            review.name,
            str(action.plan),
            action.description,
            action.lead.name if action.lead else "",
            action.deadline_text,
            action.due_date,
            action.revised_due_date,
            action.get_status_display(),
            timezone.localtime(action.last_update_at).replace(tzinfo=None)
            if action.last_update_at
            else None,
            yes(action.is_overdue),
            yes(action.is_slipped),
            yes(action.is_stale),
            yes(action.is_not_smart),
            request.build_absolute_uri(action.get_absolute_url()),
        ]


def export_filename(extension):
    return f"action-tracker-{timezone.localdate().isoformat()}.{extension}"


@login_required
@require_GET
def tracker_csv(request):
    """The filtered tracker as CSV (UTF-8 with BOM, so Excel reads the accents and dashes)."""
    rows = export_rows(request, tracker_filter(request).qs.iterator(chunk_size=2000))
    return csv_response(export_filename("csv"), EXPORT_HEADERS, rows)


@login_required
@require_GET
def tracker_xlsx(request):
    """The filtered tracker as an Excel workbook for board meetings."""
    rows = export_rows(request, tracker_filter(request).qs)
    return xlsx_response(export_filename("xlsx"), "Action tracker", EXPORT_HEADERS, rows)


# Calendar feed -----------------------------------------------------------------------------


class CalendarView(LoginRequiredMixin, View):
    """Shows the user's secret calendar feed address; POST makes a new one (the old one stops)."""

    template_name = "actions/calendar.html"

    def get(self, request):
        token = CalendarFeedToken.objects.filter(user=request.user).first()
        feed_url = request.build_absolute_uri(token.get_absolute_url()) if token else ""
        return render(
            request,
            self.template_name,
            {
                "token": token,
                "feed_url": feed_url,
                "crumbs": [
                    ("My actions", reverse("actions:mine")),
                    ("Calendar feed", None),
                ],
            },
        )

    def post(self, request):
        had_token = CalendarFeedToken.objects.filter(user=request.user).exists()
        regenerate_calendar_token(user=request.user)
        messages.success(
            request,
            "Your calendar feed has a new address. The old address no longer works."
            if had_token
            else "Your calendar feed address is ready.",
        )
        return redirect("actions:calendar")


# secrets.token_urlsafe(32) makes 43 URL-safe characters; nothing else is a token.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,64}")


@require_GET
def calendar_feed(request, token):
    """The due dates of the token holder's actions as iCalendar (no sign-in: the token is the key)."""
    if not TOKEN_SHAPE.fullmatch(token):  # e.g. a NUL byte, which PostgreSQL refuses outright
        raise Http404("No such calendar feed.")
    feed_token = get_object_or_404(
        CalendarFeedToken.objects.select_related("user"), token=token, user__is_active=True
    )
    actions = Action.objects.due_dates_for(feed_token.user)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Case Review Learning//Action due dates//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Action due dates – Case Review Learning")
    stamp = timezone.now()
    host = request.get_host().split(":")[0]
    for action in actions:
        review = action.plan.review
        url = request.build_absolute_uri(action.get_absolute_url())
        event = icalendar.Event()
        event.add("uid", f"action-{action.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", action.effective_due_date)
        if action.effective_due_date < date.max:  # an all-day event ends the next day
            event.add("dtend", action.effective_due_date + timedelta(days=1))
        prefix = "Complete: " if action.status == Action.Status.COMPLETE else "Due: "
        event.add("summary", prefix + action.description[:120])
        lines = [
            f"{review.name} ({review.board.name})",
            f"Lead: {action.lead.name if action.lead else 'none named'}",
            f"Status: {action.get_status_display()}",
        ]
        if action.is_slipped:
            lines.append(f"Revised from the original due date {action.due_date:%d %B %Y}.")
        lines.append(url)
        event.add("description", "\n".join(lines))
        event.add("url", url)
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="action-due-dates.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
