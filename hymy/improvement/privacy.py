"""The personal data of the improvement app (see hymy/privacy/registry.py).

Actions and learning entries are the team's own words; a learning entry made from a comment links to
the answer instead of copying it, so erasing the customer's response removes the quote.
"""

from hymy.privacy.registry import not_personal

from .models import DigestDelivery, ImprovementAction, LearningEntry

not_personal(ImprovementAction, fields=["description"], reason="The team's own plan for an improvement.")
not_personal(
    LearningEntry,
    fields=["description", "prevention"],
    reason="The team's own account and prevention; the customer's comment is linked, not copied.",
)
not_personal(DigestDelivery, fields=["error"], reason="A mail server's error message about a staff digest.")
