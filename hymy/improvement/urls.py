from django.urls import path

from . import views

urlpatterns = [
    path("", views.action_list, name="action_list"),
    path("actions/new/", views.action_create, name="action_create"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("learning/", views.learning_list, name="learning_list"),
    path("learning/new/", views.learning_create, name="learning_create"),
    path("learning/<int:pk>/edit/", views.learning_edit, name="learning_edit"),
    path("learning/from-comment/<int:pk>/", views.learning_from_comment, name="learning_from_comment"),
    path("learning/from-case/<int:pk>/", views.learning_from_case, name="learning_from_case"),
    path("digest/", views.digest_settings, name="digest_settings"),
]
