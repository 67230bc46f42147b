"""The response inbox as a file: the same responses the inbox's filters show, every page of them.

Layout: one row per response and **one column per question**, so that scores stay numbers a
spreadsheet can average. When the export holds responses to one survey, a column is headed by the
question's text; when it mixes surveys, by "survey: question", and questions that a response's survey
does not have are empty. The columns are in a stable order — survey name, survey, question position —
so two exports of the same filters line up. A question with a "Why?" follow-up (or with answers that
have one) gets a second column for it. A score is a number, except yes/no, which reads "Yes"/"No" as
on the page; chosen options are their labels in the reader's language, separated by commas.
"""

from collections.abc import Iterator

from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from hymy.core.exports import export_format, export_table
from hymy.core.texts import text_in
from hymy.tenancy.choices import Language
from hymy.tenancy.models import Organization

from .choices import QuestionKind
from .models import Answer, Question, Response

CHUNK = 1000


def response_list_export(
    *, file_format: str, organization: Organization, responses: QuerySet[Response]
) -> HttpResponse:
    """`responses` comes from `selectors.response_list`, already filtered and scoped to the member."""
    file_format = export_format(file_format)
    language = translation.get_language() or organization.default_language
    questions = list(
        Question.objects.filter(survey__in=responses.values("survey_id"))
        .select_related("survey")
        .order_by("survey__name", "survey_id", "position", "id")
    )
    answered_why = set(
        Answer.objects.filter(response__in=responses.values("pk"))
        .filter(~Q(followup_text=""))
        .values_list("question_id", flat=True)
        .distinct()
    )
    with_why = {question.pk for question in questions if question.has_followup or question.pk in answered_why}
    is_mixed = len({question.survey_id for question in questions}) > 1

    headers = [_("When"), _("Survey"), _("Customer"), _("Touchpoint"), _("Channel"), _("Language")]
    for question in questions:
        text = text_in(question.text, language, organization.default_language)
        if is_mixed:
            text = f"{question.survey.name}: {text}"
        headers.append(text)
        if question.pk in with_why:
            headers.append(_("%(question)s — why") % {"question": text})

    return export_table(
        file_format=file_format,
        what="responses",
        title=_("Responses"),
        organization=organization,
        headers=headers,
        rows=_rows(responses, questions, with_why, language, organization.default_language),
    )


def _rows(responses, questions, with_why, language, fallback) -> Iterator[list]:
    languages = dict(Language.choices)
    for response in responses.iterator(chunk_size=CHUNK):
        answers = {answer.question_id: answer for answer in response.answers.all()}
        row = [
            response.started_at,
            response.survey.name,
            response.customer.name if response.customer_id else "",
            response.touchpoint.name if response.touchpoint_id else "",
            response.get_source_display(),
            str(languages.get(response.language, response.language)),
        ]
        for question in questions:
            answer = answers.get(question.pk)
            row.append(_answer_value(question, answer, language, fallback) if answer else None)
            if question.pk in with_why:
                row.append(answer.followup_text if answer else None)
        yield row


def _answer_value(question: Question, answer: Answer, language: str, fallback: str):
    """The answer as the page shows it, but a score as a number."""
    if answer.score is not None:
        if question.kind == QuestionKind.YES_NO:
            return _("Yes") if answer.score == 1 else _("No")
        return answer.score
    if answer.choices:
        labels = {choice.get("value"): choice.get("label") for choice in question.choices or []}
        return ", ".join(
            text_in(labels[value], language, fallback) if isinstance(labels.get(value), dict) else str(value)
            for value in answer.choices
        )
    return answer.text
