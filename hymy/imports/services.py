"""Every write of an import: upload, mapping, dry run, import and undo.

An import goes through these steps, each a function here:

1. `import_upload` keeps the file, reads its headers and guesses the mapping (a remembered one first).
2. `import_mapping_save` stores the user's mapping and options, remembers the mapping for the next
   file with the same headers, and starts the dry run (`import_check`, a background task): every row
   is checked exactly as the import will check it, nothing is written but the list of problems.
3. `import_start` runs the import (`import_run`, a background task) in batches of `BATCH_ROWS` rows,
   each batch one transaction — or, when the user chose "import nothing if any row is bad", the whole
   file in one transaction that is rolled back at the first bad row.
4. `import_undo` takes the import back as a whole, from its `ImportRecord` rows.

Customers are created through `customer_build` + `customers_bulk_create` of the customer register
(the same validation and change-log rows as `customer_create`, in a few statements per batch) and
updated through `customer_update`, one by one, keeping the previous values for undo. Purchases and
encounters are inserted in bulk without starting the surveys' invitations: they are history, and
nobody should be asked about a purchase made two years ago.
"""

import datetime
import logging
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from hymy.core.bulk import bulk_insert
from hymy.customers import services as customer_services
from hymy.customers.choices import CustomerKind
from hymy.customers.models import Customer, Encounter, Purchase
from hymy.journeys.models import Touchpoint
from hymy.tenancy.models import Membership, Organization, User
from hymy.tenancy.permissions import IMPORT_DATA

from . import cleaning, mapping
from .choices import ImportKind, ImportStatus, MatchBy, OnMatch, RecordAction
from .models import ImportJob, ImportMapping, ImportRecord, ImportRejection
from .parsing import FileUnreadable, read_table

logger = logging.getLogger(__name__)

BATCH_ROWS = 1000
PREVIEW_ROWS = 10
MAX_FILE_BYTES = 200 * 1024 * 1024

CREATE, UPDATE, SKIP, REJECT = "create", "update", "skip", "reject"
# The customer fields an import may change, with what `customer_update` needs to put them back.
RESTORABLE = [
    "kind", "name", "email", "phone", "language", "external_id", "attributes", "needs_and_wishes",
    "survey_consent", "survey_consent_at", "survey_consent_source",
    "marketing_consent", "marketing_consent_at", "marketing_consent_source",
]  # fmt: skip
# `MatchBy.values` builds a new list on every use; the check asks for it several times per row.
MATCH_KINDS = tuple(MatchBy.values)
LOOKUP_COLUMNS = {
    MatchBy.EXTERNAL_ID: "customer_external_id",
    MatchBy.EMAIL: "customer_email",
    MatchBy.PHONE: "customer_phone",
}


def _require(membership: Membership | None) -> None:
    if membership is not None and not membership.can(IMPORT_DATA):
        raise PermissionDenied


# --- one row ------------------------------------------------------------------------------------------


@dataclass
class Row:
    """One data row on its way: its text per field, what it will be stored as, and its problems."""

    number: int
    cells: list[str]
    values: dict[str, str]
    data: dict[str, Any] = field(default_factory=dict)
    problems: cleaning.Problems = field(default_factory=cleaning.Problems)
    action: str = CREATE
    target_id: int | None = None  # the existing customer to update, or the purchase's/encounter's customer
    built: Any = None  # the unsaved model instance to insert
    note: str = ""  # why a row is skipped
    keys: dict[str, str] = field(default_factory=dict)  # match kind → value, to find its customer


