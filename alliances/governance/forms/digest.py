from django import forms
from django.utils.translation import gettext_lazy as _


class DigestForm(forms.Form):
    # Unticked is a complete answer (no digest): the form cannot be invalid.
    weekly = forms.BooleanField(
        label=_("Send me the weekly digest"),
        required=False,
        help_text=_(
            "Once a week, an e-mail with what happened in your partnerships, your actions due "
            "soon, your next meetings and the votes and health checks waiting for you. Nothing "
            "is sent in a week with nothing to tell."
        ),
    )
