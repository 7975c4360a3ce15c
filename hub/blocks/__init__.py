"""The one block set every `body` StreamField uses (see `stream.BaseStreamBlock`)."""

from .stream import BaseStreamBlock

__all__ = ["BaseStreamBlock"]
