"""The board's oversight: assuring actions, update requests, escalation, historic plans, and the
board pages for its meeting (the escalation list) and for ownership (leads with nobody attached).

Every write goes through services.py, which checks the permission again (rules.py).
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from reviews.models import Board, Review

from .forms import (
    AssuranceForm,
    AttachHoldersForm,
)
from .models import Action, Escalation, Lead, UpdateRequest
from .rules import may_assure
from .services import (
    ConcurrentUpdateError,
    attach_holders,
    de_escalate,
    escalate,
    record_assurance,
    request_update,
    set_plan_historic,
)
from .views import OTHER_FORMS, detail_action, render_detail


def _add_errors(form, error):
    for field, field_errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_errors)


class ActionFormView(LoginRequiredMixin, View):
    """POST only: one of the action page's forms (see views.OTHER_FORMS); errors re-render the
    page with the form bound, success redirects to the timeline."""

    context_name = ""  # the form's key in OTHER_FORMS
    permission = "actions.oversee_action"
    refusal = "Only a manager of the action's board may do this."

    def perform(self, request, action, form):
        raise NotImplementedError

    def allowed(self, user, action):
        return user.has_perm(self.permission, action)

    def post(self, request, pk):
        action = detail_action(pk)
        if not self.allowed(request.user, action):
            raise PermissionDenied(self.refusal)
        prefix, form_class = OTHER_FORMS[self.context_name]
        form = form_class(request.POST, prefix=prefix)
        if form.is_valid():
            try:
                message = self.perform(request, action, form)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, message)
                return redirect(f"{action.get_absolute_url()}#timeline")
        return render_detail(request, action, **{self.context_name: form})

    def get(self, request, pk):
        return redirect(detail_action(pk).get_absolute_url())


class AssureView(ActionFormView):
    """A manager or QA member of the board (never a holder of the lead) assures the action."""

    context_name = "assure_form"

    def allowed(self, user, action):
        return may_assure(user, action)  # not has_perm: see rules.may_assure

    refusal = (
        "Only a manager or quality-assurance member of the action's board who does not hold "
        "its lead may assure it."
    )

    def post(self, request, pk):
        try:
            return super().post(request, pk)
        except ConcurrentUpdateError as conflict:
            action = detail_action(pk)
            data = request.POST.copy()
            data["assure-version"] = str(conflict.action.version)
            form = AssuranceForm(data, prefix="assure")
            form.is_valid()
            return render_detail(request, action, conflict=conflict, assure_form=form)

    def perform(self, request, action, form):
        record_assurance(action=action, user=request.user, **form.service_kwargs())
        return "The action is assured. The assurance is on its timeline."


class RequestUpdateView(ActionFormView):
    """A board manager asks the lead for an update by a date; the lead's holders are e-mailed."""

    context_name = "request_form"

    def perform(self, request, action, form):
        data = form.cleaned_data
        _, recipients = request_update(
            action=action,
            user=request.user,
            due_date=data["due_date"],
            message=data["message"],  # links in the e-mail use SITE_URL, like the reminders
        )
        if not recipients:
            who = f"“{action.lead.name}”" if action.lead else "this action"
            return (
                f"Update requested, but nobody was e-mailed: no one with an e-mail address is "
                f"attached to {who}. Attach people on the board's leads page."
            )
        return f"Update requested. E-mailed {len(recipients)} person(s) attached to the lead."


class EscalateView(ActionFormView):
    """A board manager puts the action on the board's escalation list, with a reason."""

    context_name = "escalation_form"

    def perform(self, request, action, form):
        escalate(action=action, user=request.user, reason=form.cleaned_data["reason"])
        return "The action is escalated to the board."


class DeEscalateView(ActionFormView):
    """A board manager takes the action off the escalation list, saying why."""

    context_name = "de_escalation_form"

    def perform(self, request, action, form):
        de_escalate(action=action, user=request.user, resolution=form.cleaned_data["resolution"])
        return "The action is no longer escalated."


class HistoricPlanView(ActionFormView):
    """A board manager marks the action's plan historic (closed without outcome) or open."""

    context_name = "historic_form"

    def post(self, request, pk):
        action = detail_action(pk)
        if not request.user.has_perm("actions.manage_board", action.plan.review.board):
            raise PermissionDenied("Only a manager of the plan's board may change this.")
        return super().post(request, pk)

    def perform(self, request, action, form):
        data = form.cleaned_data
        set_plan_historic(
            plan=action.plan,
            user=request.user,
            historic=data["historic"],
            note=data["historic_note"],
        )
        if data["historic"]:
            return "The plan is marked historic: no flags, no reminders."
        return "The plan is open again: its actions are flagged and reminded as usual."


# Board pages -----------------------------------------------------------------------------


def _board(request, slug, permission):
    board = get_object_or_404(Board, slug=slug)
    if not request.user.has_perm(permission, board):
        raise PermissionDenied("This page is for the board's managers.")
    return board