class Importer:
    """Checks rows (`check`) and writes checked rows (`write`) for one import.

    It remembers what earlier batches of the same file used (e-mails, phones, ids, order numbers,
    companies), so that two rows of one file cannot both claim the same customer.
    """

    def __init__(self, job: ImportJob, *, actor: User | None = None):
        self.job = job
        self.organization: Organization = job.organization
        self.actor = actor
        self.mapping = {int(column): name for column, name in job.mapping.items() if name}
        self.touchpoints = {
            touchpoint.name.strip().casefold(): touchpoint
            for touchpoint in Touchpoint.objects.filter(organization=self.organization)
        }
        self.known: dict[tuple[str, str], int] = {}  # (match kind, value) → customer id in the register
        self.seen: dict[tuple[str, str], int] = {}  # (match kind, value) → row number earlier in the file
        self.companies: dict[str, Customer] = {}  # name, case-folded → company customer
        self.orders_known: set[str] = set()
        self.created = 0  # customers this import has created, and how many when statistics were refreshed
        self.analyzed_at = 0

    # --- checking ---

    def check(self, numbered_rows: list[tuple[int, list[str]]]) -> list[Row]:
        rows = []
        for number, cells in numbered_rows:
            values = {
                name: (cells[column] if column < len(cells) else "") for column, name in self.mapping.items()
            }
            row = Row(number=number, cells=list(cells), values=values)
            try:
                self._clean(row)
            except Exception:  # a bug must not stop the file: the row is rejected and the bug logged
                logger.exception("import %s: row %s could not be checked", self.job.pk, number)
                row.problems.add("", _("This row could not be read."))
            row.keys = self._match_keys(row)
            rows.append(row)
        self._prefetch(rows)
        for row in rows:
            if not row.problems:
                try:
                    self._decide(row)
                except Exception:
                    logger.exception("import %s: row %s could not be checked", self.job.pk, row.number)
                    row.problems.add("", _("This row could not be read."))
            if row.problems:
                row.action = REJECT
        return rows

    def _clean(self, row: Row) -> None:
        kind = self.job.kind
        if kind == ImportKind.CUSTOMERS:
            row.data = cleaning.clean_customer(row.values, row.problems)
        elif kind == ImportKind.PURCHASES:
            row.data = cleaning.clean_purchase(row.values, row.problems)
        else:
            row.data = cleaning.clean_encounter(row.values, row.problems)
        if kind != ImportKind.CUSTOMERS:
            self._clean_lookup(row)
            name = (row.values.get("touchpoint") or "").strip()
            if name:
                touchpoint = self.touchpoints.get(name.casefold())
                if touchpoint is None:
                    row.problems.add("touchpoint", _("Unknown touchpoint “%(value)s”.") % {"value": name})
                row.data["touchpoint"] = touchpoint
            elif kind == ImportKind.ENCOUNTERS:
                row.problems.add("touchpoint", _("The touchpoint is missing."))

    def _clean_lookup(self, row: Row) -> None:
        """The purchase's or encounter's customer: by id, e-mail or phone, as the columns give."""
        keys = {}
        for match_kind, column in LOOKUP_COLUMNS.items():
            text = (row.values.get(column) or "").strip()
            if not text:
                continue
            if match_kind == MatchBy.EXTERNAL_ID:
                keys[match_kind] = text
                continue
            try:
                clean = cleaning.customer_contact_clean(**{match_kind: text})[match_kind]
            except ValidationError as error:
                row.problems.add(column, " ".join(error.message_dict.get(match_kind, error.messages)))
            else:
                keys[match_kind] = clean.casefold() if match_kind == MatchBy.EMAIL else clean
        row.data["_keys"] = keys

    def _match_keys(self, row: Row) -> dict[str, str]:
        if self.job.kind != ImportKind.CUSTOMERS:
            return row.data.get("_keys", {})
        keys = {}
        for match_kind in MATCH_KINDS:
            value = row.data.get(match_kind)
            if value:
                keys[match_kind] = value.casefold() if match_kind == MatchBy.EMAIL else value
        return keys

    def _prefetch(self, rows: list[Row]) -> None:
        """Look up, in three queries per batch, the customers the rows' ids, e-mails and phones name."""
        wanted: dict[str, set[str]] = {kind: set() for kind in MATCH_KINDS}
        for row in rows:
            for match_kind, value in row.keys.items():
                if (match_kind, value) not in self.known:
                    wanted[match_kind].add(value)
        for match_kind, values in wanted.items():
            if values:
                # newest first, so the oldest customer of several with one e-mail is the one kept
                found = _customers_by(self.organization, match_kind, values)
                self.known.update(((match_kind, value), pk) for value, pk in found)
        if self.job.kind == ImportKind.PURCHASES:
            orders = {row.data.get("external_id") for row in rows} - {"", None} - self.orders_known
            if orders:
                self.orders_known.update(
                    Purchase.objects.filter(
                        organization=self.organization, external_id__in=orders
                    ).values_list("external_id", flat=True)
                )

    def _decide(self, row: Row) -> None:
        if self.job.kind == ImportKind.CUSTOMERS:
            self._decide_customer(row)
        else:
            self._decide_history(row)

    def _decide_customer(self, row: Row) -> None:
        self._decide_customer_action(row)
        if not row.problems and self.job.on_match != OnMatch.CREATE:
            # Only a row that will be imported claims its id, e-mail and phone for the rest of the file.
            for match_kind, value in row.keys.items():
                if match_kind in self.job.match_by:
                    self.seen[(match_kind, value)] = row.number

    def _decide_customer_action(self, row: Row) -> None:
        job, data = self.job, row.data
        keys = row.keys
        if job.on_match != OnMatch.CREATE:
            for match_kind in job.match_by:
                value = keys.get(match_kind)
                if value is None:
                    continue
                earlier = self.seen.get((match_kind, value))
                if earlier is not None:
                    row.problems.add(match_kind, _same_as_earlier(match_kind, earlier))
                    return
                if row.target_id is None and (match_kind, value) in self.known:
                    row.target_id = self.known[(match_kind, value)]
        company_name = data.pop("company_name", "")
        if company_name and data.get("kind") == CustomerKind.COMPANY:
            row.problems.add("company", _("A company cannot belong to another company."))
            return
        row.data["company_name"] = company_name
        if row.target_id is not None:
            row.action = UPDATE if job.on_match == OnMatch.UPDATE else SKIP
            if row.action == SKIP:
                row.note = _("Already in the register.")
            return
        row.action = CREATE
        if not data.get("name"):
            row.problems.add("name", _("The name is missing."))
            return
        fields = {key: value for key, value in data.items() if key != "company_name"}
        try:
            row.built = customer_services.customer_build(organization=self.organization, **fields)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                row.problems.add(name if name != "__all__" else "", " ".join(messages))

    def _decide_history(self, row: Row) -> None:
        data, keys = row.data, row.data.pop("_keys", {})
        customer_id = None
        for match_kind in MATCH_KINDS:
            if match_kind in keys:
                customer_id = self.known.get((match_kind, keys[match_kind]))
                if customer_id is not None:
                    break
        if keys and customer_id is None:
            column = LOOKUP_COLUMNS[next(iter(keys))]
            row.problems.add(column, _no_such_customer(next(iter(keys))))
            return
        row.target_id = customer_id
        if self.job.kind == ImportKind.PURCHASES:
            if customer_id is None:
                row.problems.add("", _("Say whose purchase this is: a customer id, e-mail or phone."))
                return
            order = data.get("external_id")
            if order and (order in self.orders_known or ("order", order) in self.seen):
                row.action, row.note = SKIP, _("This order number is already in the register.")
                return
            if order:
                self.seen[("order", order)] = row.number
            purchase = Purchase(
                organization=self.organization,
                customer_id=customer_id,
                touchpoint=data.get("touchpoint"),
                purchased_on=data["purchased_on"],
                amount=data["amount"],
                cost=data.get("cost"),
                currency=self.organization.currency,
                items=data.get("items", []),
                external_id=order or "",
            )
            try:
                purchase.full_clean(exclude=["organization", "customer", "touchpoint"], validate_unique=False)
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    row.problems.add(name, " ".join(messages))
                return
            row.built = purchase
        else:
            touchpoint = data["touchpoint"]
            encounter = Encounter(
                organization=self.organization,
                customer_id=customer_id,
                touchpoint=touchpoint,
                channel=data.get("channel") or touchpoint.channel,
                started_at=data["started_at"],
                outcome=data.get("outcome") or "served",
                summary=data.get("summary", ""),
            )
            try:
                encounter.full_clean(exclude=["organization", "customer", "touchpoint", "staff"],
                                     validate_unique=False)  # fmt: skip
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    row.problems.add(name, " ".join(messages))
                return
            row.built = encounter
        row.action = CREATE

    # --- writing (inside the caller's transaction) ---

    def write(self, rows: list[Row]) -> list[ImportRecord]:
        records: list[ImportRecord] = []
        creates = [row for row in rows if row.action == CREATE]
        if self.job.kind == ImportKind.CUSTOMERS:
            # Companies first, so that people in the same batch can belong to them.
            companies = [row for row in creates if row.built[0].kind == CustomerKind.COMPANY]
            people = [row for row in creates if row.built[0].kind != CustomerKind.COMPANY]
            for group in (companies, people):
                for row in group:
                    if row.data.get("company_name"):
                        row.built[0].company = self._company(row.data["company_name"], records)
                saved = customer_services.customers_bulk_create(
                    organization=self.organization, actor=self.actor, built=[row.built for row in group]
                )
                for customer in saved:
                    records.append(ImportRecord(job=self.job, action=RecordAction.CREATED, model="customer",
                                                object_id=customer.pk))  # fmt: skip
                    if customer.kind == CustomerKind.COMPANY:
                        self.companies.setdefault(customer.name.strip().casefold(), customer)
                self.created += len(saved)
            self._analyze_when_grown()
            for row in rows:
                if row.action == UPDATE:
                    try:
                        records.append(self._update(row, records))
                    except ValidationError as error:
                        row.action = REJECT
                        for name, messages in error.message_dict.items():
                            row.problems.add(name if name != "__all__" else "", " ".join(messages))
        else:
            model = Purchase if self.job.kind == ImportKind.PURCHASES else Encounter
            saved = model.objects.bulk_create([row.built for row in creates], batch_size=500)
            records.extend(
                ImportRecord(
                    job=self.job, action=RecordAction.CREATED, model=model._meta.model_name, object_id=obj.pk
                )
                for obj in saved
            )
        return records

    def _analyze_when_grown(self) -> None:
        """PostgreSQL plans each batch's look-ups from its statistics of the customers table, which only
        autovacuum refreshes, if it runs. With statistics from when the organisation was small, the planner
        reads every customer of the organisation for each look-up (0.4 s a batch at 850,000 customers). So
        the import refreshes them itself whenever it has doubled what it had created at the last refresh
        (from 10,000 on): about ten times in a million rows, a fraction of a second each."""
        if connection.vendor != "postgresql" or self.created - self.analyzed_at < max(10_000, self.analyzed_at):
            return
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE customers_customer")
        self.analyzed_at = self.created

    def _company(self, name: str, records: list[ImportRecord]) -> Customer:
        key = name.strip().casefold()
        if key not in self.companies:
            existing = (
                Customer.objects.filter(
                    organization=self.organization, kind=CustomerKind.COMPANY, name__iexact=name.strip()
                )
                .order_by("id")
                .first()
            )
            if existing is None:
                existing = customer_services.customer_create(
                    organization=self.organization,
                    actor=self.actor,
                    name=name.strip(),
                    kind=CustomerKind.COMPANY,
                )
                records.append(ImportRecord(job=self.job, action=RecordAction.CREATED, model="customer",
                                            object_id=existing.pk))  # fmt: skip
            self.companies[key] = existing
        return self.companies[key]

    def _update(self, row: Row, records: list[ImportRecord]) -> ImportRecord:
        customer = Customer.objects.select_for_update().get(pk=row.target_id, organization=self.organization)
        previous = customer_previous_values(customer)
        data = {key: value for key, value in row.data.items() if key != "company_name"}
        if "attributes" in data:
            data["attributes"] = {**customer.attributes, **data["attributes"]}
        if "tags" in data:
            data["tags"] = sorted({*previous["tags"], *data["tags"]})
        if row.data.get("company_name") and customer.kind != CustomerKind.COMPANY:
            data["company"] = self._company(row.data["company_name"], records)
        customer_services.customer_update(customer=customer, actor=self.actor, **data)
        return ImportRecord(
            job=self.job,
            action=RecordAction.UPDATED,
            model="customer",
            object_id=customer.pk,
            previous=previous,
        )


