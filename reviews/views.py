from django.views.generic import DetailView, ListView

from .models import Board, Briefing, Review


class ReviewListView(ListView):
    template_name = "reviews/review_list.html"

    def get_queryset(self):
        return Review.objects.published().select_related("board")


class ReviewDetailView(DetailView):
    template_name = "reviews/review_detail.html"

    def get_queryset(self):
        return Review.objects.published().select_related("board", "briefing")


class BoardListView(ListView):
    model = Board
    template_name = "reviews/board_list.html"


class BoardDetailView(DetailView):
    model = Board
    template_name = "reviews/board_detail.html"


class BriefingDetailView(DetailView):
    model = Briefing
    template_name = "reviews/briefing_detail.html"
