"""Surveys built by a partnership's team: create, change, open, close and delete them, edit
their questions, import them from an XLSForm file.

Every write locks the survey row, works on a copy of its definition and saves it whole, so two
people editing questions at once never lose each other's change. Once a survey has responses,
each change of its questions bumps `version` (each response records the version it answered).
Answers already given are never rewritten: a response's content hash guards the retries of
devices that sent it, so renaming or deleting a question leaves the old answers where they are,
and the page asks for a confirmation first. A closed partnership is read-only.
"""

from alliances.surveys.services.surveys.lifecycle import (  # noqa: F401
    LANGUAGES,
    ConfirmationNeeded,
    default_consent_text,
    import_file_discard,
    import_file_keep,
    import_file_open,
    opening_problems,
    survey_close,
    survey_create,
    survey_delete,
    survey_import_xlsform,
    survey_open,
    survey_update,
)
from alliances.surveys.services.surveys.questions import (  # noqa: F401
    question_delete,
    question_move,
    question_save,
)
from alliances.surveys.services.surveys.tree import (  # noqa: F401
    answered_count,
    is_section,
    locate,
    names_within,
    order_problems,
    referencing,
    walk,
)
