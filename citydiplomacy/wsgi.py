"""WSGI entry point for production servers (waitress via `citydiplomacy serve`, gunicorn...)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citydiplomacy.settings")

application = get_wsgi_application()
