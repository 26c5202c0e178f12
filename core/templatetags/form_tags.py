"""Filters for the shared form partials."""

from django import template

register = template.Library()


@register.filter
def or_subwidgets(options, bound_field):
    """`options` when given, else the field's own subwidgets: unlike `options|default:field.
    subwidgets`, whose argument is built even when unused, they are built only when needed."""
    return options if options else bound_field.subwidgets
