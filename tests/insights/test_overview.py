"""The figures page and the wallboard: honest numbers a user can read."""

import datetime

import pytest
from django.template.defaultfilters import floatformat
from django.utils import timezone

from hymy.surveys import services as surveys


@pytest.fixture
def nps_survey(organization, counter, delivery):
    return surveys.survey_create_from_template(
        organization=organization, template_key="nps_after_purchase", touchpoints=[counter, delivery]
    )


def _answers(survey, touchpoint, scores, *, days_ago=1, comment=""):
    at = timezone.now() - datetime.timedelta(days=days_ago)
    question = survey.questions.first()
    for score in scores:
        response = surveys.response_start(
            survey=survey, source="public_link", language="fi", touchpoint=touchpoint, started_at=at
        )
        surveys.answer_save(response=response, question=question, score=score, followup_text=comment or None)


def test_five_answers_show_their_nps_and_say_how_little_they_tell(owner_client, nps_survey, counter):
    _answers(nps_survey, counter, [10, 10, 9, 8, 3])

    response = owner_client.get("/o/aurinko/insights/", {"days": 30})

    page = response.content.decode()
    (nps,) = [figure for figure in response.context["figures"] if figure.spec.key == "nps"]
    assert (nps.estimate.value, nps.estimate.n) == (40.0, 5)
    assert "+40" in page
    assert "Only 5 answers: too few to say much." in page


def test_a_significant_drop_is_called_more_than_chance(owner_client, nps_survey, counter):
    _answers(nps_survey, counter, [10] * 40 + [8] * 10, days_ago=40)  # previous 30 days: +80
    _answers(nps_survey, counter, [2] * 30 + [10] * 20, days_ago=2)  # this period: −20

    response = owner_client.get("/o/aurinko/insights/", {"days": 30})

    (nps,) = [figure for figure in response.context["figures"] if figure.spec.key == "nps"]
    assert nps.change.difference == pytest.approx(-100.0)
    assert nps.change.is_significant
    assert "▼ −100 from the previous period — more than chance." in response.content.decode()


def test_touchpoints_are_listed_with_their_own_figures_and_comments_show_beside(
    owner_client, nps_survey, counter, delivery
):
    _answers(nps_survey, counter, [10] * 12 + [9] * 8)
    _answers(nps_survey, delivery, [3] * 10 + [9] * 5, comment="Paketti myöhässä")

    response = owner_client.get("/o/aurinko/insights/")

    rows = {
        row.touchpoint.name: (round(row.estimate.value), row.estimate.n)
        for row in response.context["touchpoint_rows"]
    }
    assert rows == {counter.name: (100, 20), delivery.name: (-33, 15)}
    assert "Paketti myöhässä" in response.content.decode()


def test_cut_by_touchpoint_narrows_every_figure(owner_client, nps_survey, counter, delivery):
    _answers(nps_survey, counter, [10] * 10)
    _answers(nps_survey, delivery, [0] * 10)

    response = owner_client.get("/o/aurinko/insights/", {"touchpoint": delivery.pk})

    (nps,) = [figure for figure in response.context["figures"] if figure.spec.key == "nps"]
    assert (nps.estimate.value, nps.estimate.n) == (-100.0, 10)


def test_partner_sees_only_its_touchpoints_figures(partner_client, nps_survey, counter, delivery):
    _answers(nps_survey, counter, [10] * 10)
    _answers(nps_survey, delivery, [5] * 4)

    response = partner_client.get("/o/aurinko/insights/")

    (nps,) = [figure for figure in response.context["figures"] if figure.spec.key == "nps"]
    assert (nps.estimate.value, nps.estimate.n) == (-100.0, 4)
    assert [row.touchpoint for row in response.context["touchpoint_rows"]] == [delivery]


def test_wallboard_shows_today_and_the_week_with_the_newest_words(owner_client, nps_survey, counter):
    _answers(nps_survey, counter, [10], days_ago=0, comment="Aivan loistavaa palvelua")

    response = owner_client.get("/o/aurinko/insights/wallboard/")

    page = response.content.decode()
    assert response.status_code == 200
    assert '<meta http-equiv="refresh" content="60">' in page
    assert "Aivan loistavaa palvelua" in page


