"""English word frequencies (Zipf scale) from wordfreq's bundled table, loaded cheaply.

``import wordfreq`` alone costs ~0.35 s (it pulls in langcodes, ftfy, regex, ...) and its
first lookup decodes and indexes the whole 321k-word "large" table (~0.2 s more).  We only
need the Zipf value of the few thousand words a corpus uses, so we read wordfreq's data
file directly (gzip + msgpack, ~0.07 s) and keep just those words: for each frequency bin,
``needed.intersection(bin)`` runs in C.  The decoded table is kept per process.  If the
data file cannot be found the public ``wordfreq.zipf_frequency`` is used instead.

The file format ("cBpack") is a list whose first item is a header and whose item ``i``
(counting bins from 0) holds the words of frequency ``10 ** (-i / 100)``; wordfreq's Zipf
value is ``log10(frequency) + 9``, rounded to two decimals.
"""

from __future__ import annotations

import gzip
import importlib.util
from collections.abc import Iterable
from pathlib import Path

_ZIPF: dict[str, float] = {}
_BINS: list[list[str]] | None = None
_FALLBACK = False


def _bins() -> list[list[str]] | None:
    global _BINS, _FALLBACK
    if _BINS is not None or _FALLBACK:
        return _BINS
    try:
        import msgpack

        spec = importlib.util.find_spec("wordfreq")
        origin = spec.origin if spec is not None else None
        path = Path(origin).parent / "data" / "large_en.msgpack.gz" if origin else None
        if path is None or not path.is_file():
            raise FileNotFoundError("wordfreq data")
        with gzip.open(path, "rb") as handle:
            data = msgpack.load(handle, raw=False)
        if not isinstance(data[0], dict) or data[0].get("format") != "cB":
            raise ValueError("unexpected wordfreq data format")
        _BINS = data[1:]
    except (ImportError, OSError, ValueError, IndexError):
        _FALLBACK = True
    return _BINS


def prime(words: Iterable[str]) -> None:
    """Look up many (lower-case) words at once; later ``zipf`` calls are dict lookups."""
    needed = {w for w in words if w not in _ZIPF}
    if not needed:
        return
    bins = _bins()
    if bins is None:
        from wordfreq import zipf_frequency

        for word in needed:
            _ZIPF[word] = zipf_frequency(word, "en")
        return
    for i, words_in_bin in enumerate(bins):
        found = needed.intersection(words_in_bin)
        if found:
            value = round(9.0 - i / 100.0, 2)
            for word in found:
                _ZIPF[word] = value
            needed -= found
            if not needed:
                break
    for word in needed:
        _ZIPF[word] = 0.0


def zipf(word: str) -> float:
    """English frequency of a lower-case word on the Zipf scale (0 = unknown, 7 = "the")."""
    value = _ZIPF.get(word)
    if value is None:
        prime((word,))
        value = _ZIPF[word]
    return value
