"""Build the site from real facts: taxonomies, pages, Parties, meetings, events, library, projects.

Each installed app may ship a `seed` package with `load(context)` (and optionally
`validate(context)`); hub cannot import the apps above it, so they are discovered here.
Running the command twice changes nothing.
"""

import importlib
import importlib.util
import time

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hub.seed import SeedContext, SeedError
from hub.seed.indexing import deferred_indexing


def seed_modules():
    """`<app>.seed` modules of installed apps, in INSTALLED_APPS order (lowest layer first)."""
    modules = []
    for config in apps.get_app_configs():
        name = f"{config.name}.seed"
        try:
            spec = importlib.util.find_spec(name)
        except ModuleNotFoundError:
            spec = None
        if spec is None:
            continue
        module = importlib.import_module(name)
        if callable(getattr(module, "load", None)):
            modules.append((config.label, module))
    return modules


class Command(BaseCommand):
    help = "Load the platform's seed content (idempotent: a second run changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            help="Directory whose JSON files replace the apps' own seed data files of the same name.",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        context = SeedContext(
            stdout=self.stdout, style=self.style, data_dir=options.get("data_dir"), verbosity=options["verbosity"]
        )
        modules = seed_modules()
        context.write(f"Seed loaders: {', '.join(label for label, _module in modules)}")
        try:
            with context.section("Checking seed data"):
                for _label, module in modules:
                    if callable(getattr(module, "validate", None)):
                        module.validate(context)
            with transaction.atomic(), deferred_indexing(context):
                for _label, module in modules:
                    module.load(context)
                context.run_finalizers()
        except SeedError as error:
            raise CommandError(f"Seed content not loaded, nothing was changed. {error}") from error
        totals = context.totals()
        elapsed = time.monotonic() - started
        sync = context.timings.get("Locale trees", 0.0)
        context.write(
            f"Seed content loaded in {elapsed:.1f} s (locale trees {sync:.1f} s): {totals.created} created, "
            f"{totals.updated} updated, {totals.unchanged} unchanged"
            + (f", {totals.kept} kept as edited" if totals.kept else "")
            + f"; {getattr(context, 'alias_pages_created', 0)} alias pages created.",
            style="SUCCESS",
        )
