"""Views of the action tracker: where safeguarding leads update action-plan status."""

import re
from datetime import date, timedelta

import icalendar
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.decorators.http import require_GET
from django.views.generic import ListView

from reviews.models import Board

from .charts import status_chart
from .filters import TrackerFilter
from .forms import (
    AssuranceForm,
    DeEscalationForm,
    EscalationForm,
    HistoricPlanForm,
    StatusUpdateForm,
    UpdateRequestForm,
)
from .models import Action, CalendarFeedToken, Membership, UpdateRequest
from .querysets import DUE_SOON_DAYS, progress_board_ids, responsibilities
from .rules import may_assure
from .services import ConcurrentUpdateError, record_status_update, regenerate_calendar_token
from .timeline import timeline_for


def tracker_filter(request, queryset=None):
    if queryset is None:
        queryset = Action.objects.for_tracker()
    return TrackerFilter(request.GET, queryset=queryset, request=request)


def hide_progress(actions, user):
    """Blank the latest note and evidence of actions whose board's progress the user may not
    read (actions.rules: view_action_progress), deciding for the whole list in one query; sets
    `action.shows_progress`, which also decides whether the lead's holders (people) are named."""
    boards = progress_board_ids(user)
    for action in actions:
        action.shows_progress = boards is None or action.plan.review.board_id in boards
        if not action.shows_progress:
            action.latest_note = action.latest_evidence = action.latest_evidence_url = None
        yield action


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
    """Every published action, filtered, with a status chart per board and exports."""

    template_name = "actions/tracker.html"
    context_object_name = "actions"
    paginate_by = 50

    def get_queryset(self):
        queryset = Action.objects.for_tracker().with_latest_note()
        self.filterset = tracker_filter(self.request, queryset)
        # One grouped query over the filtered rows draws the chart and counts them for the pager.
        self.chart = status_chart(self.filterset.qs.status_counts_by_board())
        return self.filterset.qs

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
        context["actions"] = list(hide_progress(context["actions"], self.request.user))
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
        return context


def boards_overseen(user):
    """The boards whose oversight pages the user may open, each with `is_manager` (a manager
    sees the leads page too; a quality-assurance member the escalation list only)."""
    roles = [Membership.Role.BOARD_MANAGER, Membership.Role.QUALITY_ASSURANCE]
    is_manager = Membership.objects.filter(
        board=OuterRef("pk"), user=user, role=Membership.Role.BOARD_MANAGER
    )
    return (
        Board.objects.filter(memberships__user=user, memberships__role__in=roles)
        .annotate(is_manager=Exists(is_manager))
        .distinct()
        .order_by("name")
    )


def awaiting_assurance(user, boards, *, limit=20):
    """Complete actions of these boards (the user's, as manager or QA) that are not yet assured,
    leaving out those whose lead the user holds (nobody assures their own action); oldest
    update first. No query when there are no boards."""
    if not boards:
        return []
    return list(
        Action.objects.for_tracker()
        .on_boards([board.pk for board in boards])
        .filter(status=Action.Status.COMPLETE)
        .exclude(lead__holders=user)
        .order_by("last_update_at", "pk")[:limit]
    )


