"""Staff pages for surveys: the builder, the response inbox, the outbox and the contact rules."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hymy.core.forms import form_add_service_errors
from hymy.customers.selectors import customer_get
from hymy.customers.services import customer_refuse_erased
from hymy.journeys.selectors import touchpoint_list
from hymy.tenancy.decorators import requires
from hymy.tenancy.permissions import CHANGE_CUSTOMERS, CHANGE_SURVEYS, VIEW_SURVEYS

from . import feedback, selectors, services, table_exports
from .choices import ResponseSource, SurveyStatus
from .exports import response_list_export
from .forms import (
    ContactPolicyForm,
    InviteCustomerForm,
    KioskForm,
    QuestionForm,
    ResponseFilterForm,
    StaffEntryForm,
    SurveyForm,
    WidgetForm,
)
from .library import TEMPLATES
from .models import Question


def _touchpoints(request):
    return touchpoint_list(organization=request.organization, membership=request.membership)


@requires(VIEW_SURVEYS)
def survey_list(request, org_slug):
    surveys = selectors.survey_list_with_response_counts(organization=request.organization)
    if request.GET.get("export"):  # ?export=csv|xlsx: the table, as a file
        return table_exports.survey_list_export(
            file_format=request.GET["export"], organization=request.organization, surveys=surveys
        )
    context = {
        "surveys": surveys,
        "templates": TEMPLATES,
        "summary": selectors.invitation_summary(organization=request.organization),
        "feedback_page": feedback.feedback_page_for(organization=request.organization),
    }
    return render(request, "surveys/survey_list.html", context)


@require_POST
@requires(CHANGE_SURVEYS)
def survey_create_from_template(request, org_slug):
    try:
        survey = services.survey_create_from_template(
            organization=request.organization,
            template_key=request.POST.get("template", ""),
            touchpoints=list(_touchpoints(request).filter(pk__in=request.POST.getlist("touchpoints"))),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("survey_list", org_slug=org_slug)
    messages.success(request, _("Survey %(name)s is ready and open for answers.") % {"name": survey.name})
    return redirect("survey_detail", org_slug=org_slug, pk=survey.pk)


@requires(CHANGE_SURVEYS)
def survey_create(request, org_slug):
    form = SurveyForm(
        request.POST or None,
        touchpoints=_touchpoints(request),
        initial={"invitation_delay_minutes": 120, "sampling_percent": 100, "response_edit_minutes": 60,
                 "invite_after_encounters": True, "moment": "after"},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(organization=request.organization, **form.service_data())
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Survey created. Add its questions next."))
            return redirect("survey_detail", org_slug=org_slug, pk=survey.pk)
    return render(request, "surveys/survey_form.html", {"form": form, "survey": None})


@requires(CHANGE_SURVEYS)
def survey_edit(request, org_slug, pk):
    survey = selectors.survey_get(organization=request.organization, pk=pk)
    form = SurveyForm(
        request.POST or None, touchpoints=_touchpoints(request), initial=SurveyForm.initial_from(survey)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_update(survey=survey, **form.service_data())
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Survey saved."))
            return redirect("survey_detail", org_slug=org_slug, pk=survey.pk)
    return render(request, "surveys/survey_form.html", {"form": form, "survey": survey})


@requires(VIEW_SURVEYS)
def survey_detail(request, org_slug, pk):
    organization, membership = request.organization, request.membership
    survey = selectors.survey_get(organization=organization, pk=pk)
    if request.GET.get("export") and request.GET.get("table") == "responses":
        # ?export=csv|xlsx&table=responses: every response to the survey (the page lists the latest)
        return response_list_export(
            file_format=request.GET["export"],
            organization=organization,
            responses=selectors.response_list(
                organization=organization, membership=membership, survey_id=survey.pk
            ),
        )
    if request.GET.get("export"):  # ?export=csv|xlsx: every invitation of the survey, as a file
        return table_exports.invitation_export(
            file_format=request.GET["export"],
            organization=organization,
            survey=survey,
            invitations=selectors.invitation_list(organization=organization, membership=membership).filter(
                survey=survey
            ),
        )
    public_url = settings.HYMY_BASE_URL + reverse("public_survey", args=[survey.public_token])
    context = {
        "survey": survey,
        "questions": survey.questions.all(),
        "public_url": public_url,
        "summary": selectors.invitation_summary(organization=organization, survey=survey),
        "invitations": selectors.invitation_list(organization=organization, membership=membership).filter(
            survey=survey
        )[:20],
        "responses": selectors.response_list(
            organization=organization, membership=membership, survey_id=survey.pk
        )[:10],
        "statuses": SurveyStatus,
    }
    return render(request, "surveys/survey_detail.html", context)


@require_POST
@requires(CHANGE_SURVEYS)
def survey_status(request, org_slug, pk):
    survey = selectors.survey_get(organization=request.organization, pk=pk)
    status = request.POST.get("status", "")
    if status not in SurveyStatus.values:
        messages.error(request, _("Unknown status."))
    else:
        try:
            services.survey_status_set(survey=survey, status=status)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("survey_detail", org_slug=org_slug, pk=survey.pk)


@requires(CHANGE_SURVEYS)
def question_create(request, org_slug, pk):
    survey = selectors.survey_get(organization=request.organization, pk=pk)
    form = QuestionForm(request.POST or None, initial={"kind": request.GET.get("kind", "nps")})
    if request.method == "POST" and form.is_valid():
        try:
            services.question_create(survey=survey, **form.service_data())
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Question added."))
            return redirect("survey_detail", org_slug=org_slug, pk=survey.pk)
    return render(request, "surveys/question_form.html", {"form": form, "survey": survey, "question": None})


def _question(request, pk, question_pk) -> Question:
    survey = selectors.survey_get(organization=request.organization, pk=pk)
    return get_object_or_404(Question, survey=survey, pk=question_pk)


@requires(CHANGE_SURVEYS)
def question_edit(request, org_slug, pk, question_pk):
    question = _question(request, pk, question_pk)
    form = QuestionForm(request.POST or None, initial=QuestionForm.initial_from(question))
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(question=question, **form.service_data())
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Question saved."))
            return redirect("survey_detail", org_slug=org_slug, pk=pk)
    return render(
        request, "surveys/question_form.html", {"form": form, "survey": question.survey, "question": question}
    )


@require_POST
@requires(CHANGE_SURVEYS)
def question_delete(request, org_slug, pk, question_pk):
    question = _question(request, pk, question_pk)
    try:
        services.question_delete(question=question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Question removed."))
    return redirect("survey_detail", org_slug=org_slug, pk=pk)


@require_POST
@requires(CHANGE_SURVEYS)
def question_move(request, org_slug, pk, question_pk):
    question = _question(request, pk, question_pk)
    services.question_move(question=question, offset=-1 if request.POST.get("direction") == "up" else 1)
    return redirect("survey_detail", org_slug=org_slug, pk=pk)


@requires(VIEW_SURVEYS)
def response_list(request, org_slug):
    organization, membership = request.organization, request.membership
    filters = ResponseFilterForm(
        request.GET or None,
        surveys=selectors.survey_list(organization=organization),
        touchpoints=_touchpoints(request),
    )
    values = filters.cleaned_data if filters.is_valid() else {}
    comment = values.get("has_comment")
    responses = selectors.response_list(
        organization=organization,
        membership=membership,
        survey_id=values["survey"].pk if values.get("survey") else None,
        touchpoint_id=values["touchpoint"].pk if values.get("touchpoint") else None,
        source=values.get("source", ""),
        band=values.get("band", ""),
        has_comment={"yes": True, "no": False}.get(comment) if comment else None,
        date_from=values.get("date_from"),
        date_to=values.get("date_to"),
    )
    if request.GET.get("export"):  # ?export=csv|xlsx: the same filtered responses, all pages
        return response_list_export(
            file_format=request.GET["export"], organization=organization, responses=responses
        )
    page = Paginator(responses, 30).get_page(request.GET.get("page"))
    return render(request, "surveys/response_list.html", {"filters": filters, "page": page})


@requires(VIEW_SURVEYS)
def response_detail(request, org_slug, pk):
    response = selectors.response_get(organization=request.organization, membership=request.membership, pk=pk)
    answers = sorted(response.answers.all(), key=lambda answer: answer.question.position)
    return render(request, "surveys/response_detail.html", {"response": response, "answers": answers})


@requires(VIEW_SURVEYS)
def outbox_list(request, org_slug):
    if request.membership.is_partner:
        raise PermissionDenied
    if request.GET.get("export"):  # ?export=csv|xlsx: every message, as a file
        return table_exports.outbox_export(
            file_format=request.GET["export"],
            organization=request.organization,
            messages=selectors.outbox_list(organization=request.organization, membership=request.membership),
        )
    messages_page = Paginator(
        selectors.outbox_list(organization=request.organization, membership=request.membership), 30
    ).get_page(request.GET.get("page"))
    return render(request, "surveys/outbox_list.html", {"page": messages_page})


@requires(VIEW_SURVEYS)
def outbox_detail(request, org_slug, pk):
    message = get_object_or_404(
        selectors.outbox_list(organization=request.organization, membership=request.membership), pk=pk
    )
    return render(request, "surveys/outbox_detail.html", {"message": message})


@requires(CHANGE_SURVEYS)
def contact_policy_edit(request, org_slug):
    policy = services.contact_policy_get(organization=request.organization)
    form = ContactPolicyForm(
        request.POST or None,
        initial={
            "days_between_invitations": policy.days_between_invitations,
            "quiet_hours_start": policy.quiet_hours_start,
            "quiet_hours_end": policy.quiet_hours_end,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_policy_update(organization=request.organization, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Contact rules saved."))
            return redirect("survey_list", org_slug=org_slug)
    return render(request, "surveys/contact_policy_form.html", {"form": form})


@require_POST
@requires(CHANGE_CUSTOMERS)
def customer_invite(request, org_slug, customer_pk):
    organization, membership = request.organization, request.membership
    customer = customer_get(organization=organization, membership=membership, pk=customer_pk)
    form = InviteCustomerForm(
        request.POST,
        surveys=selectors.survey_list(organization=organization).filter(status=SurveyStatus.ACTIVE),
    )
    if form.is_valid():
        try:
            invitation = services.invitation_create_manual(
                membership=membership, survey=form.cleaned_data["survey"], customer=customer
            )
        except ValidationError as error:  # an erased customer, or another organisation's survey
            messages.error(request, " ".join(error.messages))
            return redirect("customer_detail", org_slug=org_slug, pk=customer.pk)
        if invitation.skip_reason:
            messages.warning(
                request,
                _("The invitation was not sent: %(reason)s.")
                % {"reason": invitation.get_skip_reason_display()},
            )
        else:
            messages.success(request, _("Invitation on its way."))
    else:
        messages.error(request, _("Choose an open survey."))
    return redirect("customer_detail", org_slug=org_slug, pk=customer.pk)


@requires(CHANGE_CUSTOMERS)
def staff_entry(request, org_slug, customer_pk, survey_pk):
    """Enter a phone or deep interview's answers for a customer."""
    organization, membership = request.organization, request.membership
    customer = customer_get(organization=organization, membership=membership, pk=customer_pk)
    try:
        customer_refuse_erased(customer)  # an erased customer's shell takes no new answers
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("customer_detail", org_slug=org_slug, pk=customer.pk)
    survey = selectors.survey_get(organization=organization, pk=survey_pk)
    form = StaffEntryForm(
        request.POST or None, survey=survey, language=request.LANGUAGE_CODE, touchpoints=_touchpoints(request)
    )
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        if not answers:
            form.add_error(None, _("Enter at least one answer."))
        else:
            try:
                with transaction.atomic():
                    response = services.response_start(
                        survey=survey,
                        source=ResponseSource.STAFF,
                        customer=customer,
                        language=customer.language,
                        channel=form.cleaned_data["interview_kind"],
                        staff=request.user,
                        interview_kind=form.cleaned_data["interview_kind"],
                        touchpoint=form.cleaned_data["touchpoint"],
                    )
                    services.response_submit_all(response=response, answers=answers)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("Answers saved."))
                return redirect("customer_detail", org_slug=org_slug, pk=customer.pk)
    return render(request, "surveys/staff_entry.html", {"form": form, "survey": survey, "customer": customer})


