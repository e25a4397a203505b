"""The WSGI application gunicorn serves (`gunicorn coappoint.wsgi`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coappoint.settings.production")
application = get_wsgi_application()
