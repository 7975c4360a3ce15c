"""Python's cyclic garbage collector, set for what this site's processes do.

Every process (server, management commands, tests) reads and builds many ORM objects: a page
with its prefetched taxonomy is some thirty model instances, a search answer thousands of small
objects. With Python's default first-generation threshold (700 allocations) the collector ran
about every 700 of them and, every hundred runs, walked the whole heap (some 250,000 objects
once Django, Wagtail and the project are loaded: 100-180 ms, measured on the 2-core machine).
Measured on reading 1,000 resources with their relations for the search index: 1,378 ms with
the default, 657 ms with the collector disabled, 657 ms with a threshold of 10,000; a larger
threshold was slower again (the youngest generation outgrows the CPU caches).

- `tune_collector()` (HubConfig.ready, so every process): the first threshold at 10,000. Cycles
  are still collected, only in larger, fewer passes.
- `freeze_loaded_objects()` (wsgi.py, after the application is loaded): the objects alive then
  (modules, models, settings, URL patterns) move to the permanent generation and are never
  walked again, so a full collection no longer lands on one visitor's request. This is the
  documented use of `gc.freeze()` in a long-lived server.
"""

import gc

FIRST_GENERATION_THRESHOLD = 10_000


def tune_collector():
    _first, second, third = gc.get_threshold()
    gc.set_threshold(FIRST_GENERATION_THRESHOLD, second, third)


def freeze_loaded_objects():
    gc.collect()  # what startup left behind goes first, so only live objects are frozen
    gc.freeze()
