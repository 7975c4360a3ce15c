"""Connects the library's signal receivers; each lives beside the feature it serves."""

from . import contributions  # noqa: F401  a resource's contributor follows it when moved
from .files import signals as file_signals  # noqa: F401  text extraction after publishing
from .oai import signals as oai_signals  # noqa: F401  tombstones for harvesters
from .stats import signals as stats_signals  # noqa: F401  download counts
