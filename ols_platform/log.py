"""Logging: one line per event, once.

Django logs every 4xx answer of a view on `django.request` with the exception's traceback (a 403 printed some forty
lines); a refused request is the client's business, not a fault: its line stays, its traceback goes. 5xx keep theirs.
"""

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
