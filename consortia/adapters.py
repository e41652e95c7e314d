from allauth.account.adapter import DefaultAccountAdapter


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """No public sign-up: accounts are created by a platform admin or a consortium coordinator."""

    def is_open_for_signup(self, request):
        return False
