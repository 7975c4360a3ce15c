"""One seed run for the three commands: reference data always, demo content only into an empty site.

- `sync_reference_data`: reference data only (taxonomies, countries, Party profiles, projects,
  partner organisations, library collections), merged with editors' changes.
- `load_demo_content`: reference data and the demo content; refuses a site that has content.
- `load_seed_content` (`make run`): both on an empty site, reference data only otherwise.

Each installed app may ship a `seed` package with `load(context)` (and optionally
`validate(context)`); hub cannot import the apps above it, so they are discovered here. Every
`validate` runs first (reading and checking all data files, writing nothing), then every `load`
inside one transaction: a failure changes nothing.
"""

import importlib
import importlib.util
import time

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import CommandError
from django.db import transaction

from wagtail.models import Page

from .context import SeedContext, SeedError
from .demo_pages import WELCOME_TITLE
from .indexing import deferred_indexing


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


def pages_with_content():
    """Pages other than the tree root and Wagtail's untouched welcome page: none on an empty site."""
    pages = Page.objects.filter(depth__gt=1)
    welcome = pages.filter(
        depth=2, content_type=ContentType.objects.get_for_model(Page), title=WELCOME_TITLE, numchild=0
    )
    return pages.exclude(pk__in=welcome.filter(latest_revision__isnull=True).values("pk"))


def run_seed(command, options, demo):
    """Validate and load every app's seed; `demo`: also the demo content. Raises CommandError."""
    started = time.monotonic()
    context = SeedContext(
        stdout=command.stdout,
        style=command.style,
        data_dir=options.get("data_dir"),
        verbosity=options["verbosity"],
        demo=demo,
    )
    modules = seed_modules()
    context.write(f"Seed loaders: {', '.join(label for label, _module in modules)}")
    context.write("Reference data and demo content" if demo else "Reference data only (the site has content)")
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
    return context


def add_data_dir_argument(parser):
    parser.add_argument(
        "--data-dir",
        help="Directory whose JSON files replace the apps' own seed data files of the same name.",
    )
