"""A person's own privacy pages and the public privacy notice.

Every signed-in person sees their own data and the account deletion page (which only asks
for confirmation on GET); the notice is public.
"""

from alliances.tests.expected import S

EVERYONE = S(200, 200, 200, 200, 200, 200, 200)
LOGGED_IN = S(302, 200, 200, 200, 200, 200, 200)

EXPECTED: dict = {
    "privacy:my_data": ("get", (), LOGGED_IN),
    "privacy:my_data_json": ("get", (), LOGGED_IN),
    "privacy:delete_account": ("get", (), LOGGED_IN),
    "privacy:notice": ("get", (), EVERYONE),
}
