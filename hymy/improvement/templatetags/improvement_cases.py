"""The improvement app's part of a case page: share the case in the learning log, see that it was
shared, start an improvement action from it. The cases app only includes `{% case_learning case %}`."""

from django import template

from hymy.tenancy.permissions import CHANGE_IMPROVEMENT, VIEW_IMPROVEMENT

from .. import selectors

register = template.Library()


@register.inclusion_tag("improvement/_case_learning.html", takes_context=True)
def case_learning(context, case):
    membership = context.get("current_membership")
    may_view = membership is not None and membership.can(VIEW_IMPROVEMENT)
    return {
        "case": case,
        "current_organization": context.get("current_organization"),
        "csrf_token": context.get("csrf_token"),
        "may_view": may_view,
        "may_change": may_view and membership.can(CHANGE_IMPROVEMENT),
        "entries": selectors.entries_for_case(organization=case.organization, case=case) if may_view else [],
    }
