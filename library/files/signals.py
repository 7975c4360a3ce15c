"""Signal receivers for this feature (filled in by its implementation)."""
