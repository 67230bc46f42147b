from django.contrib import admin

from .models import DigestSubscription, ImprovementAction, LearningEntry


@admin.register(ImprovementAction)
class ImprovementActionAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "status", "owner", "due_on", "metric"]
    list_filter = ["status", "metric"]
    raw_id_fields = ["organization", "owner", "touchpoint", "stage", "created_by"]


@admin.register(LearningEntry)
class LearningEntryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "kind", "happened_on", "owner"]
    list_filter = ["kind"]
    raw_id_fields = ["organization", "owner", "touchpoint", "source_answer", "created_by"]


@admin.register(DigestSubscription)
class DigestSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["membership", "created_at"]
    raw_id_fields = ["membership"]
