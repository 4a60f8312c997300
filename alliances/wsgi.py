import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliances.settings")
application = get_wsgi_application()

# Loaded once in the server's master process (gunicorn preloads the application), so that
# the workers share scikit-learn and SciPy instead of each importing them on their first
# partner suggestion.
import alliances.matching.index  # noqa: E402, F401
