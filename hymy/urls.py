from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from hymy.api.api import api
from hymy.core import views as core_views
from hymy.customers import public_views as customer_public_views
from hymy.tenancy import views as tenancy_views

organization_patterns = [
    path("", include("hymy.tenancy.urls")),
    path("customers/", include("hymy.customers.urls")),
    path("journey/", include("hymy.journeys.urls")),
    path("surveys/", include("hymy.surveys.urls")),
    path("insights/", include("hymy.insights.urls")),
    path("webhooks/", include("hymy.webhooks.urls")),
    path("imports/", include("hymy.imports.urls")),
    path("improvement/", include("hymy.improvement.urls")),
    path("cases/", include("hymy.cases.urls")),
    path("privacy/", include("hymy.privacy.urls")),
]

urlpatterns = [
    path("", tenancy_views.home, name="home"),
    path("login/", tenancy_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", tenancy_views.language_set, name="language_set"),
    path("invitations/<str:token>/", tenancy_views.invitation_accept, name="invitation_accept"),
    path("health/", core_views.health, name="health"),
    path("admin/", admin.site.urls),
    path("o/<slug:org_slug>/", include(organization_patterns)),
    path("api/v1/", api.urls),
    # Respondents' pages: reached by unguessable tokens, no sign-in.
    path("", include("hymy.surveys.public_urls")),
    # A customer's own link for correcting their details.
    path("details/<str:token>/", customer_public_views.details_update, name="details_update"),
]
