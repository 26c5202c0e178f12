"""The forms of the action tracker: a lead's update, assurance, update requests, escalation,
historic plans, attaching people to leads (the rules themselves live in services.py)."""

import re
from datetime import date

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import validate_email

from .models import Action

# The same bounds as the due-date rule of the intake (intake/deadlines.py).
EARLIEST_YEAR, LATEST_YEAR = 1990, 2100


class DateInput(forms.DateInput):
    """A native date picker (ISO values); text that is not a date is not echoed back into it."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "input input--date", **(attrs or {})}, format="%Y-%m-%d")

    def format_value(self, value):
        if isinstance(value, str):
            try:
                return date.fromisoformat(value).isoformat()
            except ValueError:
                return None
        return super().format_value(value)


def plausible(value, label):
    if value and not (EARLIEST_YEAR <= value.year <= LATEST_YEAR):
        raise forms.ValidationError(f"Enter {label} between {EARLIEST_YEAR} and {LATEST_YEAR}")
    return value


def textarea(rows):
    return forms.Textarea(attrs={"class": "textarea", "rows": rows})


class StatusUpdateForm(forms.Form):
    """New status, progress note, evidence, and an optional revised due date with its reason."""

    status = forms.ChoiceField(
        label="New status",
        # Assured is not the lead's to choose: see AssuranceForm.
        choices=[
            (s.value, s.label)
            for s in Action.Status
            if s not in (Action.Status.NO_UPDATE, Action.Status.ASSURED)
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the action's new status."},
    )
    note = forms.CharField(
        label="Progress note",
        help_text="What has happened since the last update, and what happens next.",
        widget=forms.Textarea(attrs={"class": "textarea", "rows": 5}),
        error_messages={
            "required": "Enter a progress note saying what has happened since the last update."
        },
    )
    evidence = forms.CharField(
        label="Evidence of impact",
        required=False,
        help_text="Required to mark the action complete: what shows the difference made, "
        "measured against the plan's success measure.",
        widget=forms.Textarea(attrs={"class": "textarea", "rows": 4}),
    )
    evidence_url = forms.URLField(
        label="Link to evidence (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="For example an audit report or minutes on your partnership's site.",
        widget=forms.URLInput(attrs={"class": "input", "spellcheck": "false"}),
        error_messages={"invalid": "Enter the link in full, like https://example.org/report"},
    )
    revised_due_date = forms.DateField(
        label="Revised due date (optional)",
        required=False,
        help_text="Only if the date is moving. The original due date is kept.",
        widget=DateInput(),
        error_messages={"invalid": "Enter the revised due date as a real date, like 31/03/2027"},
    )
    revision_reason = forms.CharField(
        label="Reason for the revised date",
        required=False,
        widget=forms.Textarea(attrs={"class": "textarea", "rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def clean_revised_due_date(self):
        """A plausible date only: a slip of the keyboard (year 9999) would break every calendar."""
        return plausible(self.cleaned_data["revised_due_date"], "a revised due date")

    def service_kwargs(self):
        data = self.cleaned_data
        return {
            "status": data["status"],
            "note": data["note"],
            "evidence": data["evidence"],
            "evidence_url": data["evidence_url"],
            "revised_due_date": data["revised_due_date"],
            "revision_reason": data["revision_reason"],
            "expected_version": data["version"],
        }


class AssuranceForm(forms.Form):
    """Evidence of impact against the success measure, its confirmation, a re-audit date."""

    evidence = forms.CharField(
        label="Evidence of impact",
        help_text="The audit result, data or feedback that shows the difference made in "
        "practice, measured against the plan's success measure.",
        widget=textarea(5),
        error_messages={
            "required": "Enter the evidence of impact: an audit result, data or feedback "
            "that shows the difference made."
        },
    )
    evidence_url = forms.URLField(
        label="Link to the evidence (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="For example the audit report or the board minutes.",
        widget=forms.URLInput(attrs={"class": "input", "spellcheck": "false"}),
        error_messages={"invalid": "Enter the link in full, like https://example.org/report"},
    )
    success_measure_met = forms.BooleanField(
        label="The success measure is met",
        error_messages={
            "required": "Confirm that the success measure is met. If it is not, the action is "
            "not assured yet: request an update from its lead instead."
        },
    )
    note = forms.CharField(label="Note (optional)", required=False, widget=textarea(3))
    reaudit_date = forms.DateField(
        label="Re-audit date (optional)",
        required=False,
        help_text="When the impact should be checked again. The board's managers and "
        "quality-assurance members are reminded on that date.",
        widget=DateInput(),
        error_messages={"invalid": "Enter the re-audit date as a real date, like 31/03/2028"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def clean_reaudit_date(self):
        return plausible(self.cleaned_data["reaudit_date"], "a re-audit date")

    def service_kwargs(self):
        data = self.cleaned_data
        return {
            "evidence": data["evidence"],
            "evidence_url": data["evidence_url"],
            "success_measure_met": data["success_measure_met"],
            "note": data["note"],
            "reaudit_date": data["reaudit_date"],
            "expected_version": data["version"],
        }


class UpdateRequestForm(forms.Form):
    """A manager's request for an update from the action's lead, by a date."""

    due_date = forms.DateField(
        label="Update wanted by",
        widget=DateInput(),
        error_messages={
            "required": "Enter the date by which the lead should post an update.",
            "invalid": "Enter the date as a real date, like 31/03/2027",
        },
    )
    message = forms.CharField(
        label="Message to the lead (optional)",
        required=False,
        max_length=2000,
        widget=textarea(3),
    )

    def clean_due_date(self):
        return plausible(self.cleaned_data["due_date"], "the date")


class EscalationForm(forms.Form):
    """Why the board should discuss the action."""

    reason = forms.CharField(
        label="Reason for escalating to the board",
        max_length=4000,
        widget=textarea(3),
        error_messages={"required": "Say why the board should discuss this action."},
    )


class DeEscalationForm(forms.Form):
    """Why the action no longer needs the board's attention."""

    resolution = forms.CharField(
        label="Why the action no longer needs the board's attention",
        max_length=4000,
        widget=textarea(3),
        error_messages={"required": "Say why the action no longer needs the board's attention."},
    )


