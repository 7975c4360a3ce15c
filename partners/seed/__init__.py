"""The partners' seed content (loaded by hub's `load_seed_content` after hub.seed, before library)."""

from .loader import OrganisationIndex, load, validate

__all__ = ["OrganisationIndex", "load", "validate"]
