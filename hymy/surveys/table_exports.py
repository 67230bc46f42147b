"""The survey list, the outbox and a survey's invitations as files (`?export=csv|xlsx` on their pages).

Each file holds what its page lists, for the same member, but every row (not only the page's latest
ones); texts are in the reader's language, times in the organisation's time zone (`hymy.core.exports`).
"""

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _

from hymy.core.exports import export_format, export_table
from hymy.tenancy.models import Organization

from .models import Invitation, OutboxMessage, Survey

CHUNK = 1000


def survey_list_export(
    *, file_format: str, organization: Organization, surveys: QuerySet[Survey]
) -> HttpResponse:
    """`surveys` from `selectors.survey_list_with_response_counts`."""
    file_format = export_format(file_format)
    return export_table(
        file_format=file_format,
        what="surveys",
        title=_("Surveys"),
        organization=organization,
        headers=[_("Name"), _("Status"), _("When in the journey"), _("Touchpoints"), _("Responses")],
        rows=(
            [
                survey.name,
                survey.get_status_display(),
                survey.get_moment_display(),
                ", ".join(touchpoint.name for touchpoint in survey.touchpoints.all()),
                survey.response_count,
            ]
            for survey in surveys
        ),
    )


def outbox_export(
    *, file_format: str, organization: Organization, messages: QuerySet[OutboxMessage]
) -> HttpResponse:
    """`messages` from `selectors.outbox_list` (empty for partner users)."""
    file_format = export_format(file_format)
    return export_table(
        file_format=file_format,
        what="outbox",
        title=_("Sent messages"),
        organization=organization,
        headers=[_("When"), _("Channel"), _("To"), _("Subject"), _("Text"), _("Status"), _("Error")],
        rows=(
            [
                message.created_at,
                message.get_channel_display(),
                message.recipient,
                message.subject,
                message.body_text,
                message.get_status_display(),
                message.error,
            ]
            for message in messages.order_by("-created_at", "-id").iterator(chunk_size=CHUNK)
        ),
    )


def invitation_export(
    *, file_format: str, organization: Organization, survey: Survey, invitations: QuerySet[Invitation]
) -> HttpResponse:
    """A survey's invitations: `invitations` from `selectors.invitation_list`, already this survey's."""
    file_format = export_format(file_format)
    return export_table(
        file_format=file_format,
        what="invitations",
        title=_("Invitations"),
        organization=organization,
        headers=[
            _("Survey"),
            _("Customer"),
            _("Touchpoint"),
            _("Channel"),
            _("Language"),
            _("Status"),
            _("Why not sent"),
            _("To be sent"),
            _("Sent"),
            _("Opened"),
            _("Answered"),
            _("Reminder sent"),
        ],  # fmt: skip
        rows=(
            [
                survey.name,
                invitation.customer.name,
                invitation.touchpoint.name if invitation.touchpoint_id else "",
                invitation.get_channel_display(),
                invitation.language,
                invitation.get_status_display(),
                invitation.get_skip_reason_display() if invitation.skip_reason else "",
                invitation.scheduled_for,
                invitation.sent_at,
                invitation.opened_at,
                invitation.answered_at,
                invitation.reminder_sent_at,
            ]
            for invitation in invitations.order_by("-scheduled_for", "-id").iterator(chunk_size=CHUNK)
        ),
    )
