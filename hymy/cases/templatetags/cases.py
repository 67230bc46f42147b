from django import template

register = template.Library()


@register.filter
def case_overdue(case, now) -> bool:
    return case.is_overdue(now)
