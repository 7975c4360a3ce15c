"""Regenerate the seeded pages' translation template (pages.pot) from the English pages.

    python manage.py update_page_translation_template            # write pages.pot, merge into <lang>.po
    python manage.py update_page_translation_template --check    # exit 1 if the files are out of date

Run it after the English text of the home page, a pillar page or a thematic-area page changes
(in the seed content or in the admin): translators then see the new or changed strings, empty, in
their `<lang>.po` (hub/seed/translations.py explains the files). Unchanged strings keep their
translation; strings no longer used are kept as obsolete entries at the end of each file.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import to_locale

from wagtail.models import Locale

import polib

from hub.models import HomePage
from hub.seed.translations import (
    CATALOGUE_DIR,
    TEMPLATE_NAME,
    build_template,
    catalogue_name,
    merge_into,
    split_context,
    target_languages,
)


def _entries(po):
    return [po.header] + [(e.msgctxt, e.msgid, e.msgstr, e.obsolete, tuple(e.flags), e.comment) for e in po]


class Command(BaseCommand):
    help = "Regenerate pages.pot from the seeded English pages and merge it into each language's PO file."

    def add_arguments(self, parser):
        parser.add_argument("--directory", default=str(CATALOGUE_DIR), help="Where pages.pot and <lang>.po live.")
        parser.add_argument("--check", action="store_true", help="Write nothing; exit 1 if a file is out of date.")
        parser.add_argument(
            "--seed-files",
            action="store_true",
            help="Read the English text from the seed's content files instead of the database's pages.",
        )

    def handle(self, *args, directory, check, seed_files, **options):
        home = None
        if not seed_files:
            home = HomePage.objects.filter(locale=Locale.get_default(), depth=2).order_by("path").first()
            if home is None:
                raise CommandError("No English home page: load the seed content first, or use --seed-files.")
        directory = Path(directory)
        template = build_template(home)
        outdated = []
        pot_path = directory / TEMPLATE_NAME
        if not pot_path.exists() or _entries(polib.pofile(str(pot_path))) != _entries(template):
            outdated.append(pot_path)
            if not check:
                directory.mkdir(parents=True, exist_ok=True)
                template.save(str(pot_path))
        for language_code in target_languages():
            path = directory / catalogue_name(language_code)
            current = polib.pofile(str(path)) if path.exists() else polib.POFile()
            if not path.exists():
                current.metadata = {"Language": to_locale(language_code)}
            merged = merge_into(current, template)
            if path.exists() and _entries(merged) == _entries(current):
                continue
            outdated.append(path)
            if not check:
                merged.save(str(path))
        for path in outdated:
            self.stdout.write(f"{'out of date' if check else 'written'}: {path}")
        pages = {split_context(entry.msgctxt)[0] for entry in template}
        self.stdout.write(f"{len(template)} strings in {len(pages)} pages.")
        if check and outdated:
            raise CommandError("Page translation catalogues are out of date; run update_page_translation_template.")