# How each way of matching reads the register: the value compared and the index that serves it
# (customers/models.py). E-mails are compared in lower case (matching ignores case).
MATCH_LOOKUPS = {
    MatchBy.EXTERNAL_ID: (F("external_id"), "external_id", ["organization", "external_id"]),
    MatchBy.EMAIL: (Lower("email"), "LOWER(email)", "customer_org_email_lower"),
    MatchBy.PHONE: (F("phone"), "phone", ["organization", "phone"]),
}


def _customers_by(organization: Organization, match_kind: str, keys: set[str]) -> list[tuple[str, int]]:
    """(key, id) of the organisation's customers that `keys` name, newest first.

    PostgreSQL's planner reads each through its index on (organisation, value). SQLite's has no
    statistics (nobody runs ANALYZE) and prefers the plain organisation index, reading every customer of
    the organisation for each batch: a second per batch at 200,000 customers, hours for a million-row
    file. So on SQLite the query is written by hand and names its index (INDEXED BY).
    """
    expression, sql_expression, index = MATCH_LOOKUPS[match_kind]
    if connection.vendor != "sqlite":
        customers = Customer.objects.filter(organization=organization).annotate(key=expression)
        return list(customers.filter(key__in=keys).order_by("-id").values_list("key", "id"))
    if isinstance(index, list):
        index = next(each.name for each in Customer._meta.indexes if each.fields == index)
    placeholders = ", ".join(["%s"] * len(keys))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {sql_expression}, id FROM customers_customer INDEXED BY {index}"  # noqa: S608
            f" WHERE organization_id = %s AND {sql_expression} IN ({placeholders}) ORDER BY id DESC",
            [organization.pk, *keys],
        )
        return cursor.fetchall()


