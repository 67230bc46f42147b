from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A member's role in one organisation. Permissions per role live in `permissions.py`."""

    OWNER = "owner", _("Owner")
    ADMIN = "admin", _("Administrator")
    ANALYST = "analyst", _("Analyst")
    AGENT = "agent", _("Customer service agent")
    PARTNER = "partner", _("Partner")
    VIEWER = "viewer", _("Viewer")

    @classmethod
    def help_texts(cls):
        return {
            cls.OWNER: _("Everything, including members, roles and the organisation itself."),
            cls.ADMIN: _("Everything except handing out the owner role."),
            cls.ANALYST: _("Reads everything; works on metrics, targets and actions."),
            cls.AGENT: _("Serves customers: customers, encounters, purchases, notes and cases."),
            cls.PARTNER: _("An outside service company: only the touchpoints and customers assigned to it."),
            cls.VIEWER: _("Reads, changes nothing."),
        }


class Language(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")


class ApiResource(models.TextChoices):
    """What an API key may reach; each is granted for reading and/or writing. A new app's API adds
    its resource here (one line) and checks it in its `api.py`."""

    CUSTOMERS = "customers", _("Customers")
    ENCOUNTERS = "encounters", _("Encounters and purchases")
    SURVEYS = "surveys", _("Surveys, invitations and responses")
    METRICS = "metrics", _("Figures")
    CASES = "cases", _("Cases")