@requires(VIEW_SURVEYS)
def channel_list(request, org_slug):
    """Kiosks and website widgets: where they are, and what to paste or open."""
    organization = request.organization
    if request.membership.is_partner:
        raise PermissionDenied
    open_surveys = selectors.survey_list(organization=organization).filter(status=SurveyStatus.ACTIVE)
    forms_kwargs = {"surveys": open_surveys, "touchpoints": _touchpoints(request)}
    kiosk_form = KioskForm(prefix="kiosk", **forms_kwargs)
    widget_form = WidgetForm(prefix="widget", **forms_kwargs)
    if request.method == "POST":
        if not request.membership.can(CHANGE_SURVEYS):
            raise PermissionDenied
        kind = request.POST.get("kind")
        form = KioskForm(request.POST, prefix="kiosk", **forms_kwargs) if kind == "kiosk" else WidgetForm(
            request.POST, prefix="widget", **forms_kwargs
        )
        if form.is_valid():
            create = services.kiosk_create if kind == "kiosk" else services.widget_create
            try:
                create(organization=organization, **form.cleaned_data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("channel_list", org_slug=org_slug)
        if kind == "kiosk":
            kiosk_form = form
        else:
            widget_form = form
    context = {
        "kiosks": selectors.kiosk_list(organization=organization),
        "widgets": selectors.widget_list(organization=organization),
        "kiosk_form": kiosk_form,
        "widget_form": widget_form,
        "base_url": settings.HYMY_BASE_URL,
    }
    return render(request, "surveys/channel_list.html", context)


@requires(VIEW_SURVEYS)
def widget_preview(request, org_slug, pk):
    """A sample web page with the widget on it, to try the widget before pasting it anywhere."""
    if request.membership.is_partner:
        raise PermissionDenied
    widget = get_object_or_404(selectors.widget_list(organization=request.organization), pk=pk)
    return render(request, "surveys/widget_preview.html", {"widget": widget})
