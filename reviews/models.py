from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords


class BoardQuerySet(models.QuerySet):
    def with_published_reviews(self):
        """Boards with at least one published review (drafts never show a board)."""
        return self.filter(
            models.Exists(
                Review.objects.published().filter(board=models.OuterRef("pk")).values("pk")
            )
        )

    def visible(self):
        """Boards with a published review, or that published the briefing of one."""
        published = Review.objects.published()
        return self.filter(
            models.Exists(published.filter(board=models.OuterRef("pk")).values("pk"))
            | models.Exists(
                published.filter(briefing__publisher=models.OuterRef("pk")).values("pk")
            )
        )

    def with_published_counts(self):
        """Annotate `review_count` and `finding_count`: published reviews and their findings."""
        published = models.Q(reviews__status=Review.Status.PUBLISHED)
        return self.annotate(
            review_count=models.Count("reviews", filter=published, distinct=True),
            finding_count=models.Count("reviews__findings", filter=published, distinct=True),
        )


class BoardManager(models.Manager.from_queryset(BoardQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Board(models.Model):
    """A local safeguarding children board or partnership that commissions reviews."""

    class Nation(models.TextChoices):
        ENGLAND = "england", "England"
        WALES = "wales", "Wales"
        SCOTLAND = "scotland", "Scotland"
        NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"
        UK = "uk", "United Kingdom (national)"

    name = models.CharField(max_length=200, help_text="Full name, unique.")
    slug = models.SlugField(max_length=200, unique=True)
    abbreviation = models.CharField(
        max_length=20,
        blank=True,
        default="",
        help_text="Not unique: Wiltshire and Wolverhampton are both “WSCB”.",
    )
    area = models.CharField(max_length=200, blank=True, default="", help_text="Local area covered.")

    class Region(models.TextChoices):
        """England's nine regions, the other nations, and national bodies: how pages group 150
        boards (the matrix's columns, the theme page's sections, the board filter's groups)."""

        NORTH_EAST = "north-east", "North East"
        NORTH_WEST = "north-west", "North West"
        YORKSHIRE = "yorkshire-and-the-humber", "Yorkshire and the Humber"
        EAST_MIDLANDS = "east-midlands", "East Midlands"
        WEST_MIDLANDS = "west-midlands", "West Midlands"
        EAST = "east-of-england", "East of England"
        LONDON = "london", "London"
        SOUTH_EAST = "south-east", "South East"
        SOUTH_WEST = "south-west", "South West"
        WALES = "wales", "Wales"
        SCOTLAND = "scotland", "Scotland"
        NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"
        NATIONAL = "national", "National bodies"
        UNASSIGNED = "unassigned", "Region not recorded"

    nation = models.CharField(max_length=20, choices=Nation.choices, default=Nation.ENGLAND)
    region = models.CharField(
        max_length=30,
        choices=Region.choices,
        default=Region.UNASSIGNED,
        help_text="Where the board sits, for grouping boards on pages.",
    )
    website = models.URLField(blank=True, default="")
    shares_progress = models.BooleanField(
        default=False,
        help_text="Show this board's progress notes and evidence to other boards' people too "
        "(otherwise only this board's own people and national administrators see them).",
    )
    history = HistoricalRecords()

    objects = BoardManager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name"], name="board_name_idx"),
            models.Index(fields=["region", "name"], name="board_region_idx"),
        ]
        constraints = [models.UniqueConstraint(fields=["name"], name="board_unique_name")]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("browse:board-detail", kwargs={"slug": self.slug})


class BriefingQuerySet(models.QuerySet):
    def published(self):
        """Briefings behind at least one published review, with their publisher."""
        return self.filter(
            models.Exists(
                Review.objects.published().filter(briefing=models.OuterRef("pk")).values("pk")
            )
        ).select_related("publisher")


class BriefingManager(models.Manager.from_queryset(BriefingQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Briefing(models.Model):
    """A published source document (briefing, newsletter, synopsis) kept whole with its hash."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    publisher = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        related_name="briefings_published",
        help_text="The body that published the document; not always the board whose review it is.",
    )
    file_name = models.CharField(max_length=255, blank=True, default="")
    full_text = models.TextField(help_text="The whole extracted text, kept for ever.")
    sha256 = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the full text.")
    published_on = models.DateField(null=True, blank=True)
    source_url = models.URLField(blank=True, default="", max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["full_text"])

    objects = BriefingManager()

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["title"], name="briefing_title_idx")]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("browse:briefing-detail", kwargs={"slug": self.slug})


class ReviewQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Review.Status.PUBLISHED)

    def drafts(self):
        return self.filter(status=Review.Status.DRAFT)

    def not_published(self):
        """Every review but the published ones, as a status before or after “published”: the
        same as status ≠ published, written so that the status index finds the few drafts. A row
        `exclude(review__in=Review.objects.not_published())` is published at the cost of a
        hashed list of draft ids, where `review__status=published` joined every match to its
        review or hashed every published review (search at 150,000 findings)."""
        published = Review.Status.PUBLISHED
        return self.filter(models.Q(status__lt=published) | models.Q(status__gt=published))

    def for_board(self, board):
        return self.filter(board=board)

    def with_finding_counts(self):
        """Annotate `finding_count`, the number of the review's findings: a subquery per row
        shown (a page of 25), not a GROUP BY over every review's findings."""
        finding_model = Review.findings.rel.related_model  # the findings app's, not imported up
        counts = (
            finding_model.objects.filter(review=models.OuterRef("pk"))
            .order_by()
            .values("review")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(finding_count=Coalesce(models.Subquery(counts), 0))

    def with_first_finding(self):
        """Annotate `first_finding_text`: the text of the review's first finding (a subquery
        per row shown), for a summary where the review has none of its own."""
        finding_model = Review.findings.rel.related_model
        first = finding_model.objects.filter(review=models.OuterRef("pk")).order_by("order", "pk")
        return self.annotate(first_finding_text=models.Subquery(first.values("text")[:1]))

    def recently_published(self):
        """Published reviews with their board, most recently published first."""
        return (
            self.published()
            .select_related("board")
            .order_by(models.F("published_at").desc(nulls_last=True), "-year", "name")
        )

    def _covered_shell(self):
        """True for a review that a published review covers (a thematic or national analysis)
        and that has no findings of its own: an empty shell whose learning is in the other."""
        finding_model = Review.findings.rel.related_model  # the findings app's, not imported up
        covered = Review.covers.through.objects.filter(
            to_review=models.OuterRef("pk"), from_review__status=Review.Status.PUBLISHED
        )
        own_findings = finding_model.objects.filter(review=models.OuterRef("pk"))
        return models.Exists(covered) & ~models.Exists(own_findings)

    def top_level(self):
        """Reviews that stand on their own: not the empty shells of reviews that a published
        review covers (those are shown under it, and counted in none of the totals)."""
        return self.exclude(self._covered_shell())

    def covered_shells(self):
        """The reviews `top_level` leaves out."""
        return self.filter(self._covered_shell())

    def boards_covered_by(self, review_ids):
        """Ids of the boards of the reviews that `review_ids` cover (their counts change when a
        covering review is published or returned to draft)."""
        return set(
            Review.covers.through.objects.filter(from_review_id__in=review_ids).values_list(
                "to_review__board_id", flat=True
            )
        )

    def on_themes(self, themes):
        """Reviews with at least one finding on any of `themes`."""
        return self.filter(findings__themes__in=themes).distinct()


class ReviewManager(models.Manager.from_queryset(ReviewQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Review(models.Model):
    """A case review (SCR, LCSPR, IMR, thematic analysis…) whose learning we hold."""

    class Kind(models.TextChoices):
        SERIOUS_CASE_REVIEW = "scr", "Serious case review"
        LCSPR = "lcspr", "Local child safeguarding practice review"
        IMR = "imr", "Internal management review"
        PARTNERSHIP_REVIEW = "partnership", "Partnership or learning review"
        RAPID_REVIEW = "rapid", "Rapid review"
        THEMATIC = "thematic", "Thematic analysis"
        NATIONAL = "national", "National analysis"
        CHILD_PRACTICE_REVIEW = "cpr", "Child practice review (Wales)"
        SAFEGUARDING_ADULTS_REVIEW = "sar", "Safeguarding adults review"
        DOMESTIC_HOMICIDE_REVIEW = "dhr", "Domestic homicide review"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    name = models.CharField(
        max_length=200, help_text="As the review names itself, e.g. “Family M”."
    )
    slug = models.SlugField(max_length=200, unique=True)
    board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        related_name="reviews",
        help_text="The board whose review it is (may differ from the briefing's publisher).",
    )
    briefing = models.ForeignKey(
        Briefing,
        on_delete=models.PROTECT,
        related_name="reviews",
        null=True,
        blank=True,
        help_text="The source document this review's learning was taken from.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    practice_period = models.CharField(
        max_length=200, blank=True, default="", help_text="Period of practice reviewed, as written."
    )
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Year of the review (completion or publication)."
    )
    summary = models.TextField(blank=True, default="")
    key_messages = models.TextField(
        blank=True,
        default="",
        help_text="The review's central message in its own words, e.g. how it frames its findings.",
    )
    report_url = models.URLField(blank=True, default="", max_length=500)
    covers = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="covered_by",
        blank=True,
        help_text="For a thematic or national analysis: the reviews it covers.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[covers])

    objects = ReviewManager()

    class Meta:
        ordering = ["-year", "name"]
        indexes = [
            models.Index(fields=["-year", "name"], name="review_ordering_idx"),
            models.Index(fields=["status", "-published_at"], name="review_published_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__isnull=True) | models.Q(year__gte=1970, year__lte=2100),
                name="review_year_plausible",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.board})"

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("browse:review-detail", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    # A key-messages paragraph starting with this is the knowledge base's own note on the source
    # (fixtures/curation/collect.py writes it), shown apart from the review's quoted words.
    EDITORIAL_NOTE = "Note from the knowledge base: "

    @property
    def key_message_parts(self):
        """The key messages as ([quoted paragraphs], [our notes, prefix removed]); no query."""
        quoted, notes = [], []
        for paragraph in self.key_messages.split("\n\n"):
            paragraph = paragraph.strip()
            if paragraph.startswith(self.EDITORIAL_NOTE):
                notes.append(paragraph.removeprefix(self.EDITORIAL_NOTE))
            elif paragraph:
                quoted.append(paragraph)
        return quoted, notes


class FamilyManager(models.Manager):
    def get_by_natural_key(self, review_slug, pseudonym):
        return self.get(review__slug=review_slug, pseudonym=pseudonym)


class Family(models.Model):
    """The family at the centre of a review, under the pseudonym the review gives it."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="families")
    pseudonym = models.CharField(max_length=120, help_text="E.g. “Family M”, “Baby JW”.")
    children = models.TextField(
        blank=True,
        default="",
        help_text="The children as the briefing describes them, with ages where given.",
    )
    circumstances = models.TextField(blank=True, default="")
    history = HistoricalRecords()

    objects = FamilyManager()

    class Meta:
        ordering = ["review", "pseudonym"]
        verbose_name_plural = "families"
        indexes = [models.Index(fields=["review", "pseudonym"], name="family_ordering_idx")]
        constraints = [
            models.UniqueConstraint(fields=["review", "pseudonym"], name="family_unique_per_review")
        ]

    def __str__(self):
        return self.pseudonym

    def natural_key(self):
        return (self.review.slug, self.pseudonym)

    natural_key.dependencies = ["reviews.review"]
