"""AVIQ's review of what consortia submit: the comments (public or private) and the history of review events.

Below budget and reporting (they record their workflow events here and show public comments on their pages), above
consortia. Who sees a private annotation is written once, in `selectors.visible_comments`.
"""