class MyActionsView(LoginRequiredMixin, ListView):
    """The signed-in user's actions (leads they hold, boards they manage): due soon, overdue, stale."""

    template_name = "actions/mine.html"
    context_object_name = "actions"

    def get_queryset(self):
        return Action.objects.for_tracker().updatable_by(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actions = list(context["actions"])  # one query; grouped in Python below
        overseen = list(boards_overseen(self.request.user))
        context.update(
            # Update requests waiting for an update on the actions whose lead the user holds.
            requests=list(
                UpdateRequest.objects.open().for_holder(self.request.user).with_context()
            ),
            actions=actions,
            boards_overseen=overseen,
            awaiting_assurance=awaiting_assurance(self.request.user, overseen),
            is_board_manager=responsibilities(self.request.user).is_board_manager,
            overdue=[action for action in actions if action.is_overdue],
            due_soon=[action for action in actions if action.is_due_soon],
            stale=[action for action in actions if action.is_stale],
            # Each list shows its first rows (a lead may hold hundreds at national scale, a
            # board manager thousands) and links to the tracker for the rest.
            today=timezone.localdate(),
            soon=timezone.localdate() + timedelta(days=DUE_SOON_DAYS),
            crumbs=[("Action tracker", reverse("actions:tracker")), ("My actions", None)],
        )
        return context


# The forms of the action page besides the update form, each with its own prefix so their
# fields' ids never clash; a view that handles one passes it bound (with errors) to render it.
OTHER_FORMS = {
    "assure_form": ("assure", AssuranceForm),
    "request_form": ("request", UpdateRequestForm),
    "escalation_form": ("escalate", EscalationForm),
    "de_escalation_form": ("de-escalate", DeEscalationForm),
    "historic_form": ("historic", HistoricPlanForm),
}


def detail_action(pk):
    """The published action with its context and flags, or 404."""
    return get_object_or_404(
        Action.objects.published().with_context().with_flags(),
        pk=pk,
    )


def render_detail(request, action, *, form=None, conflict=None, **bound):
    """The action page; `bound` replaces one of OTHER_FORMS by the posted form with its errors."""
    user = request.user
    can_update = user.has_perm("actions.update_action", action)
    can_view_progress = user.has_perm("actions.view_action_progress", action)
    can_oversee = user.has_perm("actions.oversee_action", action)
    can_assure = action.status in Action.DONE_STATUSES and may_assure(user, action)
    if can_update and form is None:
        form = StatusUpdateForm(
            initial={
                "status": action.status
                if action.status not in (Action.Status.NO_UPDATE, Action.Status.ASSURED)
                else "",
                "version": action.version,
            }
        )
    timeline = timeline_for(action) if can_view_progress or can_oversee else []
    open_requests = [e.item for e in timeline if e.kind == "request" and e.item.is_open]
    open_escalation = next(
        (e.item for e in timeline if e.kind == "escalation" and e.item.is_open), None
    )
    forms = {}
    for name, (prefix, form_class) in OTHER_FORMS.items():
        if name in bound:
            forms[name] = bound[name]
        elif name == "assure_form":
            forms[name] = form_class(prefix=prefix, initial={"version": action.version})
        elif name == "historic_form":
            forms[name] = form_class(
                prefix=prefix, initial={"historic": "0" if action.plan.historic else "1"}
            )
        else:
            forms[name] = form_class(prefix=prefix)
    review = action.plan.review
    context = {
        "action": action,
        "plan": action.plan,
        "review": review,
        # Who holds the lead is the board's business, like its progress notes.
        "holders": list(action.lead.holders.order_by("username"))
        if action.lead and (can_view_progress or can_oversee)
        else [],
        "form": form if can_update else None,
        "can_update": can_update,
        "can_view_progress": can_view_progress,
        "can_oversee": can_oversee,
        "can_assure": can_assure,
        "timeline": timeline,
        "open_requests": open_requests,
        "open_escalation": open_escalation,
        "conflict": conflict,
        "today": timezone.localdate(),
        "crumbs": [
            *([("Action tracker", reverse("actions:tracker"))] if user.is_authenticated else []),
            (review.name, review.get_absolute_url()),
            ("Action", None),
        ],
        **forms,
    }
    return render(request, "actions/action_detail.html", context)


class ActionDetailView(View):
    """An action with its plan, dates and flags; its timeline and update form for those allowed."""

    def get(self, request, pk):
        return render_detail(request, detail_action(pk))

    def post(self, request, pk):
        action = detail_action(pk)
        if not request.user.has_perm("actions.update_action", action):
            raise PermissionDenied("Only the action's lead or its board's manager may update it.")
        form = StatusUpdateForm(request.POST)
        if not form.is_valid():
            return render_detail(request, action, form=form)
        try:
            record_status_update(action=action, user=request.user, **form.service_kwargs())
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_errors)
            return render_detail(request, action, form=form)
        except ConcurrentUpdateError as conflict:
            # Keep everything the user typed; move the form to the current version so that
            # re-submitting (after reading the other update) is a deliberate second step.
            data = request.POST.copy()
            data["version"] = str(conflict.action.version)
            form = StatusUpdateForm(data)
            form.is_valid()
            # 200 like any form shown again with errors (a 409 reads as a failure to browsers).
            return render_detail(request, detail_action(pk), form=form, conflict=conflict)
        messages.success(request, "Your update has been added to the action's timeline.")
        return redirect(f"{action.get_absolute_url()}#timeline")


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
        prefix = {Action.Status.COMPLETE: "Complete: ", Action.Status.ASSURED: "Assured: "}.get(
            action.status, "Due: "
        )
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
