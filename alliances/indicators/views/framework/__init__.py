"""Results framework pages: the tree of objectives, outcomes and indicators, their forms, the
library of ready-made indicators, and the spreadsheet import and export.

Every member reads the framework; editors of any party change it (it is shared); a closed
partnership is read-only.
"""

from django.urls import path

from alliances.indicators.views.framework.indicators import (
    indicator,
    indicator_create,
    indicator_edit,
)
from alliances.indicators.views.framework.library import library_page
from alliances.indicators.views.framework.spreadsheets import (
    framework_export,
    framework_template,
    import_confirm,
    import_upload,
)
from alliances.indicators.views.framework.tree import (
    framework,
    indicator_delete,
    indicator_move,
    objective_create,
    objective_delete,
    objective_edit,
    objective_move,
    outcome_create,
    outcome_delete,
    outcome_edit,
    outcome_move,
)

urlpatterns = [
    path("", framework, name="framework"),
    path("objectives/new/", objective_create, name="objective_create"),
    path("objectives/<uuid:objective_uuid>/edit/", objective_edit, name="objective_edit"),
    path("objectives/<uuid:objective_uuid>/delete/", objective_delete, name="objective_delete"),
    path("objectives/<uuid:objective_uuid>/move/", objective_move, name="objective_move"),
    path("objectives/<uuid:objective_uuid>/outcomes/new/", outcome_create, name="outcome_create"),
    path("outcomes/<uuid:outcome_uuid>/edit/", outcome_edit, name="outcome_edit"),
    path("outcomes/<uuid:outcome_uuid>/delete/", outcome_delete, name="outcome_delete"),
    path("outcomes/<uuid:outcome_uuid>/move/", outcome_move, name="outcome_move"),
    path("outcomes/<uuid:outcome_uuid>/indicators/new/", indicator_create, name="indicator_create"),
    path("indicators/<uuid:indicator_uuid>/", indicator, name="indicator"),
    path("indicators/<uuid:indicator_uuid>/edit/", indicator_edit, name="indicator_edit"),
    path("indicators/<uuid:indicator_uuid>/delete/", indicator_delete, name="indicator_delete"),
    path("indicators/<uuid:indicator_uuid>/move/", indicator_move, name="indicator_move"),
    path("library/", library_page, name="library"),
    path("import/", import_upload, name="framework_import"),
    path("import/confirm/", import_confirm, name="framework_import_confirm"),
    path("framework-template.xlsx", framework_template, name="framework_template"),
    path("framework.xlsx", framework_export, name="framework_export"),
]
