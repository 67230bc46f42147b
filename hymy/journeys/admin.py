from django.contrib import admin

from .models import JourneyStage, Touchpoint


@admin.register(JourneyStage)
class JourneyStageAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "position"]
    list_filter = ["organization"]


@admin.register(Touchpoint)
class TouchpointAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "stage", "priority", "tier", "partner"]
    list_filter = ["organization", "tier"]