class HistoricPlanForm(forms.Form):
    """Mark a plan historic (closed without outcome) with a note, or open it again."""

    historic = forms.TypedChoiceField(
        choices=[("1", "Historic"), ("0", "Open")],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )
    historic_note = forms.CharField(
        label="Why the plan is historic",
        required=False,
        max_length=2000,
        help_text="For example “Published in 2015; no outcome was recorded”.",
        widget=textarea(2),
    )


class AttachHoldersForm(forms.Form):
    """People to attach to a lead: chosen from the board's people, or by e-mail address."""

    people = forms.ModelMultipleChoiceField(
        label="People of this board",
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    emails = forms.CharField(
        label="Or e-mail addresses of existing accounts",
        required=False,
        max_length=2000,
        help_text="One or more, separated by commas or new lines.",
        widget=textarea(2),
    )

    def __init__(self, *args, board_people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = board_people

    def clean_emails(self):
        """Each address must belong to exactly one active account (we do not create accounts)."""
        raw = self.cleaned_data["emails"]
        addresses = [part.strip() for part in re.split(r"[,;\s]+", raw) if part.strip()]
        users, unknown = [], []
        for address in addresses[:50]:
            try:
                validate_email(address)
            except forms.ValidationError:
                unknown.append(f"“{address[:100]}” is not an e-mail address")
                continue
            matches = list(
                get_user_model().objects.filter(email__iexact=address, is_active=True)[:2]
            )
            if len(matches) != 1:
                unknown.append(f"no single active account uses {address}")
            else:
                users.append(matches[0])
        if len(addresses) > 50:
            unknown.append("give at most 50 addresses at a time")
        if unknown:
            raise forms.ValidationError(
                "Check the addresses: " + "; ".join(unknown) + ". An administrator creates "
                "accounts for people who have none."
            )
        return users

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("people") or data.get("emails")):
            raise forms.ValidationError("Choose at least one person, or give an e-mail address.")
        return data

    def chosen(self):
        people = {person.pk: person for person in self.cleaned_data["people"]}
        people.update({person.pk: person for person in self.cleaned_data["emails"]})
        return list(people.values())


def last_financial_year(today):
    """1 April to 31 March of the last financial year that has ended (the annual-report year)."""
    end_year = today.year if today.month >= 4 else today.year - 1
    return date(end_year - 1, 4, 1), date(end_year, 3, 31)


class ReportPeriodForm(forms.Form):
    """The period of a board's annual-report section: from and to (inclusive), at most 5 years."""

    start = forms.DateField(
        label="From",
        widget=DateInput(),
        error_messages={"invalid": "Enter the start as a real date, like 2025-04-01."},
    )
    end = forms.DateField(
        label="To",
        widget=DateInput(),
        error_messages={"invalid": "Enter the end as a real date, like 2026-03-31."},
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "The end of the period must be on or after its start.")
            elif (end - start).days > 5 * 366:
                self.add_error("end", "Choose a period of at most five years.")
            if start.year < EARLIEST_YEAR or end.year > LATEST_YEAR:
                self.add_error("start", f"Choose dates between {EARLIEST_YEAR} and {LATEST_YEAR}.")
        return cleaned
