"""Errors the library raises for bad input: each says what is wrong, where, and how to fix it."""

from __future__ import annotations


class AnalysisError(ValueError):
    """Base class of the library's input errors."""


class CorpusError(AnalysisError):
    """A corpus file, folder or manifest that cannot be loaded as asked."""


class SentimentError(AnalysisError):
    """Sentences, articles or options that sentiment scoring and its aggregates cannot use."""


class TermsError(AnalysisError):
    """Articles, options or a framing-marker table that term counting, KWIC or framing markers cannot use."""


class ActorError(AnalysisError):
    """An actor list, mentions table or option that the actor-mention analysis cannot use."""
