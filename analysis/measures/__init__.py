"""Measures: the analysis tables, computed from articles and sentences, without plotting.

:mod:`.sentiment` (VADER per sentence and its aggregates), :mod:`.terms` (frequencies,
distinctive terms, collocations, concordances, framing markers), :mod:`.actors` (mentions,
co-occurrence, tone), :mod:`.quotes` (who is quoted), :mod:`.stats` (intervals) and
:mod:`.overview` (what a corpus holds).
"""
