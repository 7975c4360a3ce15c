"""`add_partner_user ORG_SLUG USERNAME --email E` (contracts §7): a contributor for operators' scripts.

Creates the user, or updates the one with that username, as a contributor of the organisation,
in its group. The password comes from MEP_USER_PASSWORD when it is set (never a prompt);
otherwise an invitation link is printed. Running it twice changes nothing. Refused, with exit
status 1 and nothing written: an unknown or deactivated organisation, a user who contributes for
another organisation, a superuser or staff member, an e-mail address another user has.
"""

import os

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from partners.invitations import invitation_url, join
from partners.models import Contributor, Organisation

PASSWORD_VARIABLE = "MEP_USER_PASSWORD"  # noqa: S105 - the variable's name, not a password


class Command(BaseCommand):
    help = "Create or update a contributor of a partner organisation (password from MEP_USER_PASSWORD, or a link)."

    def add_arguments(self, parser):
        parser.add_argument("org_slug", help="The organisation's slug, as in partners.json.")
        parser.add_argument("username")
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", default=None)
        parser.add_argument("--last-name", default=None)

    def handle(self, *args, org_slug, username, email, first_name, last_name, **options):
        organisation = Organisation.objects.default_locale().filter(slug=org_slug).first()
        if organisation is None:
            known = ", ".join(
                Organisation.objects.default_locale().order_by("slug").values_list("slug", flat=True)[:20]
            )
            raise CommandError(f"Unknown organisation {org_slug!r}. Known slugs include: {known or '(none)'}.")
        if not organisation.active:
            raise CommandError(f"{organisation} is deactivated; reactivate it before adding people.")
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not a valid e-mail address.") from None

        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        self.refuse_if_not_ours(user, organisation, email, user_model)
        password = os.environ.get(PASSWORD_VARIABLE) or None

        with transaction.atomic():
            created = user is None
            changed = self.apply(user_model, user, username, email, first_name, last_name, password)
            user = changed.pop("user")
            contributor = join(user, organisation)  # idempotent: the membership and the group
            if password and contributor.joined_at is None:
                contributor.joined_at = timezone.now()
                contributor.save(update_fields=["joined_at"])
            if not password and contributor.invited_at is None:
                contributor.invited_at = timezone.now()
                contributor.save(update_fields=["invited_at"])

        verb = "created" if created else ("updated" if changed["fields"] else "unchanged")
        self.stdout.write(f"{verb}: {user.get_username()} contributes for {organisation} ({organisation.slug}).")
        if password:
            note = "set" if changed["password"] else "unchanged"
            self.stdout.write(f"Password from {PASSWORD_VARIABLE}: {note}.")
        else:
            if user.has_usable_password():
                self.stdout.write("They have a password already; following this link replaces it.")
            self.stdout.write(f"Invitation link (single use): {invitation_url(user)}")

    def refuse_if_not_ours(self, user, organisation, email, user_model):
        others = user_model.objects.filter(email__iexact=email)
        if user is not None:
            others = others.exclude(pk=user.pk)
        if others.exists():
            raise CommandError(f"Another user has the e-mail address {email}; nothing changed.")
        if user is None:
            return
        if user.is_superuser or user.is_staff:
            raise CommandError(
                f"{user.get_username()} is a superuser or staff member and cannot be made a partner contributor."
            )
        membership = Contributor.objects.filter(user=user).select_related("organisation").first()
        if membership and membership.organisation_id != organisation.pk:
            raise CommandError(
                f"{user.get_username()} already contributes for {membership.organisation} "
                f"({membership.organisation.slug}); a person belongs to one organisation."
            )

    def apply(self, user_model, user, username, email, first_name, last_name, password):
        """Create or update the user; only what differs is written."""
        if user is None:
            user = user_model(username=username, is_active=True, is_staff=False)
            user.set_unusable_password()
        fields = []
        wanted = {"email": email, "first_name": first_name, "last_name": last_name}
        for name, value in wanted.items():
            if value is not None and getattr(user, name) != value:
                setattr(user, name, value)
                fields.append(name)
        password_changed = bool(password) and not user.check_password(password)
        if password_changed:
            user.set_password(password)
            fields.append("password")
        if user.pk is None:
            user.save()
        elif fields:
            user.save(update_fields=fields)
        return {"user": user, "fields": fields, "password": password_changed}
