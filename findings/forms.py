"""Forms of the findings app: recording that a team used learning, and choosing digest themes."""

from datetime import date

from django import forms
from django.utils import timezone

from reviews.models import Board
from themes.models import Theme

from .models import Dissemination

EARLIEST = date(2000, 1, 1)  # nothing here was published before; an earlier date is a typo
MOST_PEOPLE = 10_000


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


class DisseminationForm(forms.ModelForm):
    """When and how a team used a briefing, theme page or review, and what it will change."""

    resource = forms.ChoiceField(
        label="What did your team use?",
        choices=[
            (Dissemination.Resource.BRIEFING.value, "The 7-minute briefing"),
            (Dissemination.Resource.THEME_PAGE.value, "The theme page"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether your team used the 7-minute briefing or the theme page.",
            "invalid_choice": "Choose whether your team used the 7-minute briefing or the theme "
            "page.",
        },
    )
    board = forms.ModelChoiceField(
        label="Your safeguarding partnership",
        queryset=Board.objects.order_by("name"),
        empty_label="Choose your partnership",
        widget=forms.Select(attrs={"class": "select"}),
        error_messages={
            "required": "Choose the safeguarding partnership your team works in.",
            "invalid_choice": "Choose the safeguarding partnership your team works in.",
        },
    )
    used_on = forms.DateField(
        label="Date your team used it",
        help_text="The date of the team meeting or session: today or earlier.",
        widget=DateInput(),
        error_messages={
            "required": "Enter the date your team used it.",
            "invalid": "Enter a real date, for example 2026-03-17.",
        },
    )
    team = forms.CharField(
        label="Team",
        max_length=200,
        help_text="For example “Duty and assessment team 2”.",
        widget=forms.TextInput(attrs={"class": "input", "autocomplete": "organization-title"}),
        error_messages={
            "required": "Enter the name of your team.",
            "max_length": "Team must be 200 characters or fewer.",
        },
    )
    agency = forms.CharField(
        label="Agency",
        max_length=200,
        help_text="For example “Children's social care”, “Health visiting”, “Police”.",
        widget=forms.TextInput(attrs={"class": "input", "autocomplete": "organization"}),
        error_messages={
            "required": "Enter your agency.",
            "max_length": "Agency must be 200 characters or fewer.",
        },
    )
    people = forms.IntegerField(
        label="Number of people who took part",
        min_value=1,
        max_value=MOST_PEOPLE,
        widget=forms.TextInput(attrs={"class": "input input--width-5", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter how many people took part.",
            "invalid": "Enter the number of people as a whole number, like 12.",
            "min_value": "The number of people must be 1 or more.",
            "max_value": f"The number of people must be {MOST_PEOPLE:,} or fewer.",
        },
    )
    changes = forms.CharField(
        label="What will your team change?",
        help_text="What you will do differently as a result, in a sentence or two.",
        max_length=5000,
        widget=forms.Textarea(attrs={"class": "textarea", "rows": 5}),
        error_messages={
            "required": "Enter what your team will change as a result.",
            "max_length": "Keep what your team will change to 5,000 characters or fewer.",
        },
    )

    class Meta:
        model = Dissemination
        fields = ["resource", "board", "used_on", "team", "agency", "people", "changes"]

    def __init__(self, *args, with_resource=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_resource:  # a review is the resource itself; nothing to choose
            del self.fields["resource"]

    def clean_used_on(self):
        used_on = self.cleaned_data["used_on"]
        if used_on > timezone.localdate():
            raise forms.ValidationError("The date your team used it must be today or in the past.")
        if used_on < EARLIEST:
            raise forms.ValidationError("The date must be in 2000 or later.")
        return used_on

    def clean_team(self):
        return self._required_words("team", "Enter the name of your team.")

    def clean_agency(self):
        return self._required_words("agency", "Enter your agency.")

    def clean_changes(self):
        return self._required_words("changes", "Enter what your team will change as a result.")

    def _required_words(self, name, message):
        value = self.cleaned_data[name].strip()
        if not value:
            raise forms.ValidationError(message)
        return value


class DigestSubscriptionForm(forms.Form):
    """The themes whose new findings a user hears about, weekly (none: no e-mail)."""

    themes = forms.ModelMultipleChoiceField(
        label="Themes",
        queryset=Theme.objects.order_by("facet", "order", "name"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Choose themes from the list.",
            "invalid_pk_value": "Choose themes from the list.",
        },
    )
