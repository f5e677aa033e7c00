"""The production WSGI application, plus WhiteNoise serving MEDIA_ROOT (the seeded images and their
renditions) for benchmarks/lighthouse.py, where no web server sits in front of gunicorn."""

from django.conf import settings
from whitenoise import WhiteNoise

from cms.wsgi import application as django_application

application = WhiteNoise(django_application, max_age=60 * 60 * 24 * 365)
application.add_files(str(settings.MEDIA_ROOT), prefix=settings.MEDIA_URL)
