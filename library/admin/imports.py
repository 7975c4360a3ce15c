"""Admin views for this feature (filled in by its implementation)."""
