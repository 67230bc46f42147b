from django.contrib import admin

from .models import Customer, CustomerChange, Encounter, Note, Purchase, Tag


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "kind", "email", "phone", "status"]
    list_filter = ["organization", "kind", "status"]
    search_fields = ["name", "email", "phone"]
    raw_id_fields = ["company", "owner"]


@admin.register(Encounter)
class EncounterAdmin(admin.ModelAdmin):
    list_display = ["started_at", "organization", "touchpoint", "customer", "outcome"]
    list_filter = ["organization"]
    raw_id_fields = ["customer", "staff"]


admin.site.register([Tag, CustomerChange, Purchase, Note])
