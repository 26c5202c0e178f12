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
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.decorators.http import require_GET
from django.views.generic import ListView

from core.pagecache import cached_value
from reviews.models import Board

from .forms import (
    AssuranceForm,
    DeEscalationForm,
    EscalationForm,
    HistoricPlanForm,
    StatusUpdateForm,
    UpdateRequestForm,
)
from .models import Action, CalendarFeedToken, Membership, UpdateRequest
from .querysets import DUE_SOON_DAYS, responsibilities
from .rules import may_assure
from .services import ConcurrentUpdateError, record_status_update, regenerate_calendar_token
from .timeline import timeline_for


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
        # The user's actions, as the lists read them (lists()): built only when they are not kept.
        return Action.objects.none()

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
                self.lists(Action.objects.for_tracker().updatable_by(self.request.user), who),
                request=self.request,
            ),
        )
        # Per user, never cached: update requests waiting on the leads they hold, the boards
        # whose oversight pages they may open and their complete actions awaiting assurance.
        overseen = list(boards_overseen(self.request.user))
        context.update(
            requests=list(
                UpdateRequest.objects.open().for_holder(self.request.user).with_context()
            ),
            boards_overseen=overseen,
            awaiting_assurance=awaiting_assurance(self.request.user, overseen),
            today=timezone.localdate(),
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
