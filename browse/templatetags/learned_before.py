"""`{% learned_before finding %}`: the finding page's “learned before” section.

The finding page is the findings app's, which sits below the action tracker; the section needs
the actions answering earlier findings, so it is read here, above both, and the findings
template loads it by name (a template library, not a Python import: the layers stay one way).
"""

from django import template

from browse import learning

register = template.Library()


@register.inclusion_tag("browse/_learned_before.html")
def learned_before(finding):
    """Earlier findings on the finding's themes, from its board and from others, with what was
    done about them (four queries; none when the finding has no theme)."""
    return {
        "finding": finding,
        "outcome_labels": learning.OUTCOME_LABELS,
        **learning.learned_before(finding),
    }
