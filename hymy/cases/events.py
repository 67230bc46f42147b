"""The cases app's timeline sources: cases opened, and the replies and messages exchanged in them."""

from hymy.core.timeline import TimelineEntry, timeline_source

from .selectors import _visible_cases, customer_case_event_list


@timeline_source("case")
def case_entries(*, organization, customer, membership, before, limit):
    cases = _visible_cases(organization=organization, membership=membership).filter(customer=customer)
    if before is not None:
        cases = cases.filter(before.older_q("created_at", "case"))
    for case in cases.select_related("assignee", "team").order_by("-created_at", "-pk")[:limit]:
        yield TimelineEntry(case.created_at, "case", "cases/timeline/case.html", case)


@timeline_source("case_message")
def case_message_entries(*, organization, customer, membership, before, limit):
    events = customer_case_event_list(organization=organization, membership=membership, customer=customer)
    if before is not None:
        events = events.filter(before.older_q("created_at", "case_message"))
    for event in events.order_by("-created_at", "-pk")[:limit]:
        yield TimelineEntry(event.created_at, "case_message", "cases/timeline/case_message.html", event)
