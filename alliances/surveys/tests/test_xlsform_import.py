"""Importing the real XLSForm files: what imports, what is refused, what is left out."""

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

from alliances.surveys.answers import clean_answers
from alliances.surveys.definition import find_question, iter_questions, validate_definition
from alliances.surveys.xlsform import XLSFormError, import_xlsform

FORMS = Path(__file__).parent / "xlsform"


def load(name, *, leave_out=False):
    with open(FORMS / f"{name}.xlsx", "rb") as file:
        return import_xlsform(file, filename=f"{name}.xlsx", leave_out_unsupported=leave_out)


@pytest.mark.parametrize("name", ["choice_filter_test", "field-list", "loop"])
def test_clean_forms_import_without_any_problem(name):
    result = load(name)
    assert result.problems == []
    assert result.left_out == []
    assert validate_definition(result.definition) == []


def test_cascading_select_filters_choices():
    result = load("choice_filter_test")
    definition = result.definition
    assert result.title == "cascading selects"
    county = find_question(definition, "county")
    assert county["type"] == "select_one"
    assert county["choice_filter"] == "${state}=cf"
    assert {"name": "pierce", "label": {"default": "Pierce"}, "filter": {"cf": "washington"}} in (
        county["choices"]
    )
    good = {"state": "washington", "county": "pierce", "city": "tacoma"}
    assert clean_answers(definition, good, today=date(2024, 5, 1)) == (good, {})
    answers, errors = clean_answers(
        definition, {"state": "texas", "county": "pierce", "city": "tacoma"}, today=date(2024, 5, 1)
    )
    assert set(errors) == {"county"}
    # "king" exists in Texas and in Washington: either state accepts it.
    answers, errors = clean_answers(
        definition, {"state": "texas", "county": "king", "city": "dumont"}, today=date(2024, 5, 1)
    )
    assert errors == {}


def test_field_list_group_and_languages():
    definition = load("field-list").definition
    assert definition["languages"] == ["english", "chinese"]
    group = definition["items"][0]
    assert group["type"] == "group"
    question = group["items"][0]
    assert question["type"] == "select_one"
    # The plain "label" column of the choices fills the languages without a translation.
    assert question["choices"][0]["label"] == {"english": "Yes", "chinese": "是"}
    assert question["row"] == 3


def test_loop_becomes_one_group_per_choice():
    definition = load("loop").definition
    assert definition["languages"] == ["english"]
    groups = [item for item in definition["items"] if item["type"] == "group"]
    assert [g["name"] for g in groups] == [
        "loop_toilet_types_pit_latrine_with_slab",
        "loop_toilet_types_open_pit_latrine",
        "loop_toilet_types_bucket_system",
        "loop_toilet_types_other",
    ]
    number = groups[0]["items"][0]
    assert number["type"] == "integer"
    assert number["label"]["english"] == "How many Pit latrine with slab are on the premises?"
    assert find_question(definition, "available_toilet_types")["type"] == "select_multiple"
    answers, errors = clean_answers(
        definition,
        {
            "available_toilet_types": ["other"],
            "available_toilet_types_other": "Compost",
            "loop_toilet_types_bucket_system_number": "2",
        },
        today=date(2024, 5, 1),
    )
    assert errors == {}
    assert answers["loop_toilet_types_bucket_system_number"] == 2


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("flat_xlsform_test", {("geopoint_test", 34, "geopoint"), ("image_test", 36, "photo")}),
        (
            "UCL_Biomass_Plot_Form",
            {("region_id", 16, "select_one_from_file"), ("center_point", 22, "geopoint")},
        ),
    ],
)
def test_forms_with_unsupported_questions_are_refused(name, expected):
    with pytest.raises(XLSFormError) as raised:
        load(name)
    problems = raised.value.problems
    found = {(p.message.split("”")[0].lstrip("“"), p.row, p.feature) for p in problems}
    assert expected <= found
    assert all(p.sheet == "survey" and p.row for p in problems)