def test_another_organisations_figures_are_not_found(client_for, other, nps_survey, counter):
    _answers(nps_survey, counter, [10] * 3)

    response = client_for(other.owner).get("/o/aurinko/insights/")

    assert response.status_code == 404


def test_targets_show_the_level_reached_and_core_touchpoints_below_target_come_first(
    owner_client, organization, nps_survey, counter, delivery
):
    from hymy.insights.models import MetricTarget

    delivery.tier = "core"
    delivery.save()
    _answers(nps_survey, counter, [10] * 16 + [9] * 4)  # +100
    _answers(nps_survey, delivery, [9] * 6 + [3] * 6)  # 0
    saved = owner_client.post(
        "/o/aurinko/insights/targets/", {"metric": "nps", "good": "20", "excellent": "50", "best": "70"}
    )

    response = owner_client.get("/o/aurinko/insights/")

    assert saved.status_code == 302
    assert MetricTarget.objects.get(organization=organization).best == 70
    (nps,) = [figure for figure in response.context["figures"] if figure.spec.key == "nps"]
    assert (nps.estimate.value, nps.level) == (62.5, "excellent")  # 100·(26 − 6)/32, between 50 and 70
    rows = response.context["touchpoint_rows"]
    assert [(row.touchpoint, row.level, row.is_core_below_target) for row in rows] == [
        (delivery, "", True),
        (counter, "best", False),
    ]
    assert "Fix first: a core touchpoint below target" in response.content.decode()


def test_targets_must_rise_and_only_some_roles_may_set_them(owner_client, client_for, members, organization):
    from hymy.insights.models import MetricTarget

    wrong = owner_client.post(
        "/o/aurinko/insights/targets/", {"metric": "csat", "good": "90", "excellent": "80", "best": "95"}
    )
    viewer = client_for(members["viewer"].user).post(
        "/o/aurinko/insights/targets/", {"metric": "csat", "good": "70", "excellent": "80", "best": "90"}
    )

    assert wrong.status_code == 200
    assert "The levels must rise" in wrong.content.decode()
    assert 'value="90"' in wrong.content.decode()  # what was typed is kept
    assert viewer.status_code == 403
    assert not MetricTarget.objects.filter(organization=organization).exists()


def test_journey_map_shows_each_touchpoints_figure_with_its_sample_size(owner_client, nps_survey, counter):
    _answers(nps_survey, counter, [10] * 6 + [2] * 2)

    response = owner_client.get("/o/aurinko/journey/")

    card = response.content.decode().split(counter.name, 1)[1].split("</article>", 1)[0]
    assert "+50" in card and "(n = 8)" in card


def test_priorities_page_ranks_an_important_weak_touchpoint_first(
    owner_client, organization, nps_survey, counter, delivery
):
    from hymy.journeys.services import touchpoint_reorder

    touchpoint_reorder(
        organization=organization, ordered_ids=[delivery.pk, counter.pk]
    )  # delivery matters most
    _answers(nps_survey, counter, [10] * 10)
    _answers(nps_survey, delivery, [2] * 8 + [9] * 2)

    response = owner_client.get("/o/aurinko/insights/priorities/")

    rows = response.context["rows"]
    assert [(row.touchpoint, row.quadrant) for row in rows] == [(delivery, "fix"), (counter, "extra")]
    assert rows[0].performance.value == pytest.approx(100 * (8 * 0.2 + 2 * 0.9) / 10)
    assert rows[0].derived_importance is None  # no customers answered both: the priority order decides
    assert "Fix first" in response.content.decode()


def test_cut_by_journey_stage_and_by_survey(
    owner_client, organization, nps_survey, counter, delivery, stages
):
    _answers(nps_survey, counter, [10] * 4)
    _answers(nps_survey, delivery, [0] * 6)
    other_survey = surveys.survey_create_from_template(
        organization=organization, template_key="nps_after_purchase", touchpoints=[counter]
    )
    _answers(other_survey, counter, [9] * 5)

    by_stage = owner_client.get("/o/aurinko/insights/", {"stage": delivery.stage_id})
    by_survey = owner_client.get("/o/aurinko/insights/", {"survey": other_survey.pk})
    foreign = owner_client.get("/o/aurinko/insights/", {"survey": 999999})

    def nps_of(response):
        (nps,) = [figure for figure in response.context["figures"] if figure.spec.key == "nps"]
        return nps.estimate.value, nps.estimate.n

    assert delivery.stage_id != counter.stage_id
    assert nps_of(by_stage) == (-100.0, 6)
    assert nps_of(by_survey) == (100.0, 5)
    assert nps_of(foreign) == (pytest.approx(100 * (9 - 6) / 15), 15)  # an unknown survey cuts nothing


