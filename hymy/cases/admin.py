from django.contrib import admin

from .models import (
    Case,
    CaseAttachment,
    CaseEvent,
    CasePromise,
    CaseSettings,
    InboundMailbox,
    ReplyTemplate,
    RoutingRule,
    SlaBreach,
    SlaPolicy,
    Team,
)


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["number", "organization", "title", "kind", "status", "priority", "created_at"]
    list_filter = ["organization", "kind", "status", "priority"]
    search_fields = ["title", "description"]
    raw_id_fields = [
        "customer",
        "touchpoint",
        "assignee",
        "team",
        "source_response",
        "merged_into",
        "recovery_invitation",
        "created_by",
    ]


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "organization",
        "kind",
        "priority",
        "first_response_minutes",
        "resolution_minutes",
    ]
    list_filter = ["organization"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["position", "name", "organization", "assign_team", "assign_user", "is_active"]
    list_filter = ["organization"]


@admin.register(InboundMailbox)
class InboundMailboxAdmin(admin.ModelAdmin):
    list_display = ["address", "organization", "host", "is_active", "last_polled_at"]
    # The password is set (encrypted) on the case settings page, never shown or edited here.
    exclude = ["password_encrypted"]


admin.site.register([Team, CaseSettings, ReplyTemplate, CaseEvent, CaseAttachment, CasePromise, SlaBreach])
