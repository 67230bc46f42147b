from django.urls import path

from . import device_views, feedback_views, public_views

urlpatterns = [
    path("r/<str:token>/", public_views.invitation_open, name="invitation_open"),
    path("p/<str:token>/", public_views.public_survey, name="public_survey"),
    path("feedback/<str:token>/", feedback_views.feedback_page, name="feedback_page"),
    path("a/<str:token>/q/<int:position>/", public_views.response_question, name="response_question"),
    path("a/<str:token>/q/<int:position>/why/", public_views.response_followup, name="response_followup"),
    path("a/<str:token>/done/", public_views.response_done, name="response_done"),
    path("k/<str:token>/", device_views.kiosk_page, name="kiosk_page"),
    path("k/<str:token>/answers/", device_views.kiosk_answer, name="kiosk_answer"),
    path("k/<str:token>/sw.js", device_views.kiosk_service_worker, name="kiosk_service_worker"),
    path("w/<str:token>.js", device_views.widget_script, name="widget_script"),
    path("w/<str:token>/answers/", device_views.widget_answer, name="widget_answer"),
]
