"""Views of the action tracker: where safeguarding leads update action-plan status."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import DetailView, ListView

from .models import Action


class TrackerView(LoginRequiredMixin, ListView):
    template_name = "findings/tracker.html"

    def get_queryset(self):
        return Action.objects.published().select_related("lead", "plan__review__board")


class ActionDetailView(DetailView):
    template_name = "findings/action_detail.html"

    def get_queryset(self):
        return Action.objects.published().select_related("lead", "plan__review__board")