def _same_as_earlier(match_kind: str, row_number: int) -> str:
    messages = {
        MatchBy.EXTERNAL_ID: _("The same external id as row %(row)s of this file."),
        MatchBy.EMAIL: _("The same e-mail as row %(row)s of this file."),
        MatchBy.PHONE: _("The same phone number as row %(row)s of this file."),
    }
    return messages[match_kind] % {"row": row_number}


def _no_such_customer(match_kind: str) -> str:
    return {
        MatchBy.EXTERNAL_ID: _("No customer in the register has this external id."),
        MatchBy.EMAIL: _("No customer in the register has this e-mail."),
        MatchBy.PHONE: _("No customer in the register has this phone number."),
    }[match_kind]


def customer_previous_values(customer: Customer) -> dict[str, Any]:
    """A customer's values as `customer_update` takes them, JSON-friendly, for putting them back."""
    values: dict[str, Any] = {}
    for name in RESTORABLE:
        value = getattr(customer, name)
        values[name] = value.isoformat() if isinstance(value, datetime.datetime) else value
    values["company_id"] = customer.company_id
    values["tags"] = sorted(tag.name for tag in customer.tags.all())
    return values


def _restore(*, organization: Organization, actor: User | None, customer: Customer, previous: dict) -> None:
    data = dict(previous)
    company_id = data.pop("company_id", None)
    data["company"] = (
        Customer.objects.filter(organization=organization, pk=company_id).first() if company_id else None
    )
    for kind in ("survey", "marketing"):
        at = data.get(f"{kind}_consent_at")
        data[f"{kind}_consent_at"] = datetime.datetime.fromisoformat(at) if at else None
        if not data[f"{kind}_consent"]:
            data.pop(f"{kind}_consent_at")
            data.pop(f"{kind}_consent_source")
    customer_services.customer_update(customer=customer, actor=actor, **data)