def test_trend_by_day_has_one_point_per_day_with_answers(owner_client, nps_survey, counter):
    _answers(nps_survey, counter, [10, 9], days_ago=3)
    _answers(nps_survey, counter, [0], days_ago=1)

    by_day = owner_client.get("/o/aurinko/insights/", {"days": 7, "bucket": "day"}).context["chart"]
    by_week = owner_client.get("/o/aurinko/insights/", {"days": 7, "bucket": "nonsense"}).context["chart"]

    assert [(point["value"], point["n"]) for point in by_day["points"]] == [(100.0, 2), (-100.0, 1)]
    assert sum(point["n"] for point in by_week["points"]) == 3


def test_the_trend_is_also_a_table_of_its_points_for_screen_readers_and_without_javascript(
    owner_client, nps_survey, counter
):
    _answers(nps_survey, counter, [10, 9], days_ago=3)
    _answers(nps_survey, counter, [0], days_ago=1)

    response = owner_client.get("/o/aurinko/insights/", {"days": 7, "bucket": "day"})

    page = response.content.decode()
    assert '<canvas data-chart="trend" data-source="trend-data"' in page
    assert '<script id="trend-data" type="application/json">' in page
    table = page.split('class="table small trend-table">', 1)[1].split("</table>", 1)[0]
    rows = table.split("<tbody>", 1)[1].count("<tr>")
    assert rows == 2
    first, second = response.context["chart"]["points"]
    assert (first["value"], first["n"], second["value"], second["n"]) == (100.0, 2, -100.0, 1)
    assert "<td>100</td>" in table and "<td>-100</td>" in table
    assert f"{floatformat(first['low'], -1)} … {floatformat(first['high'], -1)}" in table
    assert table.count("(too few)") == 2


def test_cut_by_respondent_language_partner_and_customer_tag(
    owner_client, organization, owner, nps_survey, counter, delivery, partner
):
    from hymy.customers.services import customer_create

    vip = customer_create(organization=organization, actor=owner, name="Vera VIP", tags=["VIP"])
    question = nps_survey.questions.first()
    for language, score, customer in (("sv", 10, vip), ("sv", 9, None), ("fi", 0, None), ("en", 2, vip)):
        response = surveys.response_start(
            survey=nps_survey, source="public_link", language=language, touchpoint=counter, customer=customer
        )
        surveys.answer_save(response=response, question=question, score=score)
    _answers(nps_survey, delivery, [3, 3])

    def nps_of(**query):
        response = owner_client.get("/o/aurinko/insights/", query)
        (nps,) = [figure for figure in response.context["figures"] if figure.spec.key == "nps"]
        return nps.estimate.value, nps.estimate.n

    assert nps_of(language="sv") == (100.0, 2)
    assert nps_of(tag="VIP") == (0.0, 2)
    assert nps_of(partner=partner.pk) == (-100.0, 2)
    assert nps_of(language="sv", tag="VIP") == (100.0, 1)
    assert nps_of(tag="ei-tällaista") == nps_of()  # an unknown tag cuts nothing


