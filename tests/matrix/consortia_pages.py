from . import Entry, a, expect


def structure_of_a(cast):
    return {**a(cast), "structure_id": cast.member_a.pk}


ENTRIES = [
    Entry("consortia:detail", expect(), kwargs=a),
    Entry("consortia:members", expect(), kwargs=a),
    Entry("consortia:structure", expect(), kwargs=structure_of_a),
    Entry("consortia:network", expect(), kwargs=a),
    Entry("consortia:coverage", expect(), kwargs=a),
    Entry("consortia:eligibility", expect(), kwargs=a),
]
