"""Group candidate terms into concepts: merge aliases, attach explanations, pick the best.

A concept is kept when the text explains it (a definition pattern matched) or when it
is a strong term (rare words, used repeatedly, cohesive) - never for being frequent alone.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from cards.extract.aliases import AliasMap, concept_key, is_abbreviation_of
from cards.extract.definitions import (
    Explanation,
    abbreviations,
    alias_pairs,
    conditional_terms,
    contrast_objects,
    explanations,
    participle_fragment,
    subject_terms,
)
from cards.extract.sentences import Sentence, strip_urls
from cards.extract.terms import TermIndex, ngrams, technicality, tokens

#: Minimum term score for a concept the text never explicitly defines.
MIN_TERM_SCORE = 4.0
_KIND_RANK = {"define": 0, "label": 1, "equals": 1, "of-is": 2, "idea-of": 2, "restate": 2,
              "is-a": 3, "which-is": 3, "ie-after": 4, "ie-before": 4, "abbr": 0,
              "by-this": 0, "that-is": 1, "such-that": 1, "ie-verb": 3, "ie-has": 4,
              "ie-short": 5, "call": 4, "ie-quoted": 4, "instead-of": 3, "clause": 6, "subject": 7,
              "claim": 2, "conditional": 7, "contrast-object": 7, "follow": 2,
              "follow-does": 3, "alias-does": 3, "called": 2, "which-colon": 2}
#: Kinds that only admit a concept (and feed its cloze); they make no basic card.
CLOZE_ONLY = frozenset({"clause", "subject", "conditional", "contrast-object"})
#: Kinds whose card asks from the explanation to the term.
REVERSE_KINDS = frozenset({"ie-before", "ie-quoted", "call"})


@dataclass(slots=True)
class Concept:
    """One idea, with every spelling of it and every sentence that mentions it."""

    key: str
    keys: set[str] = field(default_factory=set)
    surfaces: Counter[str] = field(default_factory=Counter)
    mentions: set[int] = field(default_factory=set)
    explained: list[tuple[int, Explanation]] = field(default_factory=list)
    abbreviation: tuple[str, str] | None = None
    score: float = 0.0
    definite: bool = False  # an ordinary word the text always uses as "the X"
    initial_capital: bool = False  # its first word is capitalised only at sentence starts
    proper_first: bool = False  # its first word is capitalised mid-sentence, never lower

    @property
    def first(self) -> int:
        return min(self.mentions | {i for i, _ in self.explained}, default=0)


def _refine(term: str, index: TermIndex) -> str:
    """Longest prefix of a matched term that the text uses elsewhere ("effective FLOP")."""
    words = term.split(" ")
    for n in range(len(words), 0, -1):
        prefix = " ".join(words[:n])
        candidate = index.candidates.get(concept_key(prefix))
        if candidate is not None and len(candidate.sentences) >= 2:
            return prefix
    return term


_STRONG_KINDS = frozenset({"define", "restate", "of-is", "means", "follow"})


def _acceptable_term(term: str, index: TermIndex, kind: str) -> bool:
    """An explained term must look like vocabulary, not an everyday word or a name."""
    words = [w for w, _, _ in tokens(term)]
    if not words or (index.is_name_like(term) and len(words) == 1):
        return False
    if len(words) == 1 and kind not in _STRONG_KINDS:
        return technicality(words[0]) >= 2.4
    if kind in ("label", "claim"):  # "Correct behavior: ..." is a heading, not a term
        return max(technicality(w) for w in words) >= 1.0
    if kind in ("subject", "clause", "such-that", "conditional", "contrast-object"):
        # the text never calls it a term: a rare word, or a phrase it keeps using
        used = index.candidates.get(concept_key(term))
        return ("-" in term or max(technicality(w) for w in words) >= 1.5
                or (kind == "conditional" and used is not None and " " in term
                    and index.score(used) >= 3.0))
    return True


_HEDGE_START_RE = re.compile(
    r"^(?:(?:I|We) (?:think|suspect|guess|believe|claim|propose)(?: that)? |"
    r"(?:So|And|But|Thus|Hence),? )*(?:the |a |an )?")


def _antecedent(previous: str, explanation: str, index: TermIndex, kind: str) -> str:
    """The term that "By this, I mean ..." / "That is, ..." explains, from the sentence
    before: the phrase whose head word the explanation repeats, else the subject."""
    phrases = [(surface, start) for surface, start, _ in ngrams(previous)
               if _acceptable_term(surface, index, "subject")]
    words = {w.lower() for w, _, _ in tokens(explanation)}
    heads = [(len(s), -start, s) for s, start in phrases
             if " " in s and s.split(" ")[-1].lower() in words]
    if heads:
        return max(heads)[2]
    subject_at = _HEDGE_START_RE.match(previous).end()
    at_subject = [s for s, start in phrases if start == subject_at]
    if not at_subject:
        return ""
    term = max(at_subject, key=len)
    rest = previous[subject_at + len(term):]
    verb = re.match(r" (?:is|are|was|were|might|may|can|could|should|will|would|has|have)\b", rest)
    return term if verb else ""


#: "... is in fact not even true X." + "Instead of <what X would be>, ...": the contrast
#: sentence says what X is by saying what is missing.
_NOT_X_RE = re.compile(
    r"\bis (?:in fact |actually |also )?not (?:even )?(?:an? )?(?:true |real |genuine )?"
    r"(?P<term>[\w\-]+(?: [\w\-]+){0,2})\.$")
_INSTEAD_RE = re.compile(r"^Instead of (?P<expl>(?:each|every|a|an|one|the) [^,]{8,60}?), ")


def _instead_of(sentences: list[Sentence], sentence: Sentence) -> Explanation | None:
    """"A is not even true X. Instead of each head representing >1 feature, ..." -> X."""
    if not sentence.text.startswith("Instead of ") or not sentence.index:
        return None
    previous = sentences[sentence.index - 1]
    expl = _INSTEAD_RE.match(sentence.text)
    not_x = _NOT_X_RE.search(previous.text)
    if (expl is None or not_x is None or previous.passage is not sentence.passage
            or not previous.clean or not sentence.clean):
        return None
    if participle_fragment(expl.group("expl")):
        return None  # "each head representing >1 feature": a fragment, not a definition
    return Explanation(not_x.group("term"), expl.group("expl"), "instead-of")


#: A sentence that only names a term, so that the next one can explain it: "Take X.",
#: "You mean X?", "Consider X.", a list item "1. X." / "- X.".
_CARRIER_RE = re.compile(
    r"^(?:(?:Take|Consider|You mean|Do you mean|Or|Then there's|There's also) )?"
    r"(?:the |an? )?(?P<term>[A-Za-z][\w’'-]*(?: [\w’'-]+){0,3})[.?]$")
#: The next sentence explains it: "The idea is that ...", "That's when ...", "It's what
#: happens when ...", "It means ...", or says what it does: "It beats ...", "They let ...".
_FOLLOW_RE = re.compile(
    r"^(?:(?:The (?:idea|point|claim|gist) is that) (?P<idea>.{12,})|"
    r"(?:That|It|This)(?:'s|’s| is) (?P<what>(?:when|where|what|how|an?|the) .{12,})|"
    r"(?:It|They) means? (?P<means>[a-z]+ing\b.{12,})|"
    r"(?P<does>(?:It|They) (?!is\b|was\b|has\b|does\b|seems\b|sounds\b|looks\b|feels\b)"
    r"[a-z]{3,}s? .{12,}))$")


_FOLLOW_SUBJECT_RE = re.compile(r"(?P<term>[a-z][\w’'-]*(?: [a-z][\w’'-]*){0,2}) (?:is|are)\b")


def _followed(sentences: list[Sentence], sentence: Sentence,
              index: TermIndex) -> Explanation | None:
    """"Take X. The idea is that ...", "You mean X? That's when ...", "1. X. It beats ...",
    "I think X is ... . It's what happens when ...": the term in one sentence, its
    explanation in the next (same passage)."""
    if not sentence.index or not sentence.clean or sentence.text[:2] not in (
            "Th", "It"):
        return None
    follow = _FOLLOW_RE.match(sentence.text)
    previous = sentences[sentence.index - 1]
    if follow is None or previous.passage is not sentence.passage:
        return None
    carrier = _CARRIER_RE.match(previous.text)
    kind = "follow-does" if follow.group("does") else "follow"
    expl = next(g for g in follow.groups() if g).rstrip(".").strip()
    if kind == "follow" and expl.startswith(("an ", "a ", "the ")) and " that " not in expl \
            and " where " not in expl and " who " not in expl and " which " not in expl:
        return None  # "That's a good point": an evaluation, not a definition
    if carrier is not None:
        term = carrier.group("term")
        if not previous.text.startswith(("Take ", "Consider ", "You mean", "Do you mean")) \
                and previous.text.count(" ") > 3:
            return None
    elif follow.group("what") and follow.group("what").startswith("what ") \
            and previous.clean:
        # "I think technical debt is the most useful metaphor ...": its subject
        subject = _FOLLOW_SUBJECT_RE.match(previous.text[_HEDGE_START_RE.match(
            previous.text).end():])
        term = subject.group("term") if subject else ""
    else:
        return None
    if not term or term.split(" ")[0].lower() in ("it", "this", "that", "yes", "no"):
        return None
    return Explanation(term, expl, kind)


def build_index(sentences: list[Sentence]) -> TermIndex:
    index = TermIndex()
    for sentence in sentences:
        index.add(sentence.index, strip_urls(sentence.text))
    index.prime_frequencies()
    return index


def _link_aliases(index: TermIndex, sentences: list[Sentence], aliases: AliasMap,
                  abbrevs: dict[str, tuple[str, str]]) -> None:
    """Union letter-prefix forms (E-FLOP) and "ABBR (expansion)" pairs with expansions."""
    two_word = {}
    for key, cand in index.candidates.items():
        if key.count(" ") == 1:
            two_word.setdefault(key.split(" ")[1], []).append(cand)
    for key, cand in index.candidates.items():
        parts = key.split(" ")
        if len(parts) == 2 and len(parts[0]) == 1:
            for other in two_word.get(parts[1], []):
                if other.key != key and is_abbreviation_of(
                        cand.surfaces.most_common(1)[0][0],
                        other.surfaces.most_common(1)[0][0]):
                    aliases.union(key, other.key)
    for sentence in sentences:
        for abbr, expansion in abbreviations(sentence.text):
            a_key, e_key = concept_key(abbr), concept_key(expansion)
            aliases.union(a_key, e_key)
            abbrevs[aliases.find(e_key)] = (abbr, expansion)
        for term, alias in alias_pairs(sentence.text):  # "X (also called Y)"
            aliases.union(concept_key(term), concept_key(alias), keep_first=True)
            aliases.linked.add(concept_key(term))


def find_concepts(sentences: list[Sentence], index: TermIndex) -> list[Concept]:
    """Every concept worth a card, in order of first mention."""
    aliases = AliasMap()
    abbrevs: dict[str, tuple[str, str]] = {}
    _link_aliases(index, sentences, aliases, abbrevs)
    found: list[tuple[int, Explanation]] = []
    for sentence in sentences:
        if not sentence.clean:
            continue
        for expl in explanations(sentence.text):
            term = _refine(expl.term, index) if expl.kind == "idea-of" else expl.term
            if expl.kind in ("by-this", "that-is"):
                previous = sentences[sentence.index - 1] if sentence.index else None
                if (previous is None or previous.passage is not sentence.passage
                        or not previous.clean):
                    continue
                term = _antecedent(previous.text, expl.text, index, expl.kind)
                if not term:
                    continue
            if _acceptable_term(term, index, expl.kind):
                found.append((sentence.index,
                              Explanation(term, expl.text, expl.kind, expl.cue)))
        follow = _followed(sentences, sentence, index)
        if follow is not None and _acceptable_term(follow.term, index, follow.kind):
            found.append((sentence.index, follow))
        contrast = _instead_of(sentences, sentence)
        if contrast is not None and _acceptable_term(contrast.term, index, "subject"):
            found.append((sentence.index, contrast))
        for term in subject_terms(sentence.text):
            if _acceptable_term(term, index, "subject"):
                found.append((sentence.index, Explanation(term, "", "subject")))
        for kind, terms in (("conditional", conditional_terms(sentence.text)),
                            ("contrast-object", contrast_objects(sentence.text))):
            for term in terms:
                if _acceptable_term(term, index, kind):
                    found.append((sentence.index, Explanation(term, "", kind)))
    concepts: dict[str, Concept] = {}

    def concept_for(key: str) -> Concept:
        root = aliases.find(key)
        return concepts.setdefault(root, Concept(root))

    for key, cand in index.candidates.items():
        cand.score = index.score(cand)
        if (cand.score <= 0 and aliases.find(key) == key and key not in abbrevs
                and key not in aliases.linked):
            continue
        concept = concept_for(key)
        concept.keys.add(key)
        concept.surfaces.update(cand.surfaces)
        concept.mentions.update(cand.sentences)
        concept.score += cand.score
    for sentence_index, expl in found:
        key = concept_key(expl.term)
        concept = concept_for(key)
        concept.keys.add(key)
        concept.surfaces[expl.term] += 0
        concept.mentions.add(sentence_index)
        concept.explained.append((sentence_index, expl))
    for concept in concepts.values():
        first = concept.key.split(" ")[0]
        concept.proper_first = (index.capital_seen.get(first, 0) > 0
                                and first not in index.lower_seen)
        concept.initial_capital = (index.capital_seen.get(first, 0) == 0
                                   and not any(s.split(" ")[0].isupper() for s in concept.surfaces
                                               if s))
        if concept.explained and " " not in concept.key and technicality(concept.key) < 2.0:
            concept.definite = _always_definite(concept, sentences)
    for root, (abbr, expansion) in abbrevs.items():
        concept = concepts.get(aliases.find(root))
        if concept is not None:
            concept.abbreviation = (abbr, expansion)
    return _select(list(concepts.values()), index)


def _always_definite(concept: Concept, sentences: list[Sentence]) -> bool:
    """True if every mention of a common word reads "the X" ("the mask", not "a mask")."""
    pattern = re.compile(rf"(?<![\w-])(\w+ )?{re.escape(concept.key)}s?(?![\w-])", re.IGNORECASE)
    seen = 0
    for i in sorted(concept.mentions):
        for match in pattern.finditer(sentences[i].text):
            seen += 1
            if (match.group(1) or "").lower() != "the ":
                return False
    return seen > 0


def _absorbed(concept: Concept, inside: dict[str, list[Concept]]) -> bool:
    """True if a concept's phrase only ever occurs inside a longer kept concept's phrase."""
    for key in concept.keys:
        for other in inside.get(key, ()):
            if other is not concept and key not in other.keys and (
                    concept.mentions <= other.mentions):
                return True
    return False


def _sub_phrases(key: str) -> set[str]:
    words = key.split(" ")
    return {" ".join(words[i:j]) for i in range(len(words))
            for j in range(i + 1, len(words) + 1) if j - i < len(words)}


def _select(concepts: list[Concept], index: TermIndex) -> list[Concept]:
    kept = [c for c in concepts
            if c.explained or c.abbreviation or c.score >= MIN_TERM_SCORE]
    inside: dict[str, list[Concept]] = {}
    for other in kept:
        if other.explained or other.score >= MIN_TERM_SCORE:
            for sub in set().union(*(_sub_phrases(k) for k in other.keys)):
                inside.setdefault(sub, []).append(other)
    kept = [c for c in kept if not _absorbed(c, inside)]
    for concept in kept:
        concept.explained.sort(key=lambda item: (_KIND_RANK.get(item[1].kind, 5), item[0]))
        concept.score += 10.0 * bool(concept.explained) + 5.0 * bool(concept.abbreviation)
    return sorted(kept, key=lambda c: (c.first, c.key))