# --- the steps ----------------------------------------------------------------------------------------


def _table(job: ImportJob, *, limit: int | None = None):
    return read_table(bytes(job.content), job.file_name, limit=limit)


def import_upload(
    *,
    organization: Organization,
    actor: User | None,
    membership: Membership | None = None,
    kind: str,
    file_name: str,
    content: bytes,
) -> ImportJob:
    """Keep the file and guess its mapping. Raises ValidationError({"file": …}) for a file we cannot read."""
    _require(membership)
    if kind not in ImportKind.values:
        raise ValidationError({"kind": _("Choose what the file holds.")})
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError({"file": _("The file is larger than 200 MB; split it into parts.")})
    try:
        table = read_table(content, file_name)
    except FileUnreadable as error:
        raise ValidationError({"file": str(error)})
    if not table.rows:
        raise ValidationError({"file": _("The file has a header row but no data rows.")})
    remembered = ImportMapping.objects.filter(
        organization=organization, kind=kind, header_key=mapping.header_key(table.headers)
    ).first()
    guessed = (
        mapping.mapping_from_remembered(table.headers, remembered.fields)
        if remembered
        else mapping.guess(kind, table.headers)
    )
    match_by = [MatchBy.EXTERNAL_ID, MatchBy.EMAIL, MatchBy.PHONE] if kind == ImportKind.CUSTOMERS else []
    return ImportJob.objects.create(
        organization=organization,
        created_by=actor,
        kind=kind,
        file_name=file_name[:255],
        content=content,
        headers=table.headers,
        mapping=guessed,
        match_by=match_by,
        total_rows=len(table.rows),
    )


def import_preview(*, job: ImportJob, rows: int = PREVIEW_ROWS) -> tuple[list[Row], str]:
    """The first rows as they will be stored, with their problems; nothing is written."""
    table = _table(job, limit=rows)
    with transaction.atomic():
        checked = Importer(job).check(table.rows[:rows])
        transaction.set_rollback(True)  # the check writes nothing, and this makes sure of it
    return checked, table.encoding


