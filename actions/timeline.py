"""An action's timeline: its status updates, update requests and escalations, newest first.

Each is append-only in effect: updates are never edited; a request is answered by an update and
an escalation closed by a de-escalation, both shown as events of their own at their own time.
"""

from dataclasses import dataclass
from datetime import datetime

from .models import Escalation, StatusUpdate, UpdateRequest


@dataclass(frozen=True)
class Event:
    """One entry: `kind` is update, request, escalation or de-escalation; `item` its row."""

    kind: str
    at: datetime
    item: object


def timeline_for(action):
    """The action's events, newest first, in three queries (one per kind of row)."""
    events = [
        Event("update", update.created_at, update)
        for update in StatusUpdate.objects.filter(action=action).timeline()
    ]
    for request in UpdateRequest.objects.filter(action=action).select_related("answered_by"):
        events.append(Event("request", request.requested_at, request))
    for escalation in Escalation.objects.filter(action=action):
        events.append(Event("escalation", escalation.created_at, escalation))
        if escalation.resolved_at:
            events.append(Event("de-escalation", escalation.resolved_at, escalation))
    order = {"update": 0, "request": 1, "escalation": 2, "de-escalation": 3}
    events.sort(key=lambda event: (event.at, order[event.kind], event.item.pk), reverse=True)
    return events
