"""Private storage for uploads (expense justifications, signed documents, proposal attachments): outside MEDIA_ROOT,
never given a URL, served only by an access-checked view.

The folder is `PRIVATE_MEDIA_ROOT` when the settings define it, else a sibling of MEDIA_ROOT named `<media>-private`.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateFileStorage(FileSystemStorage):
    @cached_property
    def base_location(self):
        configured = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
        if configured:
            return str(configured)
        media = Path(settings.MEDIA_ROOT)
        return str(media.with_name(media.name + "-private"))

    @cached_property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through an access-checked view.")


_storage = PrivateFileStorage()


def private_storage():
    return _storage
