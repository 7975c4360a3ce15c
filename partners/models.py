"""Partner organisations arrive with the partners issue; the app exists so layers are fixed now."""
