from . import Entry, a, expect

ENTRIES = [
    Entry("consortia:detail", expect(), kwargs=a),
]
