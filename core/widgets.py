"""Form widgets shared by the apps' forms and filters (GOV.UK patterns)."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

# GOV.UK asks for text inputs with a numeric keyboard, not type="number" (which re-renders bad
# input as invalid HTML and changes value on scroll).
YEAR_INPUT = forms.TextInput(attrs={"inputmode": "numeric", "class": "input input--year"})


class QuickSelect(forms.Select):
    """A <select> whose options are written in Python, not through a template each.

    Django's Select renders every <option> with its own template include: for the tracker's
    150 boards and a board's reviews that was most of the filter panel's time. The HTML is the
    same (the select's attributes, then each option with `selected` on the first match). Single
    choice, no option groups.
    """

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = set(self.format_value(value))
        options = []
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            selected = option_value in chosen
            if selected:
                chosen = set()  # only the first match, as Select does
            options.append(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    option_value,
                    mark_safe(" selected") if selected else "",
                    label,
                )
            )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(attrs), mark_safe("".join(options))
        )
