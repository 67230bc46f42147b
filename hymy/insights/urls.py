from django.urls import path

from . import views

urlpatterns = [
    path("", views.overview, name="insights_overview"),
    path("wallboard/", views.wallboard, name="insights_wallboard"),
    path("targets/", views.target_list, name="insights_targets"),
    path("priorities/", views.priorities, name="insights_priorities"),
]
