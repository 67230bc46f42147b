from django.urls import path

from . import views

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_create, name="case_create"),
    path("settings/", views.case_settings, name="case_settings"),
    path("settings/mailbox/", views.case_mailbox, name="case_mailbox"),
    path("settings/teams/new/", views.case_team_add, name="case_team_add"),
    path("settings/templates/new/", views.case_template_add, name="case_template_add"),
    path("settings/policies/new/", views.case_policy_add, name="case_policy_add"),
    path("settings/rules/new/", views.case_rule_add, name="case_rule_add"),
    path("settings/<slug:what>/<int:pk>/delete/", views.case_setting_delete, name="case_setting_delete"),
    path("figures/", views.case_figures, name="case_figures"),
    path("recovery/", views.case_recovery, name="case_recovery"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/reply/", views.case_reply, name="case_reply"),
    path("<int:pk>/note/", views.case_note, name="case_note"),
    path("<int:pk>/status/", views.case_status, name="case_status"),
    path("<int:pk>/assign/", views.case_assign, name="case_assign"),
    path("<int:pk>/priority/", views.case_priority, name="case_priority"),
    path("<int:pk>/merge/", views.case_merge, name="case_merge"),
    path("<int:pk>/attachments/", views.case_attachment_add, name="case_attachment_add"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.case_attachment, name="case_attachment"),
    path("<int:pk>/promises/", views.case_promise, name="case_promise"),
    path("<int:pk>/promises/<int:promise_pk>/kept/", views.case_promise_keep, name="case_promise_keep"),
]
