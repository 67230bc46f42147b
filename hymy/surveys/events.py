"""The surveys app's timeline sources: responses, and invitations (sent, or why not)."""

from hymy.core.timeline import TimelineEntry, timeline_source

from .selectors import invitation_list, response_list


@timeline_source("response")
def response_entries(*, organization, customer, membership, before, limit):
    responses = response_list(organization=organization, membership=membership, customer_id=customer.pk)
    if before is not None:
        responses = responses.filter(before.older_q("started_at", "response"))
    for response in responses.order_by("-started_at", "-pk")[:limit]:
        yield TimelineEntry(response.started_at, "response", "surveys/timeline/response.html", response)


@timeline_source("invitation")
def invitation_entries(*, organization, customer, membership, before, limit):
    invitations = invitation_list(organization=organization, membership=membership).filter(customer=customer)
    if before is not None:
        invitations = invitations.filter(before.older_q("created_at", "invitation"))
    for invitation in invitations.order_by("-created_at", "-pk")[:limit]:
        yield TimelineEntry(
            invitation.created_at, "invitation", "surveys/timeline/invitation.html", invitation
        )
