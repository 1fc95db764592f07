"""The answer keys: which key gives which SM-2 grade (`answer_keys` setting).

- `sm2` (the default): keys 0-5 are the grades themselves.
- `anki`: Anki's four buttons, 1 Again, 2 Hard, 3 Good, 4 Easy, give SM-2 grades 1, 3,
  4, 5 (the same mapping as an Anki package's review log on import), so an Anki user's
  "3 for Good" is Good here too, not SM-2's "hard".

In both, Space or Enter once the answer shows means Good (grade 4), as in Anki. This
module depends on nothing, so the settings and the TUI share it.
"""

from __future__ import annotations

#: The schemes, each key -> the SM-2 grade it gives.
SCHEMES: dict[str, dict[int, int]] = {
    "sm2": {g: g for g in range(6)},
    "anki": {1: 1, 2: 3, 3: 4, 4: 5},
}
#: What each key is called on the legend, per scheme.
LABELS: dict[str, dict[int, str]] = {
    "sm2": {0: "blackout", 1: "wrong", 2: "almost", 3: "hard", 4: "good", 5: "perfect"},
    "anki": {1: "again", 2: "hard", 3: "good", 4: "easy"},
}
DEFAULT = "sm2"
#: The grade Space / Enter gives after the answer is shown.
GOOD = 4


def grade_for(scheme: str, key: int) -> int | None:
    """The SM-2 grade key `key` gives under `scheme`; None if the key is not used."""
    return SCHEMES.get(scheme, SCHEMES[DEFAULT]).get(key)


def check_scheme(raw: str) -> str:
    """A scheme's name from the text given; ValueError naming the choices."""
    name = raw.strip().lower()
    if name not in SCHEMES:
        raise ValueError(f"answer_keys must be {' or '.join(SCHEMES)}, not {raw!r}")
    return name
