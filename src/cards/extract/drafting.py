"""Turn concepts into cards that follow the rules of good flashcards.

* basic card: front asks what the term means, back is the explaining clause (short);
* cloze card: the best *other* sentence that uses the term, the term deleted everywhere
  it occurs (so the answer is never visible), hedges ("I think that ...") stripped;
* contrast card: a sentence that sets two kept concepts against each other.

Sentences with first/second-person references, a dangling "this"/"it" opener or a
reference to "the post" are never used as card text: they do not stand on their own.
Ids come from the concept key and the card kind only, so re-drafting keeps them.
"""

from __future__ import annotations

import re

from cards.decks import DeckCard, Source
from cards.extract.concepts import MIN_TERM_SCORE, Concept
from cards.extract.sentences import Sentence

_HEDGE_RE = re.compile(
    r"^(?:(?:But|And|So|Also|Basically|Technically|Roughly|Ideally|Now|Still|Thus|Hence|"
    r"In other words|In general|Note that|In fact|Of course|Empirically|Usually),?\s+)*"
    r"(?:(?:I|We) (?:think|suspect|guess|believe|claim|expect|agree)(?: that)?\s+)?"
    r"(?:(?:I|We) [^,.]{0,60}? (?:is|was) that\s+)?"
    r"(?:(?:[Tt]he |[Mm]y |[Oo]ur )?(?:key |main |central )?(?:takeaway|point|claim|idea|"
    r"argument|lesson)[^,.]{0,50}? (?:is|was) that\s+)?"
)
_DANGLING_START = re.compile(
    r"^(?:This|That|These|Those|It|Its|They|Their|He|She|His|Her|Such|Which|Here|There's|"
    r"Yes|No|Yeah|Same|Similarly|Otherwise|However|Instead|Then)\b")
_PERSONAL_RE = re.compile(
    r"\b(?:I|I'm|I've|I'd|I'll|me|my|mine|you|your|you're|you've|yours|we|our|us|we're|"
    r"he|she|his|her)\b|\b(?:this|the|that|your|my) (?:post|comment|paper|piece|thread|"
    r"section|article|essay|answer)\b|\b(?:above|below)\b", re.IGNORECASE)
_CONTRAST_RE = re.compile(
    r"\b(?:isn't just|is not just|not just|distinct from|differs? from|as opposed to|"
    r"rather than|unlike|versus|vs\.?|interchangeably|instead of|not the same as)\b")
#: After a mention, a verb that makes the sentence say something about the term.
_EXPLAINS_RE = re.compile(
    r"^\W{0,3}(?:\w+ ){0,1}(?:is|are|was|were|can|has|have|depends?|means|refers|requires|"
    r"describes|becomes|shares?|does|do|encodes?|implements?|measures?)\b")
MAX_WORDS = 40
MIN_WORDS = 6


def slug(key: str) -> str:
    """A card-id-safe form of a concept key ("e flop" -> "e-flop")."""
    text = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")
    return (text or "concept")[:100]


def card_text(sentence: str) -> str | None:
    """The sentence as a self-contained card statement, or None if it cannot stand alone."""
    text = _HEDGE_RE.sub("", sentence.strip(), count=1).strip()
    if not text:
        return None
    text = text[0].upper() + text[1:]
    words = len(text.split())
    if not MIN_WORDS <= words <= MAX_WORDS or _DANGLING_START.match(text):
        return None
    if _PERSONAL_RE.search(text) or text.endswith("?"):
        return None
    return text


def _mention_re(concept: Concept) -> re.Pattern[str]:
    forms = {s for s in concept.surfaces if s} | set(concept.keys)
    if concept.abbreviation:
        forms |= set(concept.abbreviation)
    variants: set[str] = set()
    for form in forms:
        escaped = re.escape(form).replace(r"\-", "[- ]?").replace(r"\ ", "[- ]")
        variants.add(escaped + r"(?:s|es)?")
    alternatives = "|".join(sorted(variants, key=lambda v: (-len(v), v)))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def display_name(concept: Concept) -> str:
    """How the concept is named on cards: "E-FLOP (effective FLOP)", "Rashomon set"."""
    if concept.abbreviation:
        abbr, expansion = concept.abbreviation
        return f"{abbr} ({expansion})"
    ranked = sorted(concept.surfaces.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))
    ranked = [(_singular_phrase(s), n) for s, n in ranked]
    name = ranked[0][0] if ranked else concept.key
    short = [s for s, _ in ranked if "-" in s and len(s.split("-")[0]) == 1]
    longer = [s for s, _ in ranked if s not in short and " " in s]
    if short and longer:
        return f"{short[0]} ({longer[0]})"
    if name[:1].isupper() and name.split(" ")[0].lower() == name.split(" ")[0].lower() and (
            not name[1:2].isupper()) and len(concept.surfaces) > 1:
        lowered = [s for s in concept.surfaces if s[:1].islower()]
        if lowered:
            return sorted(lowered, key=lambda s: (-concept.surfaces[s], s))[0]
    return name


def _singular_phrase(surface: str) -> str:
    from cards.extract.aliases import singular

    head, _, last = surface.rpartition(" ")
    return f"{head} {singular(last)}".strip() if " " in surface else singular(surface)


