from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hymy.core.forms import form_add_service_errors
from hymy.tenancy.decorators import requires
from hymy.tenancy.permissions import IMPORT_DATA

from . import mapping, selectors, services
from .choices import ImportStatus
from .exports import rejections_export
from .forms import MappingForm, UploadForm

PROBLEMS_SHOWN = 50


@requires(IMPORT_DATA)
def import_list(request, org_slug):
    jobs = selectors.import_list(organization=request.organization)
    page = Paginator(jobs, 50).get_page(request.GET.get("page"))
    return render(request, "imports/import_list.html", {"page": page})


@requires(IMPORT_DATA)
def import_create(request, org_slug):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = services.import_upload(
                organization=request.organization,
                actor=request.user,
                membership=request.membership,
                kind=form.cleaned_data["kind"],
                file_name=upload.name,
                content=upload.read(),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect("import_detail", org_slug=org_slug, pk=job.pk)
    return render(request, "imports/import_create.html", {"form": form}, status=400 if form.errors else 200)


@requires(IMPORT_DATA)
def import_detail(request, org_slug, pk):
    job = selectors.import_get(organization=request.organization, pk=pk)
    context = {"job": job, "ImportStatus": ImportStatus}
    editable = job.status in (ImportStatus.MAPPING, ImportStatus.VALIDATED)
    if editable:
        form = MappingForm(
            request.POST if request.method == "POST" else None,
            kind=job.kind,
            headers=job.headers,
            initial=MappingForm.initial_from(job),
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.import_mapping_save(
                    job=job,
                    actor=request.user,
                    membership=request.membership,
                    columns=form.mapping(),
                    match_by=form.cleaned_data.get("match_by", []),
                    on_match=form.cleaned_data.get("on_match", ""),
                    all_or_nothing=form.cleaned_data["if_bad_rows"] == "nothing",
                    check="check" in request.POST,
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                return redirect("import_detail", org_slug=org_slug, pk=job.pk)
        context["form"] = form
        preview, encoding = services.import_preview(job=job)
        labels = {field.name: field.label for field in mapping.fields_for(job.kind)}
        mapped = [
            (int(column), name) for column, name in sorted(job.mapping.items(), key=lambda item: int(item[0]))
        ]
        context["preview_columns"] = [(column, labels.get(name, name), name) for column, name in mapped]
        context["preview"] = [
            {
                "row": row,
                "cells": [
                    selectors.preview_cell(row, column, name) for column, name in mapped
                ],
                "other_problems": [
                    text for key, text in row.problems.items() if key not in job.mapping.values()
                ],
            }
            for row in preview
        ]
        context["samples"] = {
            index: [row.cells[index] if index < len(row.cells) else "" for row in preview[:3]]
            for index in range(len(job.headers))
        }
        context["encoding"] = encoding
    elif request.method == "POST":
        messages.error(request, _("This import can no longer be changed."))
        return redirect("import_detail", org_slug=org_slug, pk=job.pk)
    rejections = selectors.rejection_list(job=job)
    context["rejections"] = rejections[:PROBLEMS_SHOWN]
    context["rejection_total"] = rejections.count()
    labels = {field.name: field.label for field in mapping.fields_for(job.kind)}
    context["field_labels"] = labels
    status = 400 if request.method == "POST" else 200
    return render(request, "imports/import_detail.html", context, status=status)


def _action(request, org_slug, pk, service, done_message):
    job = selectors.import_get(organization=request.organization, pk=pk)
    try:
        service(job=job, actor=request.user, membership=request.membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done_message)
    return redirect("import_detail", org_slug=org_slug, pk=pk)


@require_POST
@requires(IMPORT_DATA)
def import_start(request, org_slug, pk):
    return _action(request, org_slug, pk, services.import_start, _("The import has started."))


@require_POST
@requires(IMPORT_DATA)
def import_cancel(request, org_slug, pk):
    return _action(request, org_slug, pk, services.import_cancel, _("Nothing was imported."))


@require_POST
@requires(IMPORT_DATA)
def import_undo(request, org_slug, pk):
    return _action(request, org_slug, pk, services.import_undo_start, _("The import is being undone."))


@requires(IMPORT_DATA)
def import_progress(request, org_slug, pk):
    """A small answer for the progress bar, asked for every second while the import works."""
    job = selectors.import_get(organization=request.organization, pk=pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "processed": job.processed_rows,
            "total": job.total_rows,
            "percent": job.percent,
            "busy": job.is_busy,
        }
    )


@requires(IMPORT_DATA)
def import_rejected(request, org_slug, pk):
    job = selectors.import_get(organization=request.organization, pk=pk)
    return rejections_export(
        file_format=request.GET.get("export", "csv"), job=job, rejections=selectors.rejection_list(job=job)
    )

