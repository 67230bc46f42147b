from django import template

register = template.Library()


@register.filter
def case_overdue(case, now) -> bool:
    return case.is_overdue(now)


@register.filter
def make_list_of_one(value) -> list:
    return [value]


@register.filter
def recovery_estimates(group) -> list:
    """A recovery group's churn, repurchase and NPS estimates, in the report's column order."""
    return [group.churn, group.repurchase, group.nps]
