"""The hub's seed content, and the helpers every app's seed loader shares.

`load_seed_content` imports `<app>.seed` for each installed app that has one, in INSTALLED_APPS
order, calls every `validate(context)` first (reading and checking all data files, writing
nothing) and then every `load(context)` inside one transaction. The hub comes first: it builds
the taxonomies and the page tree the higher layers attach to.
"""

from .context import SeedContext, SeedDataError, SeedError
from .loader import load, validate

__all__ = ["SeedContext", "SeedDataError", "SeedError", "load", "validate"]
