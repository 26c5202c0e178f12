from django.db.models import Count, Q
from django.shortcuts import render
from django.views.generic import DetailView, ListView

from reviews.models import Review

from .models import Theme


def published_finding_count():
    return Count("findings", filter=Q(findings__review__status=Review.Status.PUBLISHED))


def home(request):
    """What the knowledge base holds, a search box, themes with counts, recent reviews."""
    themes = Theme.objects.annotate(finding_count=published_finding_count())
    recent_reviews = (
        Review.objects.published().select_related("board").order_by("-published_at", "-year")[:6]
    )
    return render(
        request,
        "themes/home.html",
        {
            "themes": themes,
            "recent_reviews": recent_reviews,
            "review_count": Review.objects.published().count(),
        },
    )


class ThemeListView(ListView):
    model = Theme
    template_name = "themes/theme_list.html"

    def get_queryset(self):
        return Theme.objects.annotate(finding_count=published_finding_count())


class ThemeDetailView(DetailView):
    model = Theme
    template_name = "themes/theme_detail.html"