def board_people(board):
    """Active users of the board: its members (any role) and the holders of its leads."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(memberships__board=board)
            | Q(pk__in=Lead.holders.through.objects.filter(lead__board=board).values("user_id"))
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class UnheldLeadsView(LoginRequiredMixin, View):
    """A board's leads with nobody attached, and a form on each to attach people (manager only).

    `?review=<slug>` narrows the list to the leads of one review (the intake links here after
    saving a draft)."""

    template_name = "actions/board_leads.html"

    def leads(self, board, review_slug, *, also=None):
        """The unheld leads (and `also`, the pk of a lead whose posted form has errors)."""
        open_actions = Action.objects.open()
        unheld = ~Exists(Lead.holders.through.objects.filter(lead=OuterRef("pk")))
        leads = (
            Lead.objects.filter(board=board)
            .filter(unheld | Q(pk=also) if also else unheld)
            .annotate(
                action_count=Count("actions", distinct=True),
                open_count=Count(
                    "actions", filter=Q(actions__in=open_actions.values("pk")), distinct=True
                ),
            )
            .order_by("name")
        )
        if review_slug:
            leads = leads.filter(actions__plan__review__slug=review_slug).distinct()
        return leads

    def render_page(self, request, board, *, bound=None):
        review_slug = review_of(request)
        people = list(board_people(board))
        rows = [
            {
                "lead": lead,
                "form": bound[1]
                if bound and bound[0] == lead.pk
                else AttachHoldersForm(prefix=f"lead-{lead.pk}", board_people=board_people(board)),
            }
            for lead in self.leads(board, review_slug, also=bound[0] if bound else None)
        ]
        for row in rows:  # one query for every row's checkboxes
            row["form"].fields["people"].choices = [(p.pk, _name(p)) for p in people]
        held = Lead.objects.filter(board=board).filter(
            Exists(Lead.holders.through.objects.filter(lead=OuterRef("pk")))
        )
        # Staff arriving from the intake carry on to the draft review (in the admin).
        review = (
            Review.objects.filter(board=board, slug=review_slug).first()
            if review_slug and request.user.is_staff
            else None
        )
        return render(
            request,
            self.template_name,
            {
                "board": board,
                "rows": rows,
                "review_slug": review_slug,
                "review": review,
                "held": held.prefetch_related(
                    Prefetch("holders", queryset=get_user_model().objects.order_by("username"))
                ),
                "crumbs": [
                    ("My actions", reverse("actions:mine")),
                    (f"{board.name}: leads with nobody attached", None),
                ],
            },
        )

    def get(self, request, slug):
        return self.render_page(request, _board(request, slug, "actions.manage_board"))


def review_of(request):
    """The `review` of the query string if it is a slug, else "" (a bad value shows every lead)."""
    form = ReviewScopeForm(request.GET)
    return form.cleaned_data["review"] if form.is_valid() else ""


class ReviewScopeForm(forms.Form):
    review = forms.SlugField(required=False, max_length=200)


def _name(user):
    full = user.get_full_name().strip()
    return f"{full} ({user.email or user.get_username()})" if full else user.get_username()


class AttachHoldersView(UnheldLeadsView):
    """POST: attach people to one lead of the board."""

    def get(self, request, slug, lead_pk):
        return redirect("actions:board-leads", slug=slug)

    def post(self, request, slug, lead_pk):
        board = _board(request, slug, "actions.manage_board")
        lead = get_object_or_404(Lead, pk=lead_pk, board=board)
        form = AttachHoldersForm(
            request.POST, prefix=f"lead-{lead.pk}", board_people=board_people(board)
        )
        if form.is_valid():
            try:
                people = attach_holders(lead=lead, user=request.user, people=form.chosen())
            except ValidationError as error:
                _add_errors(form, error)
            else:
                names = ", ".join(_name(person) for person in people)
                messages.success(request, f"Attached to “{lead.name}”: {names}.")
                url = reverse("actions:board-leads", kwargs={"slug": board.slug})
                review_slug = review_of(request)
                return redirect(f"{url}?review={review_slug}" if review_slug else url)
        return self.render_page(request, board, bound=(lead.pk, form))


class ThresholdForm(forms.Form):
    """The escalation list's threshold: overdue by more than this many days."""

    overdue_days = forms.IntegerField(
        label="Overdue by more than (days)",
        required=False,
        min_value=0,
        max_value=3650,
        # A text input with a numeric keyboard, as GOV.UK advises over type="number" (which
        # would also refuse to show back a mistyped value with its error).
        widget=forms.TextInput(
            attrs={"class": "input input--width-4", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={"invalid": "Enter a whole number of days, like 90"},
    )


def default_overdue_days():
    return getattr(settings, "ACTIONS_ESCALATE_OVERDUE_DAYS", 90)


class EscalationListView(LoginRequiredMixin, View):
    """What goes to the board's meeting: escalated actions, update requests past their date,
    actions slipped twice or more, and actions overdue beyond a threshold. Printable."""

    template_name = "actions/board_escalations.html"

    def get(self, request, slug):
        board = _board(request, slug, "actions.view_board_assurance")
        today = timezone.localdate()
        threshold_form = ThresholdForm(request.GET)
        days = default_overdue_days()
        if threshold_form.is_valid() and threshold_form.cleaned_data["overdue_days"] is not None:
            days = threshold_form.cleaned_data["overdue_days"]
        actions = Action.objects.for_tracker().on_boards([board.pk])
        escalations = list(
            Escalation.objects.open()
            .on_board(board)
            .select_related("action__lead", "action__plan__review")
            .order_by("created_at", "pk")
        )
        requests = list(UpdateRequest.objects.past_due(today=today).on_board(board).with_context())
        slipped = list(actions.open().with_slip_count().filter(slip_count__gte=2))
        overdue = list(
            actions.open()
            .filter(effective_due_date__lt=today - timedelta(days=days))
            .order_by("effective_due_date", "pk")
        )
        for action in overdue:
            action.days_overdue = (today - action.effective_due_date).days
        return render(
            request,
            self.template_name,
            {
                "board": board,
                "today": today,
                "days": days,
                "threshold_form": threshold_form,
                "escalations": escalations,
                "requests": requests,
                "slipped": slipped,
                "overdue": overdue,
                "crumbs": [
                    ("My actions", reverse("actions:mine")),
                    (f"{board.name}: escalation list", None),
                ],
            },
        )