def test_cut_by_the_staff_member_who_served_or_interviewed(
    owner_client, organization, owner, members, nps_survey, counter, customer
):
    from hymy.customers.services import encounter_create
    from hymy.surveys.models import Invitation

    agent = members["agent"].user
    question = nps_survey.questions.first()
    encounter = encounter_create(
        organization=organization, actor=agent, customer=customer, touchpoint=counter,
        started_at=timezone.now() - datetime.timedelta(days=2), staff=agent,
    )  # fmt: skip
    invitation = Invitation.objects.create(
        organization=organization, survey=nps_survey, customer=customer, channel="email",
        encounter=encounter, scheduled_for=timezone.now(), status="sent", sent_at=timezone.now(),
    )  # fmt: skip
    served = surveys.response_start(
        survey=nps_survey, source="invitation", language="fi", invitation=invitation
    )
    surveys.answer_save(response=served, question=question, score=10)
    interview = surveys.response_start(
        survey=nps_survey, source="staff", language="fi", customer=customer, staff=agent, touchpoint=counter
    )
    surveys.answer_save(response=interview, question=question, score=9)
    _answers(nps_survey, counter, [0, 0, 0])  # nobody in particular served these

    response = owner_client.get("/o/aurinko/insights/", {"staff": agent.pk})

    (nps,) = [figure for figure in response.context["figures"] if figure.spec.key == "nps"]
    assert (nps.estimate.value, nps.estimate.n) == (100.0, 2)


def test_priorities_table_downloads_as_excel(owner_client, organization, nps_survey, counter, delivery):
    from tests.export_files import export_rows

    _answers(nps_survey, counter, [10] * 10)
    _answers(nps_survey, delivery, [0] * 4)

    response = owner_client.get("/o/aurinko/insights/priorities/", {"export": "xlsx"})

    rows = export_rows(response)
    assert response["Content-Disposition"].startswith('attachment; filename="priorities-aurinko-')
    assert rows[0][:4] == ["Touchpoint", "Experience tier", "Performance", "Answers"]
    assert [(row[0], row[2], row[3]) for row in rows[1:]] == [
        (counter.name, 100.0, 10),
        (delivery.name, 0.0, 4),
    ]


def test_cut_by_customer_attribute_counts_only_that_segments_answers(
    owner_client, organization, owner, nps_survey, counter
):
    from hymy.customers.services import customer_create

    prepaid = customer_create(
        organization=organization,
        actor=owner,
        name="Pia Prepaid",
        attributes={"liittymä": "Prepaid", "lapsia": 3},
    )
    contract = customer_create(
        organization=organization, actor=owner, name="Kalle Kuukausi", attributes={"liittymä": "5G 1000M"}
    )
    other_prepaid = customer_create(
        organization=organization, actor=owner, name="Olli", attributes={"liittymä": "Prepaid", "lapsia": 0}
    )
    question = nps_survey.questions.first()
    answers = [(prepaid, 10), (prepaid, 9), (other_prepaid, 4), (contract, 2), (contract, 1), (None, 10)]
    for customer, score in answers:
        response = surveys.response_start(
            survey=nps_survey, source="public_link", language="fi", touchpoint=counter, customer=customer
        )
        surveys.answer_save(response=response, question=question, score=score, followup_text=f"sanoi {score}")

    def page(**query):
        return owner_client.get("/o/aurinko/insights/", query)

    def nps_of(**query):
        (nps,) = [figure for figure in page(**query).context["figures"] if figure.spec.key == "nps"]
        return nps.estimate.value, nps.estimate.n

    # By hand: prepaid 10, 9, 4 → 2 promoters, 1 detractor of 3 → +33.3; 5G: 2, 1 → −100.
    assert nps_of(attribute="liittymä:Prepaid") == (pytest.approx(100 / 3), 3)
    assert nps_of(attribute="liittymä:5G 1000M") == (-100.0, 2)
    assert nps_of(attribute="lapsia:3") == (100.0, 2)  # Pia's 10 and 9; a stored number matches its text
    assert nps_of(attribute="liittymä:Prepaid", tag="") == nps_of(attribute="liittymä:Prepaid")
    nobody = page(attribute="liittymä:ei-tällaista")
    assert nobody.context["figures"] == []
    assert "No answers from this selection in this period." in nobody.content.decode()
    assert nps_of(attribute="ei kaksoispistettä") == nps_of()  # not a key:value pair: no cut

    cut = page(attribute="liittymä:5G 1000M")
    assert [answer.followup_text for answer in cut.context["comments"]] == ["sanoi 1", "sanoi 2"]
    assert ("liittymä", ["5G 1000M", "Prepaid"]) in cut.context["segments"]
    assert '<option value="liittymä:5G 1000M" selected>' in cut.content.decode()


