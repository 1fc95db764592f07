"""Find candidate terms: word n-grams that look like technical vocabulary.

Why this design: a term a student wants to remember is either *rare in ordinary English*
("polysemanticity", "Rashomon sets"), or a phrase of ordinary words that the text keeps
using *as a unit* ("conservation of expected evidence").  So we count stop-word-bounded
n-grams, score each by how unusual its words are in English (wordfreq's Zipf scale) and
by how cohesive the phrase is (how often its rarest word occurs inside it), and drop
proper names (capitalised words that never occur in lower case) and generic heads.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from cards.extract.aliases import concept_key
from cards.extract.wordfreqs import prime, zipf

WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'’][A-Za-z0-9]+)*")

_STOPWORDS_TEXT = (
    """
    a about above after again against all almost also although always am among an and
    any anyway anyways are aren't around as at be because been before being below
    between both but by can can't cannot could couldn't did didn't do does doesn't doing
    don't down during each either else enough especially even ever every few for from
    further get gets getting given go goes going got had hadn't has hasn't have haven't
    having he her here hers herself him himself his how however i if in into is isn't it
    it's its itself just least less let like likely many may maybe me might mine more
    most much must my myself namely near nearly neither no nor not now of off often on
    once one only onto or other others otherwise our ours ourselves out over own per
    perhaps please quite rather really same say says said seem seemed seems several she
    should shouldn't since so some something somewhat such than that that's the their
    theirs them themselves then there there's these they they're thing things this those
    though through thus to too toward towards under unless until up upon us very via was
    wasn't way we we're well were weren't what whatever when whenever where whereas
    whether which while who whom whose why will with within without won't would wouldn't
    yes yet you you're your yours yourself yourselves also e.g i.e etc vs re ok yeah
    sure lot lots bit kind sort actually basically probably definitely certainly clearly
    simply still already instead pretty fairly truly indeed think thinks thought guess
    suspect believe agree disagree feel feels felt know knew known see saw seen want
    wanted make makes made use used using uses need needs needed mean means meant try
    tried trying look looks looked find found work works worked working take takes took
    good bad better best worse worst great big small large new old high low first second
    last next many much able true false important interesting hard easy possible
    different similar same case cases point points way ways part parts example examples
    question questions people person time times year years day days post posts comment
    comments paper papers idea ideas reason reasons sense fact result results thing
    stuff number amount level area insofar worth noting
    """
)

STOPWORDS = frozenset(_STOPWORDS_TEXT.split())

#: Heads that make a phrase generic however rare its modifier ("Anthropic paper").
_GENERIC_HEADS_TEXT = (
    """
    post comment paper work people thing way lot case point part question reason result
    person time year day team company lab report version section chapter page figure
    detail details view take takes stuff answer argument claim sentence word term
    """
)
GENERIC_HEADS = frozenset(_GENERIC_HEADS_TEXT.split())

_ADJECTIVE_ENDINGS = ("ly", "ic", "al", "ive", "able", "ible", "ous", "ful", "less", "ian",
                      "ed", "ing", "est", "er")




@dataclass(slots=True)
class Candidate:
    """A term candidate with the evidence for it."""

    key: str
    surfaces: Counter[str] = field(default_factory=Counter)
    sentences: list[int] = field(default_factory=list)
    score: float = 0.0


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Words with their offsets; a possessive "'s" is cut off the word."""
    out = []
    for match in WORD_RE.finditer(text):
        word, start, end = match.group(0), match.start(), match.end()
        if word.lower().endswith(("'s", "’s")):
            word, end = word[:-2], end - 2
        out.append((word, start, end))
    return out


def _chunks(text: str, toks: list[tuple[str, int, int]] | None = None,
            ) -> list[list[tuple[str, int, int]]]:
    """Runs of content words not broken by punctuation; "of" may join two runs."""
    runs: list[list[tuple[str, int, int]]] = []
    current: list[tuple[str, int, int]] = []
    previous_end = -1
    for token in tokens(text) if toks is None else toks:
        word, start, end = token
        low = word.lower().replace("’", "'")
        joined = previous_end >= 0 and start == previous_end + 1 and text[previous_end] == " "
        if low == "of" and current and joined:
            current.append(token)
        elif low in STOPWORDS or word.isdigit() or (len(word) < 2 and word != "N"):
            if current:
                runs.append(current)
            current = []
        else:
            if current and not joined:
                runs.append(current)
                current = []
            current.append(token)
        previous_end = end
    if current:
        runs.append(current)
    return runs


