"""Authentication that blocks a deactivated organisation's people at once.

Django asks `user_can_authenticate` both when someone signs in and, through `get_user`, on every
request of an existing session: clearing `Organisation.active` therefore signs its contributors
out on their next request, and setting it again lets them back in. Nothing else changes.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from .models import Contributor


class PartnerAwareBackend(ModelBackend):
    def user_can_authenticate(self, user):
        if not super().user_can_authenticate(user):
            return False
        try:
            membership = user.partner_membership
        except Contributor.DoesNotExist:
            return True
        return membership.organisation.active

    def get_user(self, user_id):
        # One query per request for everyone: the membership and organisation come with the user.
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("partner_membership__organisation").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