def test_segment_attributes_leave_out_identifiers_and_other_organisations(organization, other, owner):
    from hymy.customers.services import customer_create
    from hymy.insights.selectors import SEGMENT_MAX_VALUES, segment_attributes

    for number in range(SEGMENT_MAX_VALUES + 1):
        customer_create(
            organization=organization, actor=owner, name=f"Asiakas {number}",
            attributes={"asiakasnumero": str(1000 + number), "kotimyymälä": "Kamppi" if number % 2 else "Itis"},
        )  # fmt: skip
    customer_create(
        organization=other.organization, actor=other.owner, name="Muu", attributes={"kotimyymälä": "Tampere"}
    )

    assert segment_attributes(organization=organization) == [("kotimyymälä", ["Itis", "Kamppi"])]


def _card(page: str, name: str) -> str:
    """The journey map's card of one touchpoint: from its <article> tag to its end."""
    before, after = page.split(f">{name}</a>", 1)
    return before.rsplit("<article", 1)[1] + after.split("</article>", 1)[0]


def test_journey_map_is_coloured_by_how_each_touchpoint_compares_and_says_so_in_words(
    owner_client, organization, stages, nps_survey, counter, delivery
):
    from hymy.journeys.services import touchpoint_create

    webshop = touchpoint_create(organization=organization, stage=stages[1], name="Verkkokauppa")
    nps_survey.touchpoints.add(webshop)
    _answers(nps_survey, counter, [10] * 30)  # +100, range far above the whole's 0
    _answers(nps_survey, delivery, [0] * 30)  # −100, far below
    _answers(nps_survey, webshop, [10, 0, 9])  # 3 answers: too few to colour

    page = owner_client.get("/o/aurinko/journey/").content.decode()

    assert "perf-above" in _card(page, counter.name) and "clearly better than the whole" in _card(
        page, counter.name
    )
    assert "perf-under" in _card(page, delivery.name) and "clearly worse than the whole" in _card(
        page, delivery.name
    )
    assert "perf-too-few" in _card(page, webshop.name) and "too few answers to judge" in _card(
        page, webshop.name
    )
    assert "Coloured by NPS over the last 90 days" in page


def test_with_a_target_the_journey_map_is_coloured_by_the_level_reached(
    owner_client, organization, nps_survey, counter, delivery
):
    from hymy.insights.services import target_set

    target_set(organization=organization, metric="nps", good=20, excellent=50, best=80)
    _answers(nps_survey, counter, [10] * 12 + [9] * 4 + [8] * 4)  # +80: the very best
    _answers(nps_survey, delivery, [9] * 10 + [5] * 5 + [8] * 5)  # +25: good

    page = owner_client.get("/o/aurinko/journey/").content.decode()

    assert "perf-best" in _card(page, counter.name)
    assert "perf-good" in _card(page, delivery.name)


def test_the_customers_words_sit_beside_the_trend_and_the_priority_matrix(owner_client, nps_survey, counter):
    _answers(nps_survey, counter, [10] * 5, comment="Ihana kahvi")

    overview = owner_client.get("/o/aurinko/insights/").content.decode()
    priorities = owner_client.get("/o/aurinko/insights/priorities/").content.decode()

    beside = overview.split('<div class="chart-with-words">', 1)[1].split("NPS by touchpoint", 1)[0]
    assert 'data-chart="trend"' in beside and "Ihana kahvi" in beside
    assert "Ihana kahvi" in priorities


def test_a_touchpoints_page_links_to_its_figures(owner_client, counter):
    page = owner_client.get(f"/o/aurinko/journey/touchpoints/{counter.pk}/").content.decode()

    assert f"/o/aurinko/insights/?touchpoint={counter.pk}" in page


def test_a_touchpoints_page_shows_the_trend_of_its_own_answers(owner_client, nps_survey, counter, delivery):
    _answers(nps_survey, counter, [10, 10, 6], days_ago=20)
    _answers(nps_survey, counter, [9], days_ago=2)
    _answers(nps_survey, delivery, [0, 0, 0, 0], days_ago=2)

    response = owner_client.get(f"/o/aurinko/journey/touchpoints/{counter.pk}/")
    quiet = owner_client.get(f"/o/aurinko/journey/touchpoints/{delivery.pk}/", {"x": 1})

    chart = response.context["chart"]
    assert [point["n"] for point in chart["points"]] == [3, 1]
    assert [point["value"] for point in chart["points"]] == [pytest.approx(100 / 3, abs=0.05), 100.0]
    assert response.context["figure"].estimate.n == 4
    page = response.content.decode()
    assert 'data-chart="trend"' in page and "Only 4 answers: too few to say much." in page
    assert [point["n"] for point in quiet.context["chart"]["points"]] == [4]


