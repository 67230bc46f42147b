"""The loyalty page (R4.3): repeat purchases, churn, retention by cohort and the NPS of stayers and leavers."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from hymy.core.forms import form_add_service_errors
from hymy.tenancy.decorators import requires
from hymy.tenancy.permissions import CHANGE_LOYALTY_RULE, VIEW_SURVEYS

from . import exports, loyalty, services
from .forms import ChurnRuleForm
from .selectors import Period
from .views import segment, segment_filter_context

PERIODS = [90, 180, 365, 730]
DEFAULT_DAYS = 365


def _period(request) -> tuple[int, Period]:
    try:
        days = int(request.GET.get("days", DEFAULT_DAYS))
    except ValueError:
        days = DEFAULT_DAYS
    days = days if days in PERIODS else DEFAULT_DAYS
    return days, Period.last_days(days)


def _query(days: int, cut: dict) -> str:
    """The page's own address after saving: its period and segment kept."""
    query = {"days": days, "tag": cut["tag"], "attribute": ":".join(cut["attribute"] or ())}
    return urlencode({key: value for key, value in query.items() if value})


@requires(VIEW_SURVEYS)
def loyalty_overview(request, org_slug):
    """Loyalty figures for a period, each with n, its interval and the change; partner users get 403."""
    organization, membership = request.organization, request.membership
    days, period = _period(request)
    if membership.is_partner:
        raise PermissionDenied  # a share of the whole customer base says something about the rest
    cut = segment(request, organization)  # ?tag= and ?attribute=key:value, as on the figures page
    scope = {"organization": organization, "membership": membership, **cut}
    churn_after_days = loyalty.churn_after_days(organization)
    form = ChurnRuleForm(request.POST or None, initial={"churn_after_days": churn_after_days})
    if request.method == "POST":
        if not membership.can(CHANGE_LOYALTY_RULE):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.loyalty_settings_set(
                    organization=organization, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("The churn rule is saved; the figures below follow it."))
                return redirect(f"{request.path}?{_query(days, cut)}")
    if request.GET.get("export"):  # ?export=csv|xlsx: the cohort table, as a file
        return exports.cohorts_export(
            file_format=request.GET["export"],
            organization=organization,
            cohorts=loyalty.cohort_retention(**scope, today=period.end),
            horizons=loyalty.HORIZON_MONTHS,
        )
    context = {
        "days": days,
        "periods": PERIODS,
        "period": period,
        "churn_after_days": churn_after_days,
        "churn_form": form if membership.can(CHANGE_LOYALTY_RULE) else None,
        "repeat": loyalty.repeat_purchase_rate(**scope, period=period),
        "churn": loyalty.churn_rate(**scope, period=period),
        "stayers_and_leavers": loyalty.nps_of_stayers_and_leavers(**scope, as_of=period.end),
        "cohorts": loyalty.cohort_retention(**scope, today=period.end),
        "horizons": loyalty.HORIZON_MONTHS,
        "cut": cut,
        "has_cut": any(cut.values()),
        **segment_filter_context(organization, cut),
    }
    return render(request, "insights/loyalty.html", context)
