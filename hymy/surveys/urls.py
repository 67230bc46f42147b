from django.urls import path

from . import poster_views, views

urlpatterns = [
    path("", views.survey_list, name="survey_list"),
    path("new/", views.survey_create, name="survey_create"),
    path("from-template/", views.survey_create_from_template, name="survey_create_from_template"),
    path("contact-rules/", views.contact_policy_edit, name="contact_policy_edit"),
    path("responses/", views.response_list, name="response_list"),
    path("responses/<int:pk>/", views.response_detail, name="response_detail"),
    path("channels/", views.channel_list, name="channel_list"),
    path("channels/widgets/<int:pk>/preview/", views.widget_preview, name="widget_preview"),
    path("outbox/", views.outbox_list, name="outbox_list"),
    path("outbox/<int:pk>/", views.outbox_detail, name="outbox_detail"),
    path("<int:pk>/", views.survey_detail, name="survey_detail"),
    path("<int:pk>/edit/", views.survey_edit, name="survey_edit"),
    path("<int:pk>/status/", views.survey_status, name="survey_status"),
    path("<int:pk>/poster.<str:fmt>", poster_views.survey_poster, name="survey_poster"),
    path("<int:pk>/questions/new/", views.question_create, name="question_create"),
    path("<int:pk>/questions/<int:question_pk>/edit/", views.question_edit, name="question_edit"),
    path("<int:pk>/questions/<int:question_pk>/delete/", views.question_delete, name="question_delete"),
    path("<int:pk>/questions/<int:question_pk>/move/", views.question_move, name="question_move"),
    path("customers/<int:customer_pk>/invite/", views.customer_invite, name="customer_invite"),
    path("<int:survey_pk>/customers/<int:customer_pk>/enter/", views.staff_entry, name="staff_entry"),
]
