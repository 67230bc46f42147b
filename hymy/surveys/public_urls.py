from django.urls import path

from . import public_views

urlpatterns = [
    path("r/<str:token>/", public_views.invitation_open, name="invitation_open"),
    path("p/<str:token>/", public_views.public_survey, name="public_survey"),
    path("a/<str:token>/q/<int:position>/", public_views.response_question, name="response_question"),
    path("a/<str:token>/q/<int:position>/why/", public_views.response_followup, name="response_followup"),
    path("a/<str:token>/done/", public_views.response_done, name="response_done"),
]
