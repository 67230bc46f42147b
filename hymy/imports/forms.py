from django import forms
from django.utils.translation import gettext_lazy as _

from . import mapping
from .choices import ImportKind, MatchBy, OnMatch


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("The file holds"), choices=ImportKind.choices, initial=ImportKind.CUSTOMERS
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (any separator, UTF-8 or Windows-1252, as Excel saves it) or Excel (XLSX)."),
    )


IF_BAD_ROWS = [
    ("good", _("Import the good rows and give me the rejected ones as a file")),
    ("nothing", _("Import nothing if any row is bad")),
]


class MappingForm(forms.Form):
    """One choice per column of the file ("column_0", "column_1", …), and what to do with matches."""

    match_by = forms.MultipleChoiceField(
        label=_("Find existing customers by"),
        choices=MatchBy.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    on_match = forms.ChoiceField(
        label=_("When the customer is already in the register"),
        choices=OnMatch.choices,
        widget=forms.RadioSelect,
    )
    if_bad_rows = forms.ChoiceField(
        label=_("If some rows are bad"), choices=IF_BAD_ROWS, widget=forms.RadioSelect
    )

    def __init__(self, *args, kind: str, headers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— do not import —"))] + [(f.name, f.label) for f in mapping.fields_for(kind)]
        self.columns = []
        for index, header in enumerate(headers):
            name = f"column_{index}"
            self.fields[name] = forms.ChoiceField(
                label=header or _("(no header)"), choices=choices, required=False
            )
            self.columns.append(name)
        if kind != ImportKind.CUSTOMERS:
            del self.fields["match_by"]
            del self.fields["on_match"]

    @classmethod
    def initial_from(cls, job) -> dict:
        initial = {f"column_{column}": name for column, name in job.mapping.items()}
        initial.update(
            match_by=job.match_by,
            on_match=job.on_match,
            if_bad_rows="nothing" if job.all_or_nothing else "good",
        )
        return initial

    def column_fields(self):
        return [self[name] for name in self.columns]

    def mapping(self) -> dict[str, str]:
        return {name.removeprefix("column_"): self.cleaned_data[name] for name in self.columns}
