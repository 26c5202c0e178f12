"""Pages for signed-in users: recording that a team used learning (a theme's page or 7-minute
briefing, or a review), changing their own records, and the weekly digest of new findings."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import ListView

from reviews.models import Review
from themes.models import Theme

from . import services
from .forms import DigestSubscriptionForm, DisseminationForm
from .models import DigestSubscription, Dissemination
from .views import grouped_theme_options


def default_board_id(user):
    """The board of the user's first membership, to preselect (the reverse relation: the
    memberships live in the actions app, above this one)."""
    return user.memberships.order_by("pk").values_list("board_id", flat=True).first()


@method_decorator(never_cache, name="dispatch")  # one person's page: never stored
class RecordUseView(LoginRequiredMixin, View):
    """“Record that your team used this”: for a theme (its page or 7-minute briefing) or a review."""

    template_name = "findings/dissemination_form.html"

    def subject(self, slug):
        """(theme, review), one of them None."""
        raise NotImplementedError

    def get(self, request, slug):
        theme, review = self.subject(slug)
        initial = {"board": default_board_id(request.user)}
        if theme is not None:
            asked = request.GET.get("resource", "")
            valid = {value for value, _ in Dissemination.Resource.choices}
            initial["resource"] = asked if asked in valid else Dissemination.Resource.THEME_PAGE
        form = DisseminationForm(initial=initial, with_resource=theme is not None)
        return self.render_page(request, theme, review, form)

    def post(self, request, slug):
        theme, review = self.subject(slug)
        form = DisseminationForm(request.POST, with_resource=theme is not None)
        if not form.is_valid():
            return self.render_page(request, theme, review, form)
        data = dict(form.cleaned_data)
        resource = data.pop("resource", Dissemination.Resource.REVIEW)
        record = services.record_dissemination(
            user=request.user, resource=resource, theme=theme, review=review, **data
        )
        messages.success(
            request,
            f"Thank you: your team's use of {record.subject} is recorded. It counts for "
            f"{record.board.name}.",
        )
        return redirect((theme or review).get_absolute_url())

    def render_page(self, request, theme, review, form):
        subject = theme or review
        crumbs = (
            [("Themes", reverse("browse:theme-index"))]
            if theme
            else [("Reviews", reverse("reviews:review-list"))]
        )
        crumbs += [(subject.name, subject.get_absolute_url()), ("Record your team's use", None)]
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "theme": theme,
                "review": review,
                "subject": subject,
                "action_url": request.path,
                "crumbs": crumbs,
            },
        )


class RecordThemeUseView(RecordUseView):
    def subject(self, slug):
        return get_object_or_404(Theme, slug=slug), None


class RecordReviewUseView(RecordUseView):
    def subject(self, slug):
        return None, get_object_or_404(
            Review.objects.published().select_related("board"), slug=slug
        )


@method_decorator(never_cache, name="dispatch")  # one person's page: never stored
class MyRecordsView(LoginRequiredMixin, ListView):
    """The records the signed-in user made, newest use first, each with a link to change it."""

    template_name = "findings/dissemination_list.html"
    context_object_name = "records"
    paginate_by = 25

    def get_queryset(self):
        return Dissemination.objects.by(self.request.user).with_context()

    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=[("Your team's use of learning", None)], **kwargs)


@method_decorator(never_cache, name="dispatch")  # one person's page: never stored
class EditRecordView(LoginRequiredMixin, View):
    """Change a record: only the person who made it may (others get 403)."""

    template_name = "findings/dissemination_form.html"

    def get_record(self, request, pk):
        record = get_object_or_404(Dissemination.objects.with_context(), pk=pk)
        if record.user_id != request.user.pk:
            raise PermissionDenied("Only the person who recorded this may change it.")
        return record

    def get(self, request, pk):
        record = self.get_record(request, pk)
        return self.render_page(
            request, record, DisseminationForm(instance=record, with_resource=False)
        )

    def post(self, request, pk):
        record = self.get_record(request, pk)
        form = DisseminationForm(request.POST, instance=record, with_resource=False)
        if not form.is_valid():
            return self.render_page(request, record, form)
        services.update_dissemination(record=record, user=request.user, **form.cleaned_data)
        messages.success(request, "Your record has been changed.")
        return redirect("findings:dissemination-mine")

    def render_page(self, request, record, form):
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "record": record,
                "theme": record.theme,
                "review": record.review,
                "subject": record.theme or record.review,
                "action_url": request.path,
                "crumbs": [
                    ("Your team's use of learning", reverse("findings:dissemination-mine")),
                    ("Change a record", None),
                ],
            },
        )


@method_decorator(never_cache, name="dispatch")  # one person's page: never stored
class SubscriptionsView(LoginRequiredMixin, View):
    """Choose the themes of your weekly e-mail digest, and find each theme's and board's feed."""

    template_name = "findings/subscriptions.html"

    def get(self, request):
        subscription = (
            DigestSubscription.objects.filter(user=request.user).prefetch_related("themes").first()
        )
        chosen = [theme.slug for theme in subscription.themes.all()] if subscription else []
        return self.render_page(
            request, DigestSubscriptionForm(initial={"themes": chosen}), subscription
        )

    def post(self, request):
        form = DigestSubscriptionForm(request.POST)
        if not form.is_valid():
            subscription = DigestSubscription.objects.filter(user=request.user).first()
            return self.render_page(request, form, subscription)
        themes = form.cleaned_data["themes"]
        services.save_digest_subscription(user=request.user, themes=themes)
        if themes:
            names = ", ".join(theme.name for theme in themes)
            note = (
                ""
                if request.user.email
                else " Add an e-mail address to your account to receive it."
            )
            messages.success(
                request, f"You will get a weekly e-mail of new findings on {names}.{note}"
            )
        else:
            messages.success(request, "You will not get the learning digest.")
        return redirect("findings:subscriptions")

    def render_page(self, request, form, subscription):
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "subscription": subscription,
                "theme_groups": grouped_theme_options(form["themes"]),
                "has_email": bool(request.user.email),
                "crumbs": [("Subscriptions", None)],
            },
        )