def _source(sentence: Sentence) -> Source:
    passage = sentence.passage
    return Source(file=passage.file, line=passage.line, quote=sentence.text,
                  author=passage.author)


def _basic(concept: Concept, by_index: dict[int, Sentence], name: str) -> DeckCard | None:
    if concept.abbreviation and not concept.explained:
        abbr, expansion = concept.abbreviation
        sentence = next((by_index[i] for i in sorted(concept.mentions)
                         if expansion in by_index[i].text and abbr in by_index[i].text), None)
        if sentence is None:
            return None
        return DeckCard(id=f"{slug(concept.key)}-basic", type="basic", status="draft",
                        concept=name, front=f'What does "{abbr}" stand for?',
                        back=expansion, source=_source(sentence))
    if not concept.explained:
        return None
    index, expl = concept.explained[0]
    back = expl.text[0].upper() + expl.text[1:]
    if not back.endswith((".", "!", "?", ")", "\"", "”")):
        back += "."
    term = name if name else expl.term
    return DeckCard(id=f"{slug(concept.key)}-basic", type="basic", status="draft",
                    concept=name, front=f'What is meant by "{term}"?', back=back,
                    source=_source(by_index[index]))


def _cloze_score(text: str, mention: re.Match[str]) -> float:
    """Prefer short sentences that have the term as subject and say what it is."""
    score = 0.0
    if mention.start() <= 4:
        score += 4.0
    score -= 1.5 * len(re.findall(r"[/\"“”$%=]|\d", text)) ** 0.5
    if re.search(r"\b(?:is|are|means|refers to|called|defined)\b", text):
        score += 2.0
    score -= abs(len(text.split()) - 18) / 6
    return score


def _cloze(concept: Concept, sentences: list[Sentence], name: str,
           avoid: set[int]) -> DeckCard | None:
    pattern = _mention_re(concept)
    strong = concept.score >= 1.5 * MIN_TERM_SCORE
    best: tuple[float, int, str, Sentence] | None = None
    for i in sorted(concept.mentions - avoid):
        sentence = sentences[i]
        if not sentence.clean:
            continue
        text = card_text(sentence.text)
        matches = list(pattern.finditer(text)) if text else []
        if text is None or not matches:
            continue
        match = matches[0]
        explains = any(m.start() <= 4 or _EXPLAINS_RE.match(text[m.end():]) for m in matches)
        if not explains and not strong:
            continue
        score = _cloze_score(text, match) + 3.0 * explains
        if best is None or score > best[0]:
            best = (score, i, text, sentence)
    if best is None:
        return None
    _, _, text, sentence = best
    cloze = pattern.sub(lambda m: "{{c1::" + m.group(0) + "}}", text)
    return DeckCard(id=f"{slug(concept.key)}-cloze", type="cloze", status="draft",
                    concept=name, text=cloze, source=_source(sentence))


def _contrast(concept: Concept, others: list[Concept], sentences: list[Sentence],
              name: str, names: dict[str, str]) -> DeckCard | None:
    for i in sorted(concept.mentions):
        sentence = sentences[i]
        if not sentence.clean or not _CONTRAST_RE.search(sentence.text):
            continue
        text = card_text(sentence.text)
        if text is None:
            continue
        low = text.lower()
        for other in others:
            if other is concept or other.key in concept.key or concept.key in other.key:
                continue
            if " " in other.key or " " in concept.key:
                continue  # contrasts of single-word terms only: phrases overlap too often
            if not (other.mentions & {i}) and not re.search(rf"\b{re.escape(_stem(other.key))}",
                                                            low):
                continue
            front = f'How does "{name}" differ from "{names[other.key]}"?'
            return DeckCard(id=f"{slug(concept.key)}-vs-{slug(other.key)}", type="basic",
                            status="draft", concept=name, front=front, back=text,
                            source=_source(sentence))
    return None


def _stem(key: str) -> str:
    """A loose stem for spotting a term's relatives ("polysemanticity" ~ "polysemantic")."""
    if " " in key or len(key) < 9:
        return key
    return re.sub(r"(?:ity|ities|ness|ism|s)$", "", key)


def draft_cards(concepts: list[Concept], sentences: list[Sentence]) -> list[DeckCard]:
    """Cards for every concept, in concept order; fronts are unique."""
    by_index = {s.index: s for s in sentences}
    names = {c.key: display_name(c) for c in concepts}
    cards: list[DeckCard] = []
    fronts: set[str] = set()
    for concept in concepts:
        name = names[concept.key]
        basic = _basic(concept, by_index, name)
        used = {concept.explained[0][0]} if basic and concept.explained else set()
        contrast = _contrast(concept, concepts, sentences, name, names)
        if contrast is not None and contrast.source is not None:
            used |= {s.index for s in sentences
                     if s.passage.line == contrast.source.line and s.text == contrast.source.quote}
        drafted = [basic, contrast, _cloze(concept, sentences, name, used)]
        for card in drafted:
            if card is None:
                continue
            key = (card.front or card.text).lower()
            if key in fronts:
                continue
            fronts.add(key)
            cards.append(card)
    return cards
