from django.urls import path

from . import loyalty_views, views

urlpatterns = [
    path("", views.overview, name="insights_overview"),
    path("wallboard/", views.wallboard, name="insights_wallboard"),
    path("targets/", views.target_list, name="insights_targets"),
    path("loyalty/", loyalty_views.loyalty_overview, name="insights_loyalty"),
    path("priorities/", views.priorities, name="insights_priorities"),
]
