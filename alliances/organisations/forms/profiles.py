import copy
import re
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alliances.core.forms import add_service_errors
from alliances.lib.identifiers import (
    normalise_insee_commune,
    normalise_rna,
    normalise_siren,
    normalise_siret,
)
from alliances.lib.images import LOGO_MAX_SIDE, format_size, validate_logo
from alliances.lib.richtext import with_formatting_help
from alliances.organisations.models import (
    SECTOR_OF_KIND,
    Cause,
    Kind,
    Organisation,
    Resource,
    ResourceDirection,
    Sector,
)
from alliances.organisations.selectors import profiles as selectors
from alliances.organisations.services import profiles as services

_PHONE = re.compile(r"^\+?[0-9 ().\-]{6,30}$")
# Whether other organisations may write to the administrators (matching introductions).
INTRODUCTIONS = "accepts_introductions"


def _kind_choices() -> list:
    grouped = []
    for sector in Sector:
        kinds = [(kind.value, kind.label) for kind in Kind if SECTOR_OF_KIND[kind] == sector]
        grouped.append((sector.label, kinds))
    return [("", _("Choose a type")), *grouped]


@dataclass
class Fieldset:
    legend: str
    help: str
    fields: list


class OrganisationForm(forms.ModelForm):
    """The profile as its creator fills it in."""

    website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=300,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url", "placeholder": "https://"}),
    )

    fieldsets_layout = (
        (_("About the organisation"), "", ("name", "kind", "mission", "is_public")),
        (
            _("Official numbers"),
            _("Optional, but they help partners and funders recognise you."),
            ("siren", "siret", "rna", "insee_code"),
        ),
        (_("Address"), "", ("address", "postal_code", "city", "commune_code")),
        (_("Contact"), "", ("website", "email", "phone")),
        (_("Size"), "", ("staff_count", "volunteer_count", "budget_band")),
    )

    class Meta:
        model = Organisation
        # The opt-out of introductions is only on the edit form (below): on the creation
        # form an unticked box would be read as a refusal.
        fields = tuple(name for name in services.PROFILE_FIELDS if name != INTRODUCTIONS)
        help_texts = {
            "siren": _("9 digits, as shown on annuaire-entreprises.data.gouv.fr."),
            "siret": _("14 digits. If you leave the SIREN empty, it is taken from the SIRET."),
            "rna": _(
                "For associations: the letter W followed by 9 digits, as on the receipt "
                "from the prefecture."
            ),
            "insee_code": _("For a commune only: its INSEE code, for example 86194."),
            "commune_code": _(
                "INSEE code of the commune where you are based, for example 86194 for Poitiers."
            ),
            "mission": with_formatting_help(_("In a few sentences: what you do, for whom, where.")),
        }
        widgets = {
            "mission": forms.Textarea(attrs={"rows": 6}),
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "postal_code": forms.TextInput(
                attrs={"autocomplete": "postal-code", "inputmode": "numeric"}
            ),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "siren": forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
            "siret": forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
            "rna": forms.TextInput(attrs={"spellcheck": "false"}),
            "insee_code": forms.TextInput(attrs={"spellcheck": "false"}),
            "commune_code": forms.TextInput(attrs={"spellcheck": "false"}),
        }

    def __init__(self, *args, instance: Organisation | None = None, **kwargs):
        # A copy: a refused form must leave the organisation shown beside it unchanged.
        super().__init__(*args, instance=copy.copy(instance) if instance else None, **kwargs)
        self.fields["kind"].choices = _kind_choices()
        for name in ("siren", "siret", "rna", "insee_code", "commune_code"):
            # Room for the spaces and dots people type; the stored value is compact.
            self.fields[name].max_length = 20
            self.fields[name].widget.attrs["maxlength"] = 20
            self.fields[name].validators = []
        self.fields["name"].widget.attrs["autocomplete"] = "organization"

    @property
    def fieldsets(self) -> list[Fieldset]:
        return [
            Fieldset(legend, help_text, [self[name] for name in names])
            for legend, help_text, names in self.fieldsets_layout
        ]

    @property
    def profile_data(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in services.PROFILE_FIELDS if name in self.fields
        }

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_siren(self) -> str:
        value = self.cleaned_data["siren"]
        return normalise_siren(value) if value else ""

    def clean_siret(self) -> str:
        value = self.cleaned_data["siret"]
        return normalise_siret(value) if value else ""

    def clean_rna(self) -> str:
        value = self.cleaned_data["rna"]
        return normalise_rna(value) if value else ""

    def clean_insee_code(self) -> str:
        value = self.cleaned_data["insee_code"]
        return normalise_insee_commune(value) if value else ""

    def clean_commune_code(self) -> str:
        value = self.cleaned_data["commune_code"]
        return normalise_insee_commune(value) if value else ""

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        if value and not _PHONE.match(value):
            raise ValidationError(
                _("Enter a telephone number with digits only, for example 05 49 00 00 00."),
                code="phone_invalid",
            )
        return value

    def clean(self):
        cleaned = super().clean()
        identifiers = ("siren", "siret", "rna", "insee_code")
        try:
            values = services.organisation_identifiers_clean(
                kind=cleaned.get("kind") or "",
                exclude_pk=self.instance.pk,
                **{name: cleaned.get(name) or "" for name in identifiers},
            )
        except ValidationError as exc:
            add_service_errors(self, exc)
        else:
            for name in identifiers:
                if name not in self.errors:
                    cleaned[name] = values[name]
        return cleaned


