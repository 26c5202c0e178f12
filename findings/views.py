from django.views.generic import DetailView, ListView

from .models import Finding


class FindingListView(ListView):
    template_name = "findings/finding_list.html"

    def get_queryset(self):
        return Finding.objects.published().select_related("review__board")


class FindingDetailView(DetailView):
    template_name = "findings/finding_detail.html"

    def get_queryset(self):
        return Finding.objects.published().select_related("review__board")


def search(request):
    """Plain search over published findings (issue 4 replaces this with stemmed full-text search)."""
    from django.shortcuts import render

    query = request.GET.get("q", "").strip()
    results = (
        Finding.objects.published().filter(text__icontains=query).select_related("review__board")
        if query
        else Finding.objects.none()
    )
    return render(request, "findings/search.html", {"query": query, "results": results})