@pytest.mark.parametrize("name", ["flat_xlsform_test", "UCL_Biomass_Plot_Form"])
def test_unsupported_questions_can_be_left_out(name):
    result = load(name, leave_out=True)
    definition = result.definition
    assert validate_definition(definition) == []
    assert result.left_out
    left_out = {p.feature for p in result.left_out}
    names = {item["name"] for item in iter_questions(definition)}
    for problem in result.left_out:
        assert problem.sheet == "survey" and problem.row
    assert definition["left_out"] and not set(definition["left_out"]) & names
    if name == "flat_xlsform_test":
        assert {"geopoint", "barcode", "photo", "audio", "video"} <= left_out
        # Device identifiers are never collected: notes, not problems.
        notes = {p.feature for p in result.notes}
        assert {"deviceid", "simserial", "phonenumber", "uri:deviceid"} <= notes
        assert not names & {"deviceid", "simserial", "phonenumber", "uri_deviceid"}
        assert definition["languages"] == ["english", "chinese"]
        message = find_question(definition, "select_multiple_test")["constraint_message"]
        assert message["chinese"].startswith("對不起")
    else:
        assert definition["languages"] == ["Swahili (sw)", "English (en)"]
        stems = find_question(definition, "stems")
        assert stems["type"] == "repeat" and stems["repeat_count"] == "${stem_count}"
        assert find_question(definition, "deviceid") is None


def test_flat_form_answers_are_cleaned():
    definition = load("flat_xlsform_test", leave_out=True).definition
    answers, errors = clean_answers(
        definition,
        {
            "skip_to_end": "no",
            "my_name": "Ana",
            "a_integer": "3",
            "a_decimal": "4.5",
            "select_multiple_test": ["yes", "no"],
            "date_test": "2024-01-02",
        },
        today=date(2024, 5, 1),
        language="chinese",
    )
    assert errors["a_decimal"]  # constraint . <= ${a_integer}
    assert errors["required_text"] == "Custom required message."
    assert errors["select_multiple_test"].startswith("對不起")
    assert answers["calculate_test"] == 4
    assert answers["today"] == "2024-05-01"
    answers, errors = clean_answers(
        definition, {"skip_to_end": "yes", "my_name": "x"}, today=date(2024, 5, 1)
    )
    assert errors == {}
    assert "my_name" not in answers  # not relevant: dropped


def test_ucl_repeats_and_counts():
    definition = load("UCL_Biomass_Plot_Form", leave_out=True).definition
    answers, errors = clean_answers(
        definition,
        {
            "any_trees": "yes",
            "slope": "10",
            "stem_count": "2",
            "trees": [
                {
                    "tag": "7",
                    "tree_distance": "20",
                    "stem_count": "2",
                    "stems": [{"cbh": "30"}, {"cbh": "1"}],
                }
            ],
        },
        today=date(2024, 5, 1),
        language="English (en)",
    )
    assert answers["slope_radius"] == 15.04
    assert errors["trees.1.tree_distance"] == "Check distance. Tree is outside the plot."
    assert "trees.1.stems.1.cbh" not in errors
    assert errors["trees.1.stems.2.cbh"].startswith("Minimum circumference")


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not a workbook at all",
        b"PK\x03\x04broken zip",
        b"%PDF-1.4 something",
    ],
)
def test_unreadable_files_are_refused_with_a_problem(content):
    with pytest.raises(XLSFormError) as raised:
        import_xlsform(io.BytesIO(content), filename="x.xlsx", leave_out_unsupported=True)
    assert raised.value.problems[0].feature == "file"


def workbook(survey, choices=None, settings=None):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    for title, rows in (("choices", choices), ("settings", settings)):
        if rows:
            extra = book.create_sheet(title)
            for row in rows:
                extra.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_zip_without_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(XLSFormError):
        import_xlsform(out.getvalue(), filename="x.xlsx", leave_out_unsupported=False)


