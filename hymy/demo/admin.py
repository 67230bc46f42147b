from django.contrib import admin

from .models import DemoTruth


@admin.register(DemoTruth)
class DemoTruthAdmin(admin.ModelAdmin):
    """Read-only: the truth is written once by the simulator and never edited by hand."""

    list_display = ["organization", "seed", "scale", "created_at"]
    readonly_fields = ["organization", "seed", "scale", "created_at", "truth"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
