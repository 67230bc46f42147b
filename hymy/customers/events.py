"""The customer app's timeline sources: encounters, purchases and notes."""

from hymy.core.timeline import TimelineEntry, date_as_datetime, timeline_source

from .models import Note
from .selectors import encounter_list, purchase_list


@timeline_source("encounter")
def encounter_entries(*, organization, customer, membership, before, limit):
    encounters = encounter_list(organization=organization, membership=membership).filter(customer=customer)
    if before is not None:
        encounters = encounters.filter(before.older_q("started_at", "encounter"))
    for encounter in encounters.order_by("-started_at", "-pk")[:limit]:
        yield TimelineEntry(encounter.started_at, "encounter", "customers/timeline/encounter.html", encounter)


@timeline_source("purchase")
def purchase_entries(*, organization, customer, membership, before, limit):
    purchases = purchase_list(organization=organization, membership=membership).filter(customer=customer)
    if before is not None:
        purchases = purchases.filter(before.older_day_q("purchased_on", "purchase"))
    for purchase in purchases.order_by("-purchased_on", "-pk")[:limit]:
        at = date_as_datetime(purchase.purchased_on)
        yield TimelineEntry(at, "purchase", "customers/timeline/purchase.html", purchase)


@timeline_source("note")
def note_entries(*, organization, customer, membership, before, limit):
    if membership.is_partner:
        return
    notes = Note.objects.filter(organization=organization, customer=customer).select_related("author")
    if before is not None:
        notes = notes.filter(before.older_q("created_at", "note"))
    for note in notes.order_by("-created_at", "-pk")[:limit]:
        yield TimelineEntry(note.created_at, "note", "customers/timeline/note.html", note)
