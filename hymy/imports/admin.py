from django.contrib import admin

from .models import ImportJob, ImportMapping


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = [
        "file_name",
        "organization",
        "kind",
        "status",
        "total_rows",
        "created_count",
        "created_at",
    ]
    list_filter = ["organization", "kind", "status"]
    exclude = ["content"]  # the uploaded file: personal data, and possibly large
    readonly_fields = ["organization", "created_by", "kind", "file_name", "headers", "mapping", "status"]


@admin.register(ImportMapping)
class ImportMappingAdmin(admin.ModelAdmin):
    list_display = ["organization", "kind", "header_key", "updated_at"]
    list_filter = ["organization", "kind"]
