"""Cloze cards: one sentence of the text with its key term hidden.

Why only the term: the card asks "which concept is this?", so the gap must be the
concept's name (every occurrence, aliases too, or the answer shows), never a generic
phrase or a subject with its verb.  The sentence must stand alone (8–40 words, no
dangling opener, no artefact) and a hedged one is attributed.
"""

from __future__ import annotations

import re

from cards.extract.findings import Finding
from cards.extract.wordfreqs import zipf
from cards.extract.writing import artefacts
from cards.extract.writing.backs import dangling, words
from cards.extract.writing.hedges import attributed_statement, personal, unhedge

MIN_WORDS = 8
MAX_WORDS = 40
#: Words left visible besides the gap: fewer and the sentence gives no cue.
MIN_CUE_WORDS = 6
#: A one-word term this common in English is a generic word, not a key term.
GENERIC_ZIPF = 5.0
_VERBISH = frozenset([
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "does", "do", "can", "will",
    "may", "must", "should", "would", "could", "means", "refers", "describes",
])
_STOP = frozenset([
    "a", "an", "the", "of", "to", "in", "on", "for", "with", "by", "and", "or", "is", "are",
    "be", "as", "at", "from", "that", "this", "it", "its",
])


def hideable(term: str, marked: bool = False) -> bool:
    """True if ``term`` may be the gap: a name, not a generic word or a subject+verb."""
    parts = [w.lower() for w in re.findall(r"[\w'’-]+", term)]
    if not parts or all(w in _STOP for w in parts) or parts[-1] in _VERBISH:
        return False
    return not (len(parts) == 1 and not marked and not term.isupper()
                and zipf(parts[0]) >= GENERIC_ZIPF)


def _forms_re(names: list[str]) -> re.Pattern[str]:
    variants = set()
    for name in names:
        if not name.strip():
            continue
        escaped = re.escape(name.strip()).replace(r"\-", "[- ]?").replace(r"\ ", "[- ]")
        variants.add(escaped + r"(?:s|es)?")
    alternatives = "|".join(sorted(variants, key=lambda v: (-len(v), v)))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def make_cloze(finding: Finding, names: list[str], marked: bool = False) -> str | None:
    """The cloze text for the finding's sentence, or None if it cannot make a good one."""
    if not names or not hideable(names[0], marked):
        return None
    sentence = artefacts.repair(finding.quote)
    if not sentence or artefacts.problems(sentence) or sentence.endswith("?"):
        return None
    stance = unhedge(sentence, finding.hedged)
    text = stance.text
    if personal(text) or dangling(text) or not MIN_WORDS <= words(text) <= MAX_WORDS:
        return None
    if text[-1] not in ".!\"”)":
        return None
    pattern = _forms_re(names)
    hidden = 0

    def gap(match: re.Match[str]) -> str:
        nonlocal hidden
        hidden += 1
        return "{{c1::" + match.group(0) + "}}"

    cloze = pattern.sub(gap, text)
    if not hidden:
        return None
    visible = re.sub(r"\{\{c1::.*?\}\}", " ", cloze)
    if words(visible) < MIN_CUE_WORDS:
        return None
    if stance.hedged:
        cloze = attributed_statement(_lower_gap(cloze), finding.block.author)
    return cloze


def _lower_gap(cloze: str) -> str:
    """"{{c1::Covariate shift}} is ..." -> "{{c1::covariate shift}} is ..." when the
    capital only came from the sentence start (before "According to NAME, ...")."""
    match = re.match(r"\{\{c1::([A-Z])([a-z][^}]*)\}\}", cloze)
    if match and zipf(match.group(0)[6:].split(" ")[0].lower()) > 0:
        return "{{c1::" + match.group(1).lower() + cloze[7:]
    return cloze
