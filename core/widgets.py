"""Form widgets shared by the apps' forms and filters (GOV.UK patterns)."""

from django import forms

# GOV.UK asks for text inputs with a numeric keyboard, not type="number" (which re-renders bad
# input as invalid HTML and changes value on scroll).
YEAR_INPUT = forms.TextInput(attrs={"inputmode": "numeric", "class": "input input--year"})
