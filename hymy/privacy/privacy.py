"""The privacy app's own rows: the log names customers only by id and counts rows."""

from hymy.privacy.registry import KEEP, not_personal, personal_data

from .models import PrivacyRequest, RetentionPolicy

# The log outlives the person's data on purpose (accountability); it holds no values, only counts.
personal_data(PrivacyRequest, customer_paths=["customer"], fields={"rows": KEEP, "customer": KEEP})
not_personal(RetentionPolicy, fields=[], reason="Numbers of years.")
