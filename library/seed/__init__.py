"""The library's seed content (loaded by hub's `load_seed_content` after hub.seed and partners.seed)."""

from .loader import load, validate

__all__ = ["load", "validate"]
