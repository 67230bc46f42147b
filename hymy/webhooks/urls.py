from django.urls import path

from . import views

urlpatterns = [
    path("", views.subscription_list, name="webhook_list"),
    path("new/", views.subscription_create, name="webhook_create"),
    path("<int:pk>/", views.subscription_detail, name="webhook_detail"),
    path("<int:pk>/edit/", views.subscription_edit, name="webhook_edit"),
    path("<int:pk>/status/", views.subscription_status, name="webhook_status"),
    path("<int:pk>/delete/", views.subscription_delete, name="webhook_delete"),
    path("<int:pk>/secret/", views.subscription_secret, name="webhook_secret"),
    path("<int:pk>/test/", views.subscription_test, name="webhook_test"),
    path("deliveries/<int:pk>/", views.delivery_detail, name="webhook_delivery"),
    path("deliveries/<int:pk>/redeliver/", views.delivery_redeliver, name="webhook_redeliver"),
]
