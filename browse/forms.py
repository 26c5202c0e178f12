"""The search box's form."""

from django import forms

from .search import GROUPS


class SearchForm(forms.Form):
    """The search box: words in websearch syntax (“quoted phrase”, or, -word), the kind of result
    to list (all kinds when empty) and a page."""

    q = forms.CharField(label="Search the learning", max_length=200, required=False, strip=True)
    type = forms.ChoiceField(
        choices=[("", "Everything")] + [(group.key, group.label) for group in GROUPS],
        required=False,
    )
    page = forms.IntegerField(min_value=1, required=False)
