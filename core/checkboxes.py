"""The checkboxes of a model multiple-choice field, built cheaply for long filter panels.

A BoundField's `subwidgets` read the choices through a server-side cursor on PostgreSQL (three
round trips) and build a widget context (attributes, template names, a copied dict) for every
choice: 150 boards on the findings and reviews lists' filter panels. `model_options` reads the
field's queryset with one plain query and gives, per object, what `includes/checkboxes.html`
reads of a subwidget (the same name, value, id, checked state and label, so the HTML is the
same), plus the object itself for grouping (by region, by facet).

`cached_checkboxes` keeps such a list rendered in the shared cache, under the content version
(core.pagecache.cached_value: built every time without a shared cache), keyed by what is ticked.
"""

from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from core.pagecache import cached_value


@dataclass(slots=True)
class Option:
    """One checkbox: `data` holds name, value and selected, as a BoundWidget's does."""

    instance: Any
    id_for_label: str
    choice_label: str
    data: dict = field(default_factory=dict)


def model_options(bound_field):
    """[Option, …] for every object of a bound ModelMultipleChoiceField's queryset, in its
    order, ticked as the submitted (or initial) values say; one query."""
    form_field = bound_field.field
    key = form_field.to_field_name or "pk"
    ticked = {str(value) for value in bound_field.value() or ()}
    id_ = form_field.widget.attrs.get("id") or bound_field.auto_id
    name = bound_field.html_name
    options = []
    for index, obj in enumerate(form_field.queryset):
        value = str(getattr(obj, key))
        options.append(
            Option(
                instance=obj,
                id_for_label=f"{id_}_{index}" if id_ else "",
                choice_label=form_field.label_from_instance(obj),
                data={"name": name, "value": value, "selected": value in ticked},
            )
        )
    return options


def ticked(bound_field):
    """The submitted (or initial) values of a multiple-choice field, as sorted strings."""
    return sorted({str(value) for value in bound_field.value() or ()})


def cached_checkboxes(name, bound_field, template, build, parts=()):
    """`template` rendered with `build()` (a context, called only on a miss), kept under the
    content version and the field's ticked values (and `parts`: whatever else the HTML shows)."""
    html = cached_value(
        name,
        [*ticked(bound_field), "|", *parts],
        lambda: render_to_string(template, build()),
    )
    return mark_safe(html)  # our own template's output, escaped as it was rendered
