"""Published impact pages and their open data, for everyone.

The walk's page is published with the agreement of all three parties and shows a finished
report whose PDF exists: anyone, signed in or not, reads the list, the page, its CSV and JSON
files, its preview image and the report.
"""

from alliances.tests.expected import S

PAGE = ("page_uuid",)
EVERYONE = S(200, 200, 200, 200, 200, 200, 200)

EXPECTED: dict = {
    "public_pages:list": ("get", (), EVERYONE),
    "public_pages:detail": ("get", PAGE, EVERYONE),
    "public_pages:data_csv": ("get", PAGE, EVERYONE),
    "public_pages:data_json": ("get", PAGE, EVERYONE),
    "public_pages:preview": ("get", PAGE, EVERYONE),
    "public_pages:report": ("get", PAGE, EVERYONE),
}
