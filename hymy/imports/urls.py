from django.urls import path

from . import views

urlpatterns = [
    path("", views.import_list, name="import_list"),
    path("new/", views.import_create, name="import_create"),
    path("<int:pk>/", views.import_detail, name="import_detail"),
    path("<int:pk>/start/", views.import_start, name="import_start"),
    path("<int:pk>/cancel/", views.import_cancel, name="import_cancel"),
    path("<int:pk>/undo/", views.import_undo, name="import_undo"),
    path("<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("<int:pk>/rejected/", views.import_rejected, name="import_rejected"),
]