def import_mapping_save(
    *,
    job: ImportJob,
    actor: User | None,
    membership: Membership | None = None,
    columns: dict[str, str],
    match_by: list[str],
    on_match: str,
    all_or_nothing: bool,
    check: bool = True,
) -> ImportJob:
    """Store the mapping and options, remember the mapping for the next file, and start the dry run."""
    _require(membership)
    if job.status not in (ImportStatus.MAPPING, ImportStatus.VALIDATED):
        raise ValidationError(_("This import can no longer be changed."))
    known = mapping.field_names(job.kind)
    chosen = {column: name for column, name in columns.items() if name}
    errors = {}
    if set(chosen.values()) - known:
        errors["mapping"] = _("Choose a field from the list for every column.")
    duplicated = sorted({name for name in chosen.values() if list(chosen.values()).count(name) > 1})
    if duplicated:
        labels = {f.name: str(f.label) for f in mapping.fields_for(job.kind)}
        errors["mapping"] = _("Each field can come from one column only: %(fields)s.") % {
            "fields": ", ".join(labels.get(name, name) for name in duplicated)
        }
    if job.kind == ImportKind.CUSTOMERS and not ({"name", "first_name", "last_name"} & set(chosen.values())):
        errors["mapping"] = _("Say which column holds the name.")
    if errors:
        raise ValidationError(errors)
    job.mapping = chosen
    job.match_by = [value for value in MatchBy.values if value in match_by]
    job.on_match = on_match if on_match in OnMatch.values else OnMatch.UPDATE
    job.all_or_nothing = all_or_nothing
    job.save(update_fields=["mapping", "match_by", "on_match", "all_or_nothing"])
    ImportMapping.objects.update_or_create(
        organization=job.organization,
        kind=job.kind,
        header_key=mapping.header_key(job.headers),
        defaults={"fields": mapping.mapping_by_header(job.headers, chosen)},
    )
    if check:
        _start(job, ImportStatus.VALIDATING, "import_check")
    return job


def _start(job: ImportJob, status: str, task_name: str, *args) -> None:
    from . import tasks

    job.status = status
    job.processed_rows = 0
    job.save(update_fields=["status", "processed_rows"])
    task = getattr(tasks, task_name)
    transaction.on_commit(lambda: task.enqueue(job.pk, *args))


def _batches(rows, size=BATCH_ROWS):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _rejections(job: ImportJob, rows: list[Row], *, dry_run: bool) -> list[ImportRejection]:
    return [
        ImportRejection(
            job=job, dry_run=dry_run, row_number=row.number, values=row.cells, problems=dict(row.problems)
        )
        for row in rows
        if row.action == REJECT
    ]


def _count(job: ImportJob, rows: list[Row]) -> None:
    job.processed_rows += len(rows)
    job.created_count += sum(row.action == CREATE for row in rows)
    job.updated_count += sum(row.action == UPDATE for row in rows)
    job.skipped_count += sum(row.action == SKIP for row in rows)
    job.rejected_count += sum(row.action == REJECT for row in rows)


COUNTERS = ["processed_rows", "created_count", "updated_count", "skipped_count", "rejected_count"]


def _reset(job: ImportJob) -> None:
    for name in COUNTERS:
        setattr(job, name, 0)


def import_check(*, job: ImportJob) -> ImportJob:
    """The dry run: every row checked as the import will check it. Writes only the problems found."""
    job.rejections.filter(dry_run=True).delete()
    _reset(job)
    table = _table(job)
    job.total_rows = len(table.rows)
    importer = Importer(job)
    for batch in _batches(table.rows):
        with transaction.atomic():
            rows = importer.check(batch)
            ImportRejection.objects.bulk_create(_rejections(job, rows, dry_run=True))
            _count(job, rows)
            job.save(update_fields=[*COUNTERS, "total_rows"])
    job.valid_rows = job.total_rows - job.rejected_count
    job.status = ImportStatus.VALIDATED
    job.save(update_fields=["valid_rows", "status"])
    return job


