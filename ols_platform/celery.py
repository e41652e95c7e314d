import logging
import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ols_platform.settings")

app = Celery("ols_platform")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def _flush_outbox_on_start(**kwargs):
    """A worker coming back (after Redis or the worker was down) first sends what waited in the outbox."""
    from .outbox import flush

    try:
        flush()
    except Exception:  # the worker must start all the same; beat flushes again within the minute
        logging.getLogger(__name__).exception("Outbox flush at worker start failed.")
