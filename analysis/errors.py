"""Errors the library raises for bad input: each says what is wrong, where, and how to fix it."""

from __future__ import annotations


class AnalysisError(ValueError):
    """Base class of the library's input errors."""


class CorpusError(AnalysisError):
    """A corpus file, folder or manifest that cannot be loaded as asked."""
