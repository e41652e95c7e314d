from . import ACTORS, Entry

everyone_logged_in = {actor: 200 for actor in ACTORS} | {"anonymous": 302}

ENTRIES = [
    Entry("dashboard", everyone_logged_in),
    Entry("profile", everyone_logged_in),
    # revoking one's own token (none yet): every logged-in person may, and is sent back to the profile
    Entry(
        "profile",
        {actor: 302 for actor in ACTORS},
        method="post",
        data=lambda cast: {"action": "revoke_token"},
    ),
    Entry("healthz", {actor: 200 for actor in ACTORS}),
]
