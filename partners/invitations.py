"""Inviting a partner's people: the user, their membership, and a single-use link to set a password.

The link is Django's password-reset mechanism with a salt of its own, so a password-reset token
is never an invitation and the other way round. It is single use because the token hashes the
user's password: once a password is set, every earlier link is refused. It expires after
PARTNER_INVITATION_DAYS days (settings). The view that accepts it is partners/views_invitations.py.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from wagtail.users.models import UserProfile

from .models import Contributor
from .spaces import contributors_group, ensure_space

VALID, EXPIRED, INVALID = "valid", "expired", "invalid"


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "partners.invitations.InvitationTokenGenerator"

    @property
    def timeout(self):
        """Seconds a link stays valid; read per check so a changed setting applies at once."""
        return int(settings.PARTNER_INVITATION_DAYS) * 24 * 60 * 60

    def status(self, user, token):
        """VALID, EXPIRED (genuine but too old) or INVALID (forged, or used: the password changed)."""
        if not (user and token):
            return INVALID
        try:
            timestamp = base36_to_int(token.split("-")[0])
        except ValueError:
            return INVALID
        # Django's check_token ages tokens by PASSWORD_RESET_TIMEOUT; the hash check is the same.
        genuine = any(
            self._make_token_with_timestamp(user, timestamp, secret) == token
            for secret in [self.secret, *self.secret_fallbacks]
        )
        if not genuine:
            return INVALID
        if self._num_seconds(self._now()) - timestamp > self.timeout:
            return EXPIRED
        return VALID

    def check_token(self, user, token):
        return self.status(user, token) == VALID


invitation_tokens = InvitationTokenGenerator()


def invitation_path(user):
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("partners_invitation", kwargs={"uidb64": uidb64, "token": invitation_tokens.make_token(user)})


def invitation_url(user):
    """The absolute link for the e-mail or the operator's terminal (WAGTAILADMIN_BASE_URL)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + invitation_path(user)


def preferred_language(user):
    """The language the person chose (or was invited in); the site's default otherwise."""
    profile = UserProfile.objects.filter(user=user).first()
    return (profile and profile.preferred_language) or settings.LANGUAGE_CODE


def join(user, organisation):
    """Make `user` a contributor of `organisation` and a member of its group; idempotent."""
    organisation = organisation.source
    ensure_space(organisation)
    contributor, _created = Contributor.objects.get_or_create(user=user, defaults={"organisation": organisation})
    group = contributors_group(organisation)
    if group is not None:
        user.groups.add(group)  # adding an existing membership is a no-op
    return contributor


def send_invitation(contributor, invited_by=None):
    """E-mail the person a fresh link, in their language, and note when it was sent."""
    user = contributor.user
    with translation.override(preferred_language(user)):
        context = {
            "user": user,
            "organisation": contributor.organisation,
            "invited_by": invited_by,
            "url": invitation_url(user),
            "days": settings.PARTNER_INVITATION_DAYS,
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = " ".join(render_to_string("partners/emails/invitation_subject.txt", context).split())
        body = render_to_string("partners/emails/invitation.txt", context)
    send_mail(subject, body, None, [user.email])
    contributor.invited_at = timezone.now()
    if invited_by is not None:
        contributor.invited_by = invited_by
    contributor.save(update_fields=["invited_at", "invited_by"])
    return contributor


@transaction.atomic
def invite(organisation, *, email, username, first_name="", last_name="", language="", invited_by=None):
    """A new user who can only sign in once they set a password through the e-mailed link."""
    user = get_user_model()(
        username=username, email=email, first_name=first_name, last_name=last_name, is_active=True, is_staff=False
    )
    user.set_unusable_password()
    user.save()
    if language:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save(update_fields=["preferred_language"])
    contributor = join(user, organisation)
    return send_invitation(contributor, invited_by=invited_by)
