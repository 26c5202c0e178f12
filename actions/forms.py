"""The form a lead fills in to update an action (the rules themselves live in services.py)."""

from datetime import date

from django import forms

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


class StatusUpdateForm(forms.Form):
    """New status, progress note, evidence, and an optional revised due date with its reason."""

    status = forms.ChoiceField(
        label="New status",
        choices=[(s.value, s.label) for s in Action.Status if s != Action.Status.NO_UPDATE],
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
        revised = self.cleaned_data["revised_due_date"]
        if revised and not (EARLIEST_YEAR <= revised.year <= LATEST_YEAR):
            raise forms.ValidationError(
                f"Enter a revised due date between {EARLIEST_YEAR} and {LATEST_YEAR}"
            )
        return revised

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
