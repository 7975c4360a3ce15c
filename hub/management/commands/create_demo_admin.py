"""Create (or reset) the local demo administrator and print how to log in.

For `make run` on a developer's machine only; it refuses to run with DEBUG off unless forced.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "minamata-demo"  # noqa: S105 - a documented local demo login, never used in production
# The people the demo content makes (partners/seed/demo.py) without a usable password: a knowledge
# manager, then an NGO's and a government's partner user. Here they get the same demo password.
DEMO_PEOPLE = ("knowledge-manager", "ngo-partner", "government-partner")


class Command(BaseCommand):
    help = "Create the demo admin user (admin / minamata-demo), set the demo people's password and print the logins."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")
        parser.add_argument("--port", type=int, default=8000, help="Port of the printed link.")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError("Refusing to create a demo admin with DEBUG off; pass --force if you mean it.")
        user, created = get_user_model().objects.get_or_create(
            username=DEMO_USERNAME, defaults={"email": "admin@example.org"}
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        port = options.get("port") or 8000
        self.stdout.write(
            self.style.SUCCESS(
                f"\nDemo admin {'created' if created else 'ready'}: http://127.0.0.1:{port}/admin/\n"
                f"  username: {DEMO_USERNAME}\n  password: {DEMO_PASSWORD}\n"
            )
        )
        people = self.demo_people()
        if people:
            self.stdout.write(self.style.SUCCESS(f"Demo people (password {DEMO_PASSWORD}):"))
            for username, role in people:
                self.stdout.write(f"  {username} — {role}")
            self.stdout.write("")

    def demo_people(self):
        """Set the demo password of the demo content's people, where they exist; (username, role) each."""
        people = []
        for user in (
            get_user_model().objects.filter(username__in=DEMO_PEOPLE).select_related("partner_membership__organisation")
        ):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            membership = getattr(user, "partner_membership", None)  # partners' Contributor, if any
            if membership is not None:
                role = f"partner user of {membership.organisation.name}: their space, contributions and review notes"
            else:
                role = "knowledge manager: reviews partner contributions (Dashboard, Workflows)"
            people.append((user.get_username(), role))
        return sorted(people, key=lambda person: DEMO_PEOPLE.index(person[0]))