def test_the_wallboard_puts_successes_first(owner_client, organization, nps_survey, counter):
    from hymy.insights.services import target_set

    csat = surveys.survey_create_from_template(
        organization=organization, template_key="csat_after_support", touchpoints=[counter]
    )
    target_set(organization=organization, metric="csat", good=60, excellent=80, best=95)
    _answers(nps_survey, counter, [3] * 12, days_ago=0)  # NPS −100: no success
    _answers(csat, counter, [5] * 12, days_ago=0)  # CSAT 100 %: the very best

    response = owner_client.get("/o/aurinko/insights/wallboard/")

    assert [figure.spec.key for figure in response.context["week"]] == ["csat", "nps"]


@pytest.fixture
def segment_answers(organization, owner, nps_survey, counter, delivery):
    """Two VIP customers (Prepaid) and two others; invitations and answers at the counter and delivery.

    By hand, the last 30 days:
    - NPS at the counter: VIP 10, 9 → +100 (n 2); everyone 10, 9, 0, 0 → 0 (n 4).
    - NPS at delivery: only the others' 3 → −100 (n 1); the VIPs have none there.
    - Response rate: VIPs 1 of 2 invitations answered → 50 %; everyone 4 of 5 → 80 %.
    """
    from hymy.customers.services import customer_create
    from hymy.surveys.models import Invitation

    vips = [
        customer_create(
            organization=organization, actor=owner, name=f"VIP {n}", tags=["VIP"],
            attributes={"liittymä": "Prepaid"},
        )  # fmt: skip
        for n in (1, 2)
    ]
    others = [customer_create(organization=organization, actor=owner, name=f"Muu {n}") for n in (1, 2)]
    question = nps_survey.questions.first()
    at = timezone.now() - datetime.timedelta(days=1)
    for customer, touchpoint, score in (
        (vips[0], counter, 10), (vips[1], counter, 9), (others[0], counter, 0), (others[1], counter, 0),
        (others[0], delivery, 3),
    ):  # fmt: skip
        response = surveys.response_start(
            survey=nps_survey, source="public_link", language="fi", touchpoint=touchpoint, customer=customer,
            started_at=at,
        )  # fmt: skip
        surveys.answer_save(response=response, question=question, score=score)
    for customer, answered in ((vips[0], True), (vips[1], False), (others[0], True), (others[1], True),
                               (others[1], True)):  # fmt: skip
        Invitation.objects.create(
            organization=organization, survey=nps_survey, customer=customer, channel="email",
            touchpoint=counter, status="sent", scheduled_for=at, sent_at=at,
            answered_at=at if answered else None,
        )  # fmt: skip


def _touchpoint_nps(response) -> dict:
    return {
        row.touchpoint.name: (round(row.estimate.value), row.estimate.n)
        for row in response.context["touchpoint_rows"]
    }


@pytest.mark.parametrize("segment", [{"tag": "VIP"}, {"attribute": "liittymä:Prepaid"}])
def test_a_segment_cut_narrows_the_touchpoint_table_and_the_response_rate(
    owner_client, segment_answers, counter, delivery, segment
):
    whole = owner_client.get("/o/aurinko/insights/")
    cut = owner_client.get("/o/aurinko/insights/", segment)

    assert _touchpoint_nps(whole) == {counter.name: (0, 4), delivery.name: (-100, 1)}
    assert _touchpoint_nps(cut) == {counter.name: (100, 2)}
    assert (whole.context["response_rate"].value, whole.context["response_rate"].n) == (80.0, 5)
    assert (cut.context["response_rate"].value, cut.context["response_rate"].n) == (50.0, 2)
    assert "of 2 invitations sent" in cut.content.decode()