def _run_phrases(words: list[str], longest: int = 4) -> list[tuple[int, int]]:
    """(i, j) word spans of a run that do not start or end with "of" and hold at most one."""
    out = []
    is_of = [w == "of" or w == "Of" for w in words]
    for i in range(len(words)):
        if is_of[i]:
            continue
        ofs = 0
        for j in range(i, min(i + longest, len(words))):
            if is_of[j]:
                ofs += 1
                if ofs > 1:
                    break
                continue
            out.append((i, j))
    return out


def ngrams(text: str, longest: int = 4) -> list[tuple[str, int, int]]:
    """Candidate phrases (surface, start, end): sub-runs not starting or ending with "of"."""
    out = []
    for run in _chunks(text):
        for i, j in _run_phrases([w for w, _, _ in run], longest):
            out.append((text[run[i][1]:run[j][2]], run[i][1], run[j][2]))
    return out


def technicality(word: str) -> float:
    """How unusual a word is in English: 0 for everyday words, up to ~6 for jargon."""
    if any(ch.isdigit() for ch in word) or "-" in word:
        parts = [p for p in re.split(r"[-0-9]+", word) if p]
        if any(p.isupper() for p in parts):
            return 3.5
        return max((technicality(p) for p in parts), default=0.0)
    if word.isupper() and len(word) > 1:
        return 3.5
    return max(0.0, 5.5 - zipf(word.lower().replace("’", "'")))


class TermIndex:
    """Counts of candidate phrases across all sentences, and what casing each word uses."""

    def __init__(self) -> None:
        self.candidates: dict[str, Candidate] = {}
        self.word_counts: Counter[str] = Counter()
        self.lower_seen: set[str] = set()
        self.capital_seen: dict[str, int] = defaultdict(int)
        self._keys: dict[str, str] = {}

    def add(self, index: int, text: str) -> None:
        """Count the words and candidate phrases of one sentence (``index``)."""
        toks = tokens(text)
        lows = [w.lower() for w, _, _ in toks]
        self.word_counts.update(lows)
        for (word, start, _), low in zip(toks, lows, strict=True):
            if word == low:
                self.lower_seen.add(low)
            elif start > 0:
                self.capital_seen[low] += 1
        seen_keys: set[str] = set()
        keys = self._keys
        candidates = self.candidates
        for run in _chunks(text, toks):
            words = [w for w, _, _ in run]
            for i, j in _run_phrases(words):
                surface = " ".join(words[i:j + 1])
                key = keys.get(surface)
                if key is None:
                    key = keys[surface] = concept_key(surface)
                if not key:
                    continue
                candidate = candidates.get(key)
                if candidate is None:
                    candidate = candidates[key] = Candidate(key)
                candidate.surfaces[surface] += 1
                if key not in seen_keys:
                    candidate.sentences.append(index)
                    seen_keys.add(key)

    def prime_frequencies(self) -> None:
        """Look up the English frequency of every word seen, in one pass over the table."""
        prime(part for word in self.word_counts
              for part in re.split(r"[-'’0-9]+", word) if part)
        prime(word.replace("’", "'") for word in self.word_counts)

    def is_name_like(self, surface: str) -> bool:
        """Capitalised words that never appear in lower case: people, firms, products."""
        words = [w for w, _, _ in tokens(surface) if w.lower() != "of"]
        return all(
            w[0].isupper() and not w.isupper() and w.lower() not in self.lower_seen
            and "-" not in w and not any(ch.isdigit() for ch in w)
            for w in words
        )

    def _single_score(self, word: str, count: int, tech: float) -> float:
        """One-word terms must be rare nouns used in lower case ("grokking"), not acronyms,
        names or adjectives and adverbs ("algorithmic", "empirically")."""
        low = word.lower()
        if count < 2 or tech < 2.0 or word.isupper() or low not in self.lower_seen:
            return 0.0
        if low.endswith(_ADJECTIVE_ENDINGS) or self.capital_seen[low] > count // 2:
            return 0.0
        return tech * min(count, 6)

    def score(self, candidate: Candidate) -> float:
        """Evidence that a candidate is a term worth a card (0 means: not a term)."""
        surface = candidate.surfaces.most_common(1)[0][0]
        words = [w for w, _, _ in tokens(surface) if w.lower() != "of"]
        if not words or self.is_name_like(surface):
            return 0.0
        if words[-1].lower().rstrip("s") in GENERIC_HEADS or words[-1].lower() in GENERIC_HEADS:
            return 0.0
        count = sum(candidate.surfaces.values())
        tech = [technicality(w) for w in words]
        if len(words) == 1:
            return self._single_score(words[0], count, tech[0])
        rarest = min(self.word_counts[w.lower()] for w in words)
        cohesion = count / max(rarest, 1)
        if count < 2 or cohesion < 0.5:
            return 0.0
        return (max(tech) + 0.5 * sum(tech) / len(tech) + 1.0) * min(count, 6) * cohesion
