from django.urls import path

from . import views

urlpatterns = [
    path("", views.customer_list, name="customer_list"),
    path("new/", views.customer_create, name="customer_create"),
    path("<int:pk>/", views.customer_detail, name="customer_detail"),
    path("<int:pk>/edit/", views.customer_edit, name="customer_edit"),
    path("<int:pk>/encounters/", views.encounter_create, name="encounter_create"),
    path("<int:pk>/purchases/", views.purchase_create, name="purchase_create"),
    path("<int:pk>/notes/", views.note_create, name="note_create"),
]
