"""Forms of the survey builder: a survey's settings, one question of any type, an XLSForm file."""

from alliances.surveys.forms.builder.question import (  # noqa: F401
    BUILDER_TYPES,
    PERSONAL_KINDS,
    QuestionForm,
    builder_kind,
    slug_name,
    unique_name,
)
from alliances.surveys.forms.builder.survey import (  # noqa: F401
    LANGUAGE_CHOICES,
    MAX_IMPORT_BYTES,
    SurveyForm,
    XLSFormUploadForm,
    language_name,
)
