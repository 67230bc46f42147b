from django.urls import path

from . import views

urlpatterns = [
    path("", views.privacy_home, name="privacy_home"),
    path("customers/<int:pk>/", views.privacy_customer, name="privacy_customer"),
    path("customers/<int:pk>/erase/", views.privacy_customer_erase, name="privacy_customer_erase"),
]