def test_missing_survey_sheet():
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "questions"
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(XLSFormError) as raised:
        import_xlsform(out.getvalue(), filename="x.xlsx", leave_out_unsupported=False)
    assert raised.value.problems[0].sheet == "survey"


@pytest.mark.parametrize(
    ("survey", "row"),
    [
        ([["type", "name", "label"], ["integer", "age", "Age"], ["integer", "age", "Again"]], 3),
        ([["type", "name", "label"], ["flying carpet", "x", "X"]], 2),
        ([["type", "name", "label"], ["begin group", "g", "G"], ["text", "t", "T"]], 2),
        (
            [
                ["type", "name", "label", "relevant"],
                ["text", "a", "A", ""],
                ["text", "b", "B", "${a} = = 1"],
            ],
            3,
        ),
        ([["type", "name", "label", "relevant"], ["text", "a", "A", "${nobody} = 1"]], 2),
        ([["type", "name", "label"], ["select_one colours", "c", "C"]], None),
    ],
    ids=[
        "duplicate",
        "unknown type",
        "unclosed group",
        "bad expression",
        "unknown ref",
        "no choices",
    ],
)
def test_bad_forms_name_sheet_and_row(survey, row):
    with pytest.raises(XLSFormError) as raised:
        import_xlsform(workbook(survey), filename="bad.xlsx", leave_out_unsupported=True)
    problems = raised.value.problems
    assert problems
    if row is None:  # pyxform names the missing choices sheet
        assert problems[0].sheet == "choices"
    else:
        assert any(p.row == row and p.sheet == "survey" for p in problems), problems


def test_small_form_maps_types_translations_and_settings():
    content = workbook(
        [
            [
                "type",
                "name",
                "label::Français (fr)",
                "label::English (en)",
                "required",
                "constraint",
                "constraint_message::Français (fr)",
                "relevant",
                "appearance",
            ],
            ["integer", "age", "Âge", "Age", "yes", ". < 130", "Trop grand", "", ""],
            ["begin repeat", "kids", "Enfants", "Children", "", "", "", "${age} > 18", ""],
            ["dateTime", "born", "Né le", "Born", "", "", "", "", ""],
            ["end repeat", "", "", "", "", "", "", "", ""],
            ["select_multiple likes", "likes", "Goûts", "Likes", "", "", "", "", "minimal"],
            ["username", "who", "", "", "", "", "", "", ""],
            ["range", "scale", "Échelle", "Scale", "", "", "", "", ""],
        ],
        choices=[
            ["list_name", "name", "label::Français (fr)"],
            ["likes", "a", "A"],
            ["likes", "b", "B"],
        ],
        settings=[["form_title", "default_language"], ["Ma enquête", "English (en)"]],
    )
    result = import_xlsform(content, filename="x.xlsx", leave_out_unsupported=True)
    definition = result.definition
    assert result.title == "Ma enquête"
    assert definition["languages"] == ["English (en)", "Français (fr)"]
    age = find_question(definition, "age")
    assert age == {
        "name": "age",
        "type": "integer",
        "label": {"English (en)": "Age", "Français (fr)": "Âge"},
        "constraint": ". < 130",
        "required": True,
        "constraint_message": {"English (en)": "Trop grand", "Français (fr)": "Trop grand"},
        "row": 2,
    }
    assert find_question(definition, "born")["type"] == "datetime"
    assert find_question(definition, "kids")["relevant"] == "${age} > 18"
    assert find_question(definition, "likes")["appearance"] == "minimal"
    assert [p.feature for p in result.left_out] == ["range"]
    assert [p.row for p in result.left_out] == [8]
    assert [p.feature for p in result.notes] == ["username"]
    with pytest.raises(XLSFormError):
        import_xlsform(content, filename="x.xlsx", leave_out_unsupported=False)


def test_django_uploaded_file_is_accepted():
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("field-list.xlsx", (FORMS / "field-list.xlsx").read_bytes())
    result = import_xlsform(upload, filename=upload.name, leave_out_unsupported=False)
    assert result.title == "field-list"
