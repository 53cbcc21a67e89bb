"""Text columns in Arrow, built without copies a long text does not need."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import pyarrow as pa

#: A text at least this long and not all ASCII is encoded on its own (see :func:`string_array`).
LONG_TEXT = 1 << 20


def string_array(values: Sequence[str | None]) -> pd.api.extensions.ExtensionArray:
    """``values`` as a pandas ``string`` array (Arrow, missing values for None).

    pyarrow reads a Python string that is not all ASCII through the UTF-8 copy that
    Python then keeps beside it for as long as the string lives; a long one is
    encoded here instead, and Arrow takes the bytes without copying them.
    """
    chunks: list[pa.Array] = []
    batch: list[str | None] = []
    for value in values:
        if isinstance(value, str) and len(value) >= LONG_TEXT and not value.isascii():
            chunks.append(pa.array(batch, type=pa.large_string()))
            batch = []
            data = value.encode("utf-8")
            offsets = pa.array([0, len(data)], type=pa.int64()).buffers()[1]
            chunks.append(pa.LargeStringArray.from_buffers(1, offsets, pa.py_buffer(data)))
        else:
            batch.append(value)
    chunks.append(pa.array(batch, type=pa.large_string()))
    return pd.array(pa.chunked_array([chunk for chunk in chunks if len(chunk)] or chunks[-1:], type=pa.large_string()),
                    dtype="string")
