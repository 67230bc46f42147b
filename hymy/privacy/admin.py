from django.contrib import admin

from .models import PrivacyRequest, RetentionPolicy


@admin.register(PrivacyRequest)
class PrivacyRequestAdmin(admin.ModelAdmin):
    list_display = ["organization", "kind", "customer_id", "actor", "created_at"]
    list_filter = ["kind"]


admin.site.register(RetentionPolicy)
