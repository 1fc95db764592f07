"""Every explanation shape in the registry matches its own examples, and only those.

The examples live next to each rule (src/cards/extract/shapes/); this test iterates over
the registry, so adding a shape with its examples adds its tests.
"""

from __future__ import annotations

import pytest

from cards.extract.shapes import REGISTRY, Context, Example, Shape

CASES = [(name, i, example) for name, registered in sorted(REGISTRY.items())
         for i, example in enumerate(registered.examples)]


def _context(example: Example) -> Context:
    return Context(example.text, example.previous, example.next,
                   frozenset(m.lower() for m in example.marked))


def test_every_shape_has_examples_both_ways() -> None:
    assert len(REGISTRY) >= 15
    for name, registered in REGISTRY.items():
        assert any(e.term for e in registered.examples), f"{name}: no example to match"
        assert any(e.term is None for e in registered.examples), f"{name}: no counterexample"


@pytest.mark.parametrize(("name", "i", "example"), CASES,
                         ids=[f"{n}-{i}" for n, i, _ in CASES])
def test_shape_example(name: str, i: int, example: Example) -> None:
    registered: Shape = REGISTRY[name]
    hits = list(registered.run(_context(example)))
    if example.term is None:
        assert not hits, f"{name} matched {example.text!r}: {hits}"
        return
    terms = [h.term.lower() for h in hits]
    assert example.term.lower() in terms, f"{name} on {example.text!r} gave {terms}"
    if example.explanation:
        hit = next(h for h in hits if h.term.lower() == example.term.lower())
        assert example.explanation.lower() in hit.explanation.lower(), hit.explanation