def test_the_touchpoint_table_download_follows_the_segment_cut(owner_client, segment_answers, counter):
    from tests.export_files import export_rows

    download = owner_client.get("/o/aurinko/insights/", {"tag": "VIP", "export": "csv"})

    rows = export_rows(download)
    assert rows[0][:4] == ["Touchpoint", "Experience tier", "NPS", "Answers"]
    assert [(row[0], row[2], row[3]) for row in rows[1:]] == [(counter.name, "100", "2")]


def test_the_response_rate_follows_the_language_touchpoint_and_staff_cuts(
    owner_client, organization, members, nps_survey, counter, delivery, customer
):
    from hymy.customers.services import encounter_create
    from hymy.surveys.models import Invitation

    agent = members["agent"].user
    at = timezone.now() - datetime.timedelta(days=1)
    encounter = encounter_create(
        organization=organization, actor=agent, customer=customer, touchpoint=counter, started_at=at,
        staff=agent,
    )  # fmt: skip
    _answers(nps_survey, counter, [9])
    # By hand: sv at the counter after the agent's encounter, answered; fi at delivery, not answered;
    # fi at the counter, answered. So 2 of 3, fi 1 of 2, delivery 0 of 1, the agent's 1 of 1.
    for language, touchpoint, by_agent, answered in (
        ("sv", counter, True, True), ("fi", delivery, False, False), ("fi", counter, False, True),
    ):  # fmt: skip
        Invitation.objects.create(
            organization=organization, survey=nps_survey, customer=customer, channel="email",
            language=language, touchpoint=touchpoint, encounter=encounter if by_agent else None,
            status="sent", scheduled_for=at, sent_at=at, answered_at=at if answered else None,
        )  # fmt: skip

    def rate(**query):
        estimate = owner_client.get("/o/aurinko/insights/", query).context["response_rate"]
        return round(estimate.value), estimate.n

    assert rate() == (67, 3)
    assert rate(language="fi") == (50, 2)
    assert rate(touchpoint=delivery.pk) == (0, 1)
    assert rate(staff=agent.pk) == (100, 1)
    assert rate(channel="invitation") == (67, 3)


def test_a_channel_that_invites_nobody_has_no_response_rate_and_says_so(owner_client, nps_survey, counter):
    _answers(nps_survey, counter, [9])  # a public-link answer

    response = owner_client.get("/o/aurinko/insights/", {"channel": "public_link"})

    assert response.context["response_rate"] is None
    assert "No response rate for this channel: it invites nobody" in response.content.decode()


def test_the_figures_and_priorities_downloads_follow_the_pages_period(
    owner_client, nps_survey, counter, delivery
):
    from tests.export_files import export_rows

    _answers(nps_survey, counter, [10] * 3, days_ago=20)  # inside 30 days, outside 7
    _answers(nps_survey, delivery, [0] * 2, days_ago=2)

    def touchpoints(address, **query):
        rows = export_rows(owner_client.get(address, {**query, "export": "csv"}))
        return [(row[0], row[3]) for row in rows[1:]]

    assert touchpoints("/o/aurinko/insights/", days=30) == [(counter.name, "3"), (delivery.name, "2")]
    assert touchpoints("/o/aurinko/insights/", days=7) == [(delivery.name, "2")]
    assert touchpoints("/o/aurinko/insights/", days=30, touchpoint=counter.pk) == [(counter.name, "3")]
    assert touchpoints("/o/aurinko/insights/priorities/", days=7) == [(delivery.name, "2")]
    assert sorted(touchpoints("/o/aurinko/insights/priorities/", days=30)) == sorted(
        [(counter.name, "3"), (delivery.name, "2")]
    )
def test_an_empty_period_points_to_the_longer_one_that_has_answers(owner_client, nps_survey, counter):
    # A small business: nothing this month, but answers in the spring (the demo's Loistopixel).
    _answers(nps_survey, counter, [10, 9, 7], days_ago=120)

    page = owner_client.get("/o/aurinko/insights/", {"days": 30}).content.decode()

    assert "No answers in the last 30 days." in page
    assert '<a href="?days=365">Show the last 365 days</a>' in page
    assert "No answers yet in this period" not in page


