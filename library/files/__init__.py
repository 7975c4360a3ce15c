"""Attachments: what may be uploaded (checked by content) and how their text is extracted."""
