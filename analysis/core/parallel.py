"""How much parallelism this process may use, and the one process pool every stage maps over."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def available_cores() -> int:
    """The CPU cores this process may run on (its affinity where the OS tells, else all)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def parallel_map(function: Callable[..., Result], items: Sequence[Item], *extra: Iterable[object],
                 n_jobs: int = 1) -> Iterator[Result]:
    """``function(item, *extra_items)`` for each item, in order, over ``n_jobs`` processes.

    With one job or one item everything runs in this process (no pool to start).
    ``extra`` are further iterables zipped with ``items``, as for :func:`map`.
    Results are yielded as they arrive in order, so a caller can stream them
    (update a progress bar, write a cache) without holding them all.
    """
    if n_jobs <= 1 or len(items) <= 1:
        yield from map(function, items, *extra)
        return
    gc.freeze()  # workers forked from this process never walk its objects when they collect garbage
    try:
        with ProcessPoolExecutor(max_workers=min(n_jobs, len(items))) as pool:
            yield from pool.map(function, items, *extra)
    finally:
        gc.unfreeze()


def size_chunks(sizes: Sequence[int], n_jobs: int, *, min_size: int, per_job: int = 4) -> list[slice]:
    """Consecutive slices of ``sizes``' items, about equal in total size, for :func:`parallel_map`.

    One slice of everything when one job is asked for or the items' total size is
    below ``min_size`` (starting processes would cost more than they save); else
    ``per_job`` slices per job, so that a job that finishes early takes another.
    """
    total = sum(sizes)
    if n_jobs <= 1 or total < min_size or len(sizes) < 2:
        return [slice(0, len(sizes))]
    target = total / (n_jobs * per_job)
    chunks, start, filled = [], 0, 0
    for i, size in enumerate(sizes):
        filled += size
        if filled >= target:
            chunks.append(slice(start, i + 1))
            start, filled = i + 1, 0
    if start < len(sizes):
        chunks.append(slice(start, len(sizes)))
    return chunks
