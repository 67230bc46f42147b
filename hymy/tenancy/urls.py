from django.urls import path

from . import views

urlpatterns = [
    path("", views.organization_home, name="organization_home"),
    path("members/", views.member_list, name="member_list"),
    path("members/<int:pk>/role/", views.member_role_change, name="member_role_change"),
    path("partners/new/", views.partner_create, name="partner_create"),
    path("api-keys/", views.api_key_list, name="api_key_list"),
    path("api-keys/<int:pk>/revoke/", views.api_key_revoke, name="api_key_revoke"),
]
