from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from hymy.journeys.choices import Channel
from hymy.journeys.models import Touchpoint
from hymy.tenancy.choices import Language
from hymy.tenancy.models import Organization

from .choices import ChangeAction, ConsentSource, CustomerKind, CustomerStatus, EncounterOutcome


class Tag(models.Model):
    """A free label on customers, e.g. 'VIP' or 'B2B'. Used to filter lists and, later, segments."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="tag_unique_name")]

    def __str__(self):
        return self.name


class Customer(models.Model):
    """A person or a company the organisation serves (R1.1). A person may belong to a company.

    Services write customers (`customer_create`, `customer_update`), so every change is recorded
    in `CustomerChange`.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="customers")
    kind = models.CharField(_("kind"), max_length=10, choices=CustomerKind.choices, default=CustomerKind.PERSON)
    name = models.CharField(_("name"), max_length=200)
    company = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        limit_choices_to={"kind": CustomerKind.COMPANY},
        verbose_name=_("company"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, help_text=_("Stored in international form."))
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.FINNISH)
    external_id = models.CharField(_("external id"), max_length=100, blank=True)

    survey_consent = models.BooleanField(_("may be asked for feedback"), default=False)
    survey_consent_at = models.DateTimeField(_("feedback consent given"), null=True, blank=True)
    survey_consent_source = models.CharField(
        _("feedback consent given by"), max_length=16, choices=ConsentSource.choices, blank=True
    )
    marketing_consent = models.BooleanField(_("may receive marketing"), default=False)
    marketing_consent_at = models.DateTimeField(_("marketing consent given"), null=True, blank=True)
    marketing_consent_source = models.CharField(
        _("marketing consent given by"), max_length=16, choices=ConsentSource.choices, blank=True
    )

    needs_and_wishes = models.TextField(
        _("needs and wishes"),
        blank=True,
        help_text=_("Shown first to everyone who serves this customer."),
    )
    attributes = models.JSONField(_("custom attributes"), default=dict, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="customers", verbose_name=_("tags"))
    status = models.CharField(
        _("status"), max_length=10, choices=CustomerStatus.choices, default=CustomerStatus.ACTIVE
    )
    churned_at = models.DateTimeField(_("churned"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_customers",
        verbose_name=_("account owner"),
    )
    verified_at = models.DateTimeField(_("details verified"), null=True, blank=True)
    # Set by the erasure (`privacy.services.customer_erase`): the row is the anonymous shell that keeps
    # the figures, and nothing personal may be written into it again (edit, merge, notes, surveys).
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["organization", "name"]),
            models.Index(fields=["organization", "email"]),
            models.Index(fields=["organization", "phone"]),
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["organization", "external_id"]),
            # The import matches e-mails ignoring case (`LOWER(email) IN (…)`, once per batch of rows):
            # without this, each batch reads every customer of the organisation.
            models.Index("organization", Lower("email"), name="customer_org_email_lower"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_company(self) -> bool:
        return self.kind == CustomerKind.COMPANY

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class CustomerChange(models.Model):
    """One recorded change to a customer: who, when, and each field's old and new value."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=10, choices=ChangeAction.choices)
    changed_at = models.DateTimeField(auto_now_add=True)
    # {"field": [old, new]} in the field's display form, so that history reads without the schema.
    changes = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("customer change")
        verbose_name_plural = _("customer changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.customer} {self.action} {self.changed_at:%Y-%m-%d %H:%M}"


class Encounter(models.Model):
    """A contact at a touchpoint: when, where, through which channel, who served, what happened."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="encounters")
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, null=True, blank=True, related_name="encounters",
        verbose_name=_("customer"),
    )
    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.RESTRICT, related_name="encounters", verbose_name=_("touchpoint")
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("served by"),
    )
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=EncounterOutcome.choices, default=EncounterOutcome.SERVED
    )
    summary = models.TextField(_("what happened"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("encounter")
        verbose_name_plural = _("encounters")
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "customer", "-started_at"]),
            models.Index(fields=["organization", "touchpoint", "-started_at"]),
        ]

    def __str__(self):
        return f"{self.touchpoint} {self.started_at:%Y-%m-%d}"


class Purchase(models.Model):
    """A purchase or order: when, how much, what it cost us, and its items."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="purchases")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="purchases")
    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="purchases",
        verbose_name=_("touchpoint"),
    )
    purchased_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    cost = models.DecimalField(_("cost"), max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    # [{"name": "Portrait session", "quantity": 1, "unit_price": "120.00"}]
    items = models.JSONField(_("items"), default=list, blank=True)
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("purchase")
        verbose_name_plural = _("purchases")
        ordering = ["-purchased_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "customer", "-purchased_on"]),
            # The purchase import skips orders already recorded by looking up their external ids.
            models.Index(fields=["organization", "external_id"]),
        ]

    def __str__(self):
        return f"{self.purchased_on} {self.amount}"

    @property
    def margin(self):
        return None if self.cost is None else self.amount - self.cost


class Note(models.Model):
    """A free note about a customer by a staff member."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.body[:60]


class CustomerMerge(models.Model):
    """Two records of one customer merged into one, recorded so that the merge can be undone.

    `absorbed` is the full row of the customer that disappeared (its field values and tags), `moved`
    the related rows that were moved to `kept` ([{"model": "customers.encounter", "field": "customer",
    "pks": [1, 2]}]) and `kept_before` the kept customer's values that the merge overwrote.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kept = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="merges", verbose_name=_("kept")
    )
    absorbed_pk = models.BigIntegerField()
    absorbed = models.JSONField(default=dict)
    kept_before = models.JSONField(default=dict)
    moved = models.JSONField(default=list)
    tags_added = models.JSONField(default=list)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    merged_at = models.DateTimeField(_("merged"), auto_now_add=True)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("customer merge")
        verbose_name_plural = _("customer merges")
        ordering = ["-merged_at", "-id"]

    def __str__(self):
        return f"{self.absorbed_pk} → {self.kept_id}"

    @property
    def absorbed_name(self) -> str:
        return self.absorbed.get("fields", {}).get("name", "")

    @property
    def moved_count(self) -> int:
        return sum(len(entry["pks"]) for entry in self.moved)


class DuplicateDismissal(models.Model):
    """Someone looked at two customers and said they are not the same: do not suggest them again."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    # The smaller id first, so that a pair has one row whichever way round it was dismissed.
    first = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dismissed duplicate")
        verbose_name_plural = _("dismissed duplicates")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="duplicate_dismissal_unique_pair")
        ]

    def __str__(self):
        return f"{self.first_id} ≠ {self.second_id}"


class DetailsUpdateRequest(models.Model):
    """A link e-mailed to a customer for correcting their own details. Only the token's hash is stored."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="details_requests")
    token_digest = models.CharField(max_length=64, unique=True)
    sent_to = models.EmailField(_("sent to"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("details update request")
        verbose_name_plural = _("details update requests")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.customer_id} {self.created_at:%Y-%m-%d}"
