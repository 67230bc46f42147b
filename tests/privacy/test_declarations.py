"""The personal-data declarations cover every model of every Hymy app.

A field that looks personal — by its name (name, e-mail, phone, address, comment, text, body,
message, note, summary, description, ip, user agent, attributes …) or because it holds free text
(any TextField or JSONField) — must be declared in its app's `privacy.py`, either with how to
anonymise it or as reviewed and not personal; and every link to a customer must be declared, so that
the customer's data request and erasure reach the rows. A model added by another branch fails here
until it is declared.
"""

import re

import pytest
from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps

from hymy.customers.models import Customer
from hymy.privacy import registry

PERSONAL_NAME = re.compile(
    r"name|e_?mail|phone|address|street|city|postal|zip|comment|text|body|message|note|summary|"
    r"description|wish|recipient|subject|agent|attributes|birth|ssn|social|identity|person|contact|"
    r"(^|_)ip($|_)",
)


def _hymy_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("hymy.") and not model._meta.proxy and model._meta.managed
    ]


def _looks_personal(field: models.Field) -> bool:
    if not field.concrete and not field.many_to_many:
        return False
    if field.is_relation:
        return field.related_model is Customer
    if isinstance(field, models.TextField | models.JSONField):
        return True
    return isinstance(field, models.CharField) and bool(PERSONAL_NAME.search(field.name))


def _declared(declaration: registry.Declaration | None, field: models.Field) -> bool:
    if declaration is None:
        return False
    if field.name in declaration.fields or field.name in declaration.not_personal:
        return True
    return any(path.split("__")[0] == field.name for path in declaration.customer_paths)


MODELS = _hymy_models()


@pytest.mark.parametrize("model", MODELS, ids=[model._meta.label for model in MODELS])
def test_every_field_that_looks_personal_is_declared(model):
    declaration = registry.declaration_for(model)
    fields = [*model._meta.concrete_fields, *model._meta.many_to_many]
    undeclared = [
        field.name for field in fields if _looks_personal(field) and not _declared(declaration, field)
    ]

    assert undeclared == [], (
        f"{model._meta.label}: declare {undeclared} in {model._meta.app_label}'s privacy.py "
        "(personal_data(...) with ERASE / REPLACE / KEEP, or not_personal(...) with a reason)"
    )


def test_every_link_to_a_customer_is_reached_by_a_customer_declaration():
    """Every model that points at customers — in any installed app — is found by the data request."""
    for relation in Customer._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete:
            continue
        model = relation.related_model
        if model._meta.auto_created:  # the link table of Customer.tags
            continue
        declaration = registry.declaration_for(model)
        assert declaration is not None and declaration.subject == registry.CUSTOMER, model._meta.label
        assert any(path.split("__")[0] == relation.field.name for path in declaration.customer_paths) or (
            model is Customer
        ), f"{model._meta.label}.{relation.field.name} is not one of its customer_paths"


def test_every_hymy_model_has_a_declaration_or_nothing_personal():
    for model in MODELS:
        fields = [*model._meta.concrete_fields, *model._meta.many_to_many]
        if any(_looks_personal(field) for field in fields):
            assert registry.declaration_for(model) is not None, model._meta.label


@isolate_apps("hymy.privacy")
def test_the_test_would_notice_an_undeclared_personal_field():
    """The check itself: a model's free text and its e-mail are caught when they are not declared."""

    class Feedback(models.Model):
        email = models.EmailField()
        comment = models.TextField()
        score = models.IntegerField()

        class Meta:
            app_label = "privacy"

        def __str__(self):
            return self.email

    assert [f.name for f in Feedback._meta.concrete_fields if _looks_personal(f)] == ["email", "comment"]
    assert registry.declaration_for(Feedback) is None


def test_a_declaration_refuses_unknown_fields_and_treatments():
    with pytest.raises(ValueError, match="no field"):
        registry.personal_data(Customer, customer_paths=[""], fields={"shoe_size": registry.ERASE})
    with pytest.raises(ValueError, match="unknown treatment"):
        registry.personal_data(Customer, customer_paths=[""], fields={"name": "shred"})
    with pytest.raises(ValueError, match="required"):
        from hymy.customers.models import Encounter

        registry.personal_data(Encounter, customer_paths=["customer"], fields={"touchpoint": registry.ERASE})
    with pytest.raises(ValueError, match="KEEP_LINK is for a link to a customer"):
        registry.personal_data(Encounter, customer_paths=["customer"], fields={"summary": registry.KEEP_LINK})


def test_a_link_kept_on_erasure_is_cut_by_retention():
    """Responses and cases stay on the erased customer's anonymous shell but leave a customer on retention."""
    from hymy.cases.models import Case
    from hymy.surveys.models import Response

    for model in (Response, Case):
        declaration = registry.declaration_for(model)
        assert declaration.treatments(customer_erased=True)["customer"] == registry.KEEP
        assert declaration.treatments(customer_erased=False)["customer"] == registry.ERASE
