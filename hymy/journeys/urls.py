from django.urls import path

from . import views

urlpatterns = [
    path("", views.journey_map, name="journey_map"),
    path("stages/new/", views.stage_create, name="stage_create"),
    path("stages/<int:pk>/edit/", views.stage_edit, name="stage_edit"),
    path("stages/<int:pk>/move/", views.stage_move, name="stage_move"),
    path("touchpoints/new/", views.touchpoint_create, name="touchpoint_create"),
    path("touchpoints/reorder/", views.touchpoint_reorder, name="touchpoint_reorder"),
    path("touchpoints/<int:pk>/", views.touchpoint_detail, name="touchpoint_detail"),
    path("touchpoints/<int:pk>/edit/", views.touchpoint_edit, name="touchpoint_edit"),
    path("touchpoints/<int:pk>/move/", views.touchpoint_move, name="touchpoint_move"),
]