class CauseChoice:
    def __init__(self, cause: Cause, checked: bool):
        self.cause = cause
        self.checked = checked


class CauseMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        # Refuse what cannot be a cause's id before asking the database, which would
        # fail on a number larger than its integers.
        for pk in value:
            if not str(pk).isdigit() or len(str(pk)) > 9:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(pk)[:20]},
                )
        return super()._check_values(value)


class OrganisationEditForm(OrganisationForm):
    """The whole profile, causes included."""

    causes = CauseMultipleChoiceField(
        label=_("causes"),
        queryset=Cause.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    fieldsets_layout = (
        *OrganisationForm.fieldsets_layout,
        (
            _("Introductions"),
            _(
                "Organisations that Alliances suggests as partners may write to your "
                "administrators through the platform."
            ),
            (INTRODUCTIONS,),
        ),
    )

    class Meta(OrganisationForm.Meta):
        fields = (*OrganisationForm.Meta.fields, INTRODUCTIONS, "causes")

    def cause_groups(self) -> list[dict]:
        """The goals, each with its targets, and which of them are ticked."""
        ticked = {str(value) for value in (self["causes"].value() or [])}
        groups = []
        for group in selectors.cause_tree():
            targets = [CauseChoice(t, str(t.pk) in ticked) for t in group.targets]
            goal = CauseChoice(group.goal, str(group.goal.pk) in ticked)
            count = goal.checked + sum(target.checked for target in targets)
            groups.append({"goal": goal, "targets": targets, "count": count})
        return groups


class ResourcesForm(forms.Form):
    """For each resource and each direction: a box to tick and an optional detail."""

    # Unticking every box sends no box at all: this field tells that apart from a
    # truncated or forged request, which must not wipe the resources.
    sent = forms.CharField(widget=forms.HiddenInput, initial="1", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for direction in ResourceDirection.values:
            for resource in Resource:
                self.fields[f"{direction}_{resource.value}"] = forms.BooleanField(
                    label=resource.label, required=False
                )
                self.fields[f"{direction}_{resource.value}_detail"] = forms.CharField(
                    label=_("Detail: %(resource)s") % {"resource": resource.label},
                    required=False,
                    max_length=300,
                )

    @classmethod
    def initial_for(cls, resources) -> dict:
        initial = {}
        for item in resources:
            initial[f"{item.direction}_{item.resource}"] = True
            initial[f"{item.direction}_{item.resource}_detail"] = item.detail
        return initial

    def rows(self, direction: str) -> list[tuple]:
        return [
            (self[f"{direction}_{r.value}"], self[f"{direction}_{r.value}_detail"])
            for r in Resource
        ]

    @property
    def offered_rows(self) -> list[tuple]:
        return self.rows(ResourceDirection.OFFERED)

    @property
    def needed_rows(self) -> list[tuple]:
        return self.rows(ResourceDirection.NEEDED)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("sent") != "1":
            raise ValidationError(
                _("The form was not sent completely. Please try again."), code="incomplete"
            )
        for direction in ResourceDirection.values:
            for resource in Resource:
                key = f"{direction}_{resource.value}"
                if cleaned.get(f"{key}_detail") and not cleaned.get(key):
                    self.add_error(
                        f"{key}_detail",
                        ValidationError(
                            _("Tick “%(resource)s” to keep this detail, or clear the detail.")
                            % {"resource": resource.label},
                            code="detail_without_resource",
                        ),
                    )
        return cleaned

    def choices(self) -> list[services.ResourceChoice]:
        chosen = []
        for direction in ResourceDirection.values:
            for resource in Resource:
                key = f"{direction}_{resource.value}"
                if self.cleaned_data.get(key):
                    detail = self.cleaned_data.get(f"{key}_detail", "")
                    chosen.append(services.ResourceChoice(direction, resource.value, detail))
        return chosen


class LogoForm(forms.Form):
    logo = forms.FileField(
        label=_("New logo"),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["logo"].help_text = _(
            "PNG, JPEG or WEBP image, at most %(size)s and %(side)s×%(side)s pixels. "
            "A square logo looks best."
        ) % {"size": format_size(settings.LOGO_MAX_BYTES), "side": LOGO_MAX_SIDE}

    def clean_logo(self):
        logo = self.cleaned_data["logo"]
        validate_logo(logo)
        return logo
