"""Governance's background work. The meeting invitations' task lives beside the e-mails it sends
(`governance.invitations`), which the services import; it is named here so that the worker's autodiscovery of
`tasks` modules registers it."""

from .invitations import send_meeting_invitations

__all__ = ["send_meeting_invitations"]
