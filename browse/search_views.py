"""Search over everything (/search/) and a finding's page (/findings/<id>/), which shows what was
done about the finding: both read the actions app, so they sit here, above it."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import DetailView, TemplateView

from actions.models import Action, ActionPlan
from findings.models import Finding
from findings.passages import passage_in_context, readable_passage
from themes.models import Theme

from . import search
from .forms import SearchForm


class SearchView(TemplateView):
    """Ranked full-text search over everything published, grouped by kind (reviews, boards,
    findings, recommendations, questions, actions), each with its count and a link to all of
    them; ?type=… lists one kind a page at a time. A spelling suggestion when nothing matches."""

    template_name = "browse/search.html"
    paginate_by = 20
    PER_GROUP = 5

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET)
        form.is_valid()  # a bad page or kind is ignored (page 1, every kind), never an error
        query = form.cleaned_data.get("q", "")
        group = search.GROUPS_BY_KEY.get(form.cleaned_data.get("type") or "")
        context = {
            "form": form,
            "query": query,
            "group": group,
            "groups": [],
            "page_obj": None,
            "themes": [],
            "suggestion": "",
            "rank_limit": search.RANK_LIMIT,
            "crumbs": [("Search", reverse("browse:search") if group else None)]
            + ([(group.label, None)] if group else []),
        }
        if query:
            if group:
                result, number = search.one_group(
                    group, query, form.cleaned_data.get("page"), self.paginate_by
                )
                paginator = Paginator(range(result.count), self.paginate_by)  # no COUNT(*)
                page = paginator.get_page(number)
                page.object_list = result.rows  # this page's rows, best first, read already
                total = result.count
                context.update(page_obj=page, capped=result.capped)
            else:
                groups = search.overview(query, per_group=self.PER_GROUP)
                total = sum(result.count for result in groups)
                for result in groups:
                    result.url = self.group_url(query, result.group.key)
                context.update(groups=groups, any_capped=any(result.capped for result in groups))
            context.update(
                total=total,
                themes=Theme.objects.named_like(query),
                all_url=self.group_url(query),
                findings_url=reverse("findings:list") + "?" + urlencode({"q": query}),
            )
            if not total:
                suggested = search.suggestion(query)
                context.update(
                    suggestion=suggested,
                    suggestion_url=self.group_url(suggested, group.key if group else ""),
                )
        return super().get_context_data(**context, **kwargs)

    def group_url(self, query, key=""):
        params = {"q": query, **({"type": key} if key else {})}
        return reverse("browse:search") + "?" + urlencode(params)


class FindingDetailView(DetailView):
    """A finding: its text, themes, what was done about it (the actions that answer it, with
    status, lead and due date), its passage in the briefing, and similar findings elsewhere."""

    template_name = "browse/finding_detail.html"
    context_object_name = "finding"

    def get_queryset(self):
        return Finding.objects.for_detail().prefetch_related(
            Prefetch("action_plans", queryset=ActionPlan.objects.order_by("order", "pk")),
            Prefetch(
                "action_plans__actions",
                queryset=Action.objects.select_related("lead").order_by("order", "pk"),
            ),
        )

    def get_context_data(self, **kwargs):
        finding = self.object
        briefing = finding.review.briefing
        actions = [action for plan in finding.action_plans.all() for action in plan.actions.all()]
        return super().get_context_data(
            passage=readable_passage(
                passage_in_context(
                    briefing.full_text if briefing else "",
                    finding.source_line_start,
                    finding.source_line_end,
                )
            ),
            plans=list(finding.action_plans.all()),
            actions=actions,
            similar=Finding.objects.similar_to(finding),
            crumbs=[
                ("Reviews", reverse("reviews:review-list")),
                (finding.review.name, finding.review.get_absolute_url()),
                (finding.label or finding.get_kind_display(), None),
            ],
            **kwargs,
        )