def import_start(*, job: ImportJob, actor: User | None, membership: Membership | None = None) -> ImportJob:
    """Confirm the dry run and run the import in the background."""
    _require(membership)
    if job.status != ImportStatus.VALIDATED:
        raise ValidationError(_("Check the file before importing it."))
    if job.all_or_nothing and job.rejected_count:
        raise ValidationError(
            _("Some rows are bad and you chose to import nothing then. Fix the file and upload it again.")
        )
    if job.valid_rows == 0:
        raise ValidationError(_("There is nothing to import: every row has a problem."))
    _start(job, ImportStatus.RUNNING, "import_run", actor.pk if actor else None)
    return job


class _AllOrNothingFailed(Exception):
    pass


def import_run(*, job: ImportJob, actor: User | None) -> ImportJob:
    """The import itself (a background task). Each batch is one transaction; all-or-nothing is one."""
    job.rejections.filter(dry_run=False).delete()
    _reset(job)
    job.failure = ""
    table = _table(job)
    job.total_rows = len(table.rows)
    importer = Importer(job, actor=actor)
    rejected: list[ImportRejection] = []

    def one_batch(batch):
        rows = importer.check(batch)
        records = importer.write(rows)
        bulk_insert(records)
        _count(job, rows)
        return _rejections(job, rows, dry_run=False)

    try:
        if job.all_or_nothing:
            with transaction.atomic():
                for batch in _batches(table.rows):
                    rejected.extend(one_batch(batch))
                    if rejected:
                        raise _AllOrNothingFailed
                job.status = ImportStatus.DONE
                job.finished_at = timezone.now()
                job.save()
        else:
            for batch in _batches(table.rows):
                with transaction.atomic():
                    found = one_batch(batch)
                    ImportRejection.objects.bulk_create(found)
                    job.save(update_fields=[*COUNTERS, "total_rows", "failure"])
            job.status = ImportStatus.DONE
            job.finished_at = timezone.now()
            job.save()
    except _AllOrNothingFailed:
        job.refresh_from_db()
        _reset(job)
        job.rejected_count = len(rejected)
        ImportRejection.objects.bulk_create(rejected)
        _fail(job, _("A row was bad, so nothing was imported."))
    except Exception as error:
        logger.exception("import %s failed", job.pk)
        _fail(job, _("The import stopped: %(reason)s") % {"reason": error.__class__.__name__})
    return job


def _fail(job: ImportJob, reason: str) -> None:
    # The batches written before the failure stay (each was whole); the import can be undone.
    counters = {name: getattr(job, name) for name in COUNTERS}
    job.refresh_from_db()
    for name, value in counters.items():
        setattr(job, name, value)
    job.status = ImportStatus.FAILED
    job.failure = reason
    job.finished_at = timezone.now()
    job.save()


def import_cancel(*, job: ImportJob, actor: User | None, membership: Membership | None = None) -> ImportJob:
    """Import nothing: the checked file is left as it is, with its problems, for reading."""
    _require(membership)
    if job.status not in (ImportStatus.MAPPING, ImportStatus.VALIDATED):
        raise ValidationError(_("Only an import that has not started can be cancelled."))
    job.status = ImportStatus.CANCELLED
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "finished_at"])
    return job


def import_undo_start(
    *, job: ImportJob, actor: User | None, membership: Membership | None = None
) -> ImportJob:
    _require(membership)
    if job.status not in (ImportStatus.DONE, ImportStatus.FAILED) or not job.records.exists():
        raise ValidationError(_("Only a finished import can be undone."))
    _start(job, ImportStatus.UNDOING, "import_undo", actor.pk if actor else None)
    return job


def import_undo(*, job: ImportJob, actor: User | None) -> ImportJob:
    """Take the import back as a whole, in one transaction: put updated customers' values back, then
    remove what it created (their history goes with them)."""
    organization = job.organization
    with transaction.atomic():
        for record in job.records.filter(action=RecordAction.UPDATED).order_by("-id"):
            customer = Customer.objects.filter(organization=organization, pk=record.object_id).first()
            if customer is not None:
                _restore(organization=organization, actor=actor, customer=customer, previous=record.previous)
        created = job.records.filter(action=RecordAction.CREATED)
        for model in (Purchase, Encounter, Customer):
            ids = list(created.filter(model=model._meta.model_name).values_list("object_id", flat=True))
            for start in range(0, len(ids), 5000):
                model.objects.filter(organization=organization, pk__in=ids[start : start + 5000]).delete()
        job.status = ImportStatus.UNDONE
        job.undone_at = timezone.now()
        job.save(update_fields=["status", "undone_at"])
    return job
