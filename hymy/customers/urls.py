from django.urls import path

from . import quality_views, views

urlpatterns = [
    path("", views.customer_list, name="customer_list"),
    path("new/", views.customer_create, name="customer_create"),
    path("<int:pk>/", views.customer_detail, name="customer_detail"),
    path("<int:pk>/edit/", views.customer_edit, name="customer_edit"),
    path("<int:pk>/encounters/", views.encounter_create, name="encounter_create"),
    path("<int:pk>/purchases/", views.purchase_create, name="purchase_create"),
    path("<int:pk>/notes/", views.note_create, name="note_create"),
    path("duplicates/", quality_views.duplicate_list, name="duplicate_list"),
    path("quality/", quality_views.customer_quality, name="customer_quality"),
    path("<int:pk>/merge/", quality_views.customer_merge, name="customer_merge"),
    path("<int:pk>/not-duplicate/", quality_views.customer_not_duplicate, name="customer_not_duplicate"),
    path("<int:pk>/unmerge/", quality_views.customer_unmerge, name="customer_unmerge"),
]
