from . import ACTORS, Entry

everyone_logged_in = {actor: 200 for actor in ACTORS} | {"anonymous": 302}

ENTRIES = [
    Entry("dashboard", everyone_logged_in),
    Entry("profile", everyone_logged_in),
    Entry("healthz", {actor: 200 for actor in ACTORS}),
]
