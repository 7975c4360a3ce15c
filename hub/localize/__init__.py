"""wagtail-localize, configured for this project (docs/translation.md).

- `fields`: the field kinds models list in `translatable_fields` beyond wagtail-localize's own.
- `state`: `page_translation_state(page)` — "source", "alias", "translated" or "machine".
- `sync`: source pages' taxonomy links follow into their translations when published.
- `choosers`: taxonomy pickers offer source-locale terms only.
- `review`, `views`: machine translations listed in the admin until a person reviews them.
- `aliases`: locale aliases copied in bulk inside the database (the seed's locale trees, the
  importer's new resources), as Wagtail's alias action would write them.

The seeded page translations (PO files) are in hub/seed/translations.py; docs/translation.md
describes it all for editors and developers.

Nothing here imports models at module level, so model modules can import `fields`.
"""