def test_an_organisation_without_answers_is_told_how_to_get_them(owner_client, nps_survey):
    page = owner_client.get("/o/aurinko/insights/", {"days": 30}).content.decode()

    assert "No answers yet in this period. Open a survey" in page


def test_a_comment_to_a_question_without_a_score_starts_with_its_touchpoint(owner_client, nps_survey, counter):
    _answers(nps_survey, counter, [10] * 3)
    response = surveys.response_start(survey=nps_survey, source="public_link", language="fi", touchpoint=counter)
    surveys.answer_save(response=response, question=nps_survey.questions.all()[1], text="Kiva myyjä")

    page = owner_client.get("/o/aurinko/insights/").content.decode()
    wallboard = owner_client.get("/o/aurinko/insights/wallboard/").content.decode()

    words = page.split('id="comments"', 1)[1].split("</section>", 1)[0]
    line = words.split("Kiva myyjä", 1)[1].split("</div>", 1)[0]
    assert f'<div class="muted small">{counter.name} · ' in line
    assert f'<span class="muted">{counter.name}</span>' in wallboard.split("Kiva myyjä", 1)[1]


def test_a_period_without_answers_says_so_and_not_that_the_previous_one_had_none(
    owner_client, nps_survey, counter
):
    _answers(nps_survey, counter, [10, 9, 7], days_ago=120)  # in the 90 days before the last 90

    page = owner_client.get("/o/aurinko/insights/", {"days": 90}).content.decode()

    assert "No answers in the last 90 days." in page
    assert '<a href="?days=365">Show the last 365 days</a>' in page
    assert "the previous period has no answers" not in page


def test_with_a_selection_the_touchpoint_table_counts_the_same_answers_as_the_cards(
    owner_client, nps_survey, counter, delivery
):
    # The cards follow the selection (Swedish answers only) and so does the table below: "2 answers" above
    # and "12" in the table would read as a contradiction.
    _answers(nps_survey, counter, [10] * 10)
    for score in (9, 3):
        response = surveys.response_start(survey=nps_survey, source="public_link", language="sv", touchpoint=counter)
        surveys.answer_save(response=response, question=nps_survey.questions.first(), score=score)

    everyone = owner_client.get("/o/aurinko/insights/")
    swedish = owner_client.get("/o/aurinko/insights/", {"language": "sv"})

    (nps,) = [figure for figure in swedish.context["figures"] if figure.spec.key == "nps"]
    assert nps.estimate.n == 2
    assert [row.estimate.n for row in swedish.context["touchpoint_rows"]] == [2]
    assert [row.estimate.n for row in everyone.context["touchpoint_rows"]] == [12]


def _invitations_sent(survey, customer, *, sent: int, answered: int):
    """Invitations as the sender leaves them: sent a day ago, some answered."""
    from hymy.surveys.choices import InvitationStatus
    from hymy.surveys.models import Invitation

    now = timezone.now()
    for number in range(sent):
        Invitation.objects.create(
            organization=survey.organization, survey=survey, customer=customer, channel="email",
            status=InvitationStatus.SENT, scheduled_for=now, sent_at=now - datetime.timedelta(days=1),
            answered_at=now if number < answered else None,
        )  # fmt: skip


def test_the_response_rate_has_its_range_and_says_when_six_invitations_tell_little(
    owner_client, nps_survey, counter, customer
):
    _answers(nps_survey, counter, [10] * 3)
    _invitations_sent(nps_survey, customer, sent=6, answered=4)

    page = owner_client.get("/o/aurinko/insights/").content.decode()

    rate = page.split('id="response-rate-range"', 1)[1].split("</p>", 1)[0]
    assert '<article class="card figure too-few">\n    <h3>Response rate</h3>' in page
    assert "of 6 invitations sent" in page
    assert "Too few invitations to say much: the true rate could be anywhere from 30 % to 90 %." in rate


def test_the_response_rate_of_many_invitations_has_its_95_range(owner_client, nps_survey, counter, customer):
    _answers(nps_survey, counter, [10] * 3)
    _invitations_sent(nps_survey, customer, sent=200, answered=80)

    page = owner_client.get("/o/aurinko/insights/").content.decode()

    assert "95 % range 33 … 47 %." in page.split('id="response-rate-range"', 1)[1].split("</p>", 1)[0]
