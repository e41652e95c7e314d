"""The programme dashboard, its export and the comparison: AVIQ reviewers and platform admins only."""

from . import Entry
from .aviq_review import AVIQ

ENTRIES = [
    Entry("aviq:programme", AVIQ),
    Entry("aviq:programme_export", AVIQ),
    Entry("aviq:compare", AVIQ),
]
