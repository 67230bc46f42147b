"""The rejected rows as a file: the file's own columns, then the row number and what was wrong."""

from django.utils.translation import gettext as _

from hymy.core.exports import export_table

from . import mapping


def rejections_export(*, file_format: str, job, rejections):
    labels = {field.name: str(field.label) for field in mapping.fields_for(job.kind)}
    width = len(job.headers)

    def reasons(problems: dict) -> str:
        return "; ".join(
            f"{labels[name]}: {text}" if name in labels else text for name, text in problems.items()
        )

    def rows():
        for rejection in rejections.iterator(chunk_size=2000):
            values = list(rejection.values)[:width]
            values += [""] * (width - len(values))
            yield [rejection.row_number, *values, reasons(rejection.problems)]

    return export_table(
        file_format=file_format,
        what="rejected-rows",
        title=_("Rejected rows"),
        organization=job.organization,
        headers=[_("Row"), *job.headers, _("Problems")],
        rows=rows(),
    )
