"""The forms of the IATI import: the file, then (for a file of several activities) which one."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from alliances.partnerships.models import PartnershipType


class IatiUploadForm(forms.Form):
    file = forms.FileField(
        label=_("IATI activity file (.xml)"),
        help_text=_("An IATI 2.03 activity file, as published on the IATI Registry or d-portal."),
    )
    kind = forms.ChoiceField(
        label=_("Type of partnership"),
        choices=PartnershipType.choices,
        initial=PartnershipType.SOCIETAL_INNOVATION,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IATI_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large: at most %(size)s MB."),
                params={"size": settings.IATI_IMPORT_MAX_BYTES // (1024 * 1024)},
            )
        return upload


class IatiChooseForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    activity = forms.TypedChoiceField(
        label=_("Activity to import"), coerce=int, widget=forms.RadioSelect
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].choices = choices
