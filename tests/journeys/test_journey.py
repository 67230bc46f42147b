"""The customer journey: default stages, touchpoints in priority order, stages in journey order."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from hymy.journeys import services
from hymy.journeys.models import JourneyStage, Touchpoint
from hymy.tenancy import services as tenancy_services
from hymy.tenancy.models import User

ENGLISH_STAGES = [
    "First hearing of us",
    "Website",
    "Store visit and sale",
    "Payment",
    "Delivery",
    "Support and warranty",
    "After-sales",
]


def _stages(organization) -> list[tuple[int, str]]:
    return list(JourneyStage.objects.filter(organization=organization).values_list("position", "name"))


def _priorities(organization) -> list[tuple[int, str]]:
    return list(Touchpoint.objects.filter(organization=organization).values_list("priority", "name"))


@pytest.fixture
def founder(db):
    return User.objects.create_user("perustaja@example.fi", None)


def test_new_english_organisation_gets_the_seven_default_stages_in_english(founder):
    organization = tenancy_services.organization_create(
        name="Sunrise Bakery", owner=founder, default_language="en"
    )

    assert _stages(organization) == list(enumerate(ENGLISH_STAGES, start=1))
    assert JourneyStage.objects.get(organization=organization, position=4).description == (
        "A critical moment: fast, easy, confirms a good decision."
    )


def test_new_finnish_organisation_gets_seven_stages_in_its_own_language(founder):
    organization = tenancy_services.organization_create(
        name="Aamun Leipomo", owner=founder, default_language="fi"
    )

    stages = _stages(organization)
    with translation.override("fi"):
        expected = [str(translation.gettext(name)) for name in ENGLISH_STAGES]

    assert [position for position, _name in stages] == [1, 2, 3, 4, 5, 6, 7]
    assert [name for _position, name in stages] == expected


def test_default_stage_names_do_not_depend_on_the_language_of_the_moment(founder):
    with translation.override("fi"):
        organization = tenancy_services.organization_create(
            name="Sunrise", owner=founder, default_language="en"
        )

    assert [name for _position, name in _stages(organization)] == ENGLISH_STAGES


# --- Touchpoints -----------------------------------------------------------------------------


@pytest.fixture
def three(organization, stages):
    """Three touchpoints, created in this order, so priorities 1, 2, 3."""
    return [
        services.touchpoint_create(organization=organization, stage=stages[index], name=name)
        for index, name in ((2, "Kassa"), (1, "Verkkosivut"), (3, "Maksupääte"))
    ]


def test_new_touchpoint_goes_last_in_priority(organization, three, stages):
    added = services.touchpoint_create(organization=organization, stage=stages[0], name="Mainos")

    assert added.priority == 4
    assert _priorities(organization) == [(1, "Kassa"), (2, "Verkkosivut"), (3, "Maksupääte"), (4, "Mainos")]


def test_touchpoint_created_from_the_form_goes_last(owner_client, organization, three, stages):
    response = owner_client.post(
        "/o/aurinko/journey/touchpoints/new/",
        {"name": "Kotiinkuljetus", "stage": stages[4].pk, "channel": "delivery", "tier": "extended",
         "expectations": "Ajallaan, ehjänä"},
    )  # fmt: skip

    assert response.status_code == 302
    added = Touchpoint.objects.get(name="Kotiinkuljetus")
    assert (added.priority, added.stage, added.channel, added.tier, added.partner, added.expectations) == (
        4,
        stages[4],
        "delivery",
        "extended",
        None,
        "Ajallaan, ehjänä",
    )


def test_first_touchpoint_of_an_organisation_is_priority_one(organization, stages, other):
    first = services.touchpoint_create(organization=organization, stage=stages[0], name="Ensimmäinen")

    assert first.priority == 1


@pytest.mark.parametrize(
    ("name", "direction", "expected"),
    [
        ("Maksupääte", "up", ["Kassa", "Maksupääte", "Verkkosivut"]),
        ("Kassa", "down", ["Verkkosivut", "Kassa", "Maksupääte"]),
        ("Kassa", "up", ["Kassa", "Verkkosivut", "Maksupääte"]),
        ("Maksupääte", "down", ["Kassa", "Verkkosivut", "Maksupääte"]),
    ],
)
def test_move_up_and_down_keeps_priorities_one_to_n(
    owner_client, organization, three, name, direction, expected
):
    touchpoint = Touchpoint.objects.get(name=name)

    response = owner_client.post(
        f"/o/aurinko/journey/touchpoints/{touchpoint.pk}/move/", {"direction": direction}
    )

    assert response.status_code == 302
    assert response["Location"] == "/o/aurinko/journey/"
    assert _priorities(organization) == list(enumerate(expected, start=1))


def test_move_returns_to_the_page_it_came_from_but_only_on_this_site(owner_client, three):
    url = f"/o/aurinko/journey/touchpoints/{three[0].pk}/move/"

    back = owner_client.post(
        url, {"direction": "down", "next": f"/o/aurinko/journey/touchpoints/{three[0].pk}/"}
    )
    away = owner_client.post(url, {"direction": "up", "next": "https://evil.example/"})

    assert back["Location"] == f"/o/aurinko/journey/touchpoints/{three[0].pk}/"
    assert away["Location"] == "/o/aurinko/journey/"


def test_reorder_sets_priorities_in_the_given_order(owner_client, organization, three):
    kassa, verkko, maksu = three

    response = owner_client.post(
        "/o/aurinko/journey/touchpoints/reorder/", {"touchpoint": [maksu.pk, kassa.pk, verkko.pk]}
    )

    assert response.status_code == 302
    assert _priorities(organization) == [(1, "Maksupääte"), (2, "Kassa"), (3, "Verkkosivut")]


def test_reorder_of_some_keeps_the_rest_after_in_their_order(organization, three):
    kassa, verkko, maksu = three

    services.touchpoint_reorder(organization=organization, ordered_ids=[maksu.pk])

    assert _priorities(organization) == [(1, "Maksupääte"), (2, "Kassa"), (3, "Verkkosivut")]


def test_reorder_with_garbage_changes_nothing(owner_client, organization, three, state_of):
    before = state_of(organization)

    response = owner_client.post(
        "/o/aurinko/journey/touchpoints/reorder/", {"touchpoint": [three[0].pk, "kolmas"]}, follow=True
    )

    assert "The new order could not be saved. Reload the page and try again." in response.content.decode()
    assert state_of(organization) == before


def test_touchpoint_operated_by_another_organisations_partner_is_rejected(organization, stages, other):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.touchpoint_create(
            organization=organization, stage=stages[0], name="Vieras", partner=other.partner
        )

    assert error.value.message_dict == {"partner": ["Choose a partner of this organisation."]}
    assert Touchpoint.objects.filter(organization=organization).count() == 0


def test_touchpoint_form_offers_only_own_partners(
    owner_client, organization, stages, partner, other, state_of
):
    before = state_of(organization)

    response = owner_client.post(
        "/o/aurinko/journey/touchpoints/new/",
        {
            "name": "Vieras",
            "stage": stages[0].pk,
            "channel": "web",
            "tier": "core",
            "partner": other.partner.pk,
        },
    )

    assert response.status_code == 200
    assert list(response.context["form"].fields["partner"].queryset) == [partner]
    assert response.context["form"].errors["partner"]
    assert state_of(organization) == before


def test_editing_a_touchpoint_to_another_organisations_partner_is_rejected(organization, counter, other):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.touchpoint_update(
            touchpoint=counter, stage=counter.stage, name="Kassa", channel="in_person", tier="core",
            partner=other.partner, expectations="",
        )  # fmt: skip

    counter.refresh_from_db()
    assert error.value.message_dict == {"partner": ["Choose a partner of this organisation."]}
    assert counter.partner is None


def test_touchpoint_edit_saves_every_field(owner_client, organization, counter, partner, stages):
    response = owner_client.post(
        f"/o/aurinko/journey/touchpoints/{counter.pk}/edit/",
        {"name": "Kassa 2", "stage": stages[3].pk, "channel": "kiosk", "tier": "exceeding", "partner": partner.pk,
         "expectations": "Ei jonoa"},
    )  # fmt: skip

    counter.refresh_from_db()
    assert response.status_code == 302
    assert (
        counter.name,
        counter.stage,
        counter.channel,
        counter.tier,
        counter.partner,
        counter.expectations,
    ) == (
        "Kassa 2",
        stages[3],
        "kiosk",
        "exceeding",
        partner,
        "Ei jonoa",
    )
    assert counter.is_active is False  # the "in use" box was not ticked


def test_touchpoint_names_are_unique_within_an_organisation(owner_client, counter, stages, other):
    response = owner_client.post(
        "/o/aurinko/journey/touchpoints/new/",
        {"name": "Kassa", "stage": stages[0].pk, "channel": "web", "tier": "core"},
    )
    elsewhere = services.touchpoint_create(organization=other.organization, stage=other.stage, name="Kassa")

    assert response.status_code == 200
    assert response.context["form"].errors
    assert Touchpoint.objects.filter(name="Kassa").count() == 2
    assert elsewhere.organization == other.organization


# --- Stages ----------------------------------------------------------------------------------


def test_stage_moves_later_and_earlier(owner_client, organization, stages):
    later = owner_client.post(f"/o/aurinko/journey/stages/{stages[0].pk}/move/", {"direction": "right"})
    after_right = [
        pk for pk in JourneyStage.objects.filter(organization=organization).values_list("pk", flat=True)
    ]
    owner_client.post(f"/o/aurinko/journey/stages/{stages[6].pk}/move/", {"direction": "left"})

    assert later.status_code == 302
    assert after_right[:3] == [stages[1].pk, stages[0].pk, stages[2].pk]
    positions = list(JourneyStage.objects.filter(organization=organization).values_list("position", "pk"))
    assert positions == list(
        enumerate([stages[1].pk, stages[0].pk, stages[2].pk, stages[3].pk, stages[4].pk, stages[6].pk,
                   stages[5].pk], start=1)
    )  # fmt: skip


def test_first_stage_cannot_move_earlier(owner_client, organization, stages, state_of):
    before = state_of(organization)

    owner_client.post(f"/o/aurinko/journey/stages/{stages[0].pk}/move/", {"direction": "left"})

    assert state_of(organization) == before


def test_new_stage_goes_last_and_can_be_renamed(owner_client, organization):
    owner_client.post(
        "/o/aurinko/journey/stages/new/", {"name": "Kanta-asiakkuus", "description": "Uskolliset"}
    )
    stage = JourneyStage.objects.get(organization=organization, name="Kanta-asiakkuus")
    owner_client.post(
        f"/o/aurinko/journey/stages/{stage.pk}/edit/", {"name": "Kanta-asiakkaat", "description": ""}
    )

    stage.refresh_from_db()
    assert (stage.position, stage.name, stage.description) == (8, "Kanta-asiakkaat", "")


def test_journey_map_shows_stages_in_order_with_touchpoints_by_priority(
    owner_client, organization, stages, three
):
    extra = services.touchpoint_create(organization=organization, stage=stages[2], name="Itsepalvelu")
    services.touchpoint_move(touchpoint=extra, offset=-3)

    response = owner_client.get("/o/aurinko/journey/")

    shown = {
        stage.position: [t.name for t in stage.visible_touchpoints] for stage in response.context["stages"]
    }
    assert list(shown) == [1, 2, 3, 4, 5, 6, 7]
    assert shown[3] == ["Itsepalvelu", "Kassa"]
    assert [t.name for t in response.context["priority_list"]] == [
        "Itsepalvelu",
        "Kassa",
        "Verkkosivut",
        "Maksupääte",
    ]


def test_touchpoint_can_be_created_out_of_use(owner_client, organization, stages):
    owner_client.post(
        "/o/aurinko/journey/touchpoints/new/",
        {"name": "Kesäterassi", "stage": stages[2].pk, "channel": "in_person", "tier": "exceeding"},
    )
    owner_client.post(
        "/o/aurinko/journey/touchpoints/new/",
        {"name": "Kassa 2", "stage": stages[2].pk, "channel": "in_person", "tier": "core", "is_active": "on"},
    )

    assert dict(Touchpoint.objects.filter(organization=organization).values_list("name", "is_active")) == {
        "Kesäterassi": False,
        "Kassa 2": True,
    }
