import pytest


def pytest_configure(config):
    from django.conf import settings

    # Argon2 is deliberately slow; tests hash many passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    from django.core.cache import cache
    from django.utils import translation

    settings.MEDIA_ROOT = tmp_path / "media"
    # Tests read messages as they are written in the code (English); the French default
    # is checked by tests that ask for it explicitly.
    settings.LANGUAGE_CODE = "en"
    translation.activate("en")
    cache.clear()
    yield
    cache.clear()
