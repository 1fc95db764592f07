"""Card writing: turn found concepts into the cards a careful person would write.

The rules (issue 10 §3; Wozniak's twenty rules, Matuschak's prompt properties), each in
its own module:

* ``fronts``  — a question specific to what the text says, by relation;
* ``backs``   — one idea, about 20 words at most, cut at a clause boundary, standing alone;
* ``cloze``   — the key term hidden, in a sentence of 8–40 words;
* ``hedges``  — an opinion attributed ("According to NAME, ..."), never stated as fact;
* ``artefacts`` — scrape artefacts repaired or the text refused;
* ``dedupe``  — no duplicate card, no two cards from one sentence;
* ``names``   — the concept's name and article as the text gives them.

A concept gets one or two cards: a question card from its best explanation, and a cloze
from another sentence that explains it.  A concept with no card that passes every rule
gets none: a missing card costs less than a bad one.  Ids are
``<deck>.<concept-key>-<kind>`` and never depend on the card text.
"""

from __future__ import annotations

import re
from dataclasses import replace

from cards.decks import DeckCard, Source, validate_card_fields
from cards.extract.findings import Finding, FoundConcept
from cards.extract.sentences import split
from cards.extract.wordfreqs import zipf
from cards.extract.writing import artefacts
from cards.extract.writing.backs import BARE_VERBS, HARD_MAX_WORDS, dangling, make_back, words
from cards.extract.writing.cloze import MAX_WORDS as MAX_CLOZE_WORDS
from cards.extract.writing.cloze import _forms_re, introduced_before, make_cloze
from cards.extract.writing.dedupe import Ledger, same_fact
from cards.extract.writing.explained import explained_cloze
from cards.extract.writing.fronts import abbreviation_definition, ask, gives_away, in_context
from cards.extract.writing.hedges import (
    FIRST_PERSON_RE,
    attributed_question,
    holder,
    in_comments,
    personal,
    quoted_source,
)
from cards.extract.writing.ids import card_id, slug
from cards.extract.writing.names import (
    display_name,
    is_name,
    modified_noun,
    needs_definition,
    with_article,
)

#: A lone adjective as a concept's name ("continuous"): it classifies some noun.  Words in
#: -ent/-ant/-ar are left out: most that name a concept are nouns ("solvent", "gradient",
#: "reactant", "scalar"), and the adjectives among them are caught as judgements.
_MODIFIER_NAME_RE = re.compile(r"^[a-z]+(?:ic|al|ous|ive|ful|ary|ed|able|ible)$")
#: Shapes under which a lone adjective is itself the name ("By the universal I mean").
_SUBSTANTIVE_SHAPE_RE = re.compile(r"by-x|entry-|marked-|call|the-x-being")
#: Shapes where the text gives the word itself as the name ("to scatter seed is called
#: sowing"): a gerund so named stands as it is, never widened to a noun phrase.
_NAMING_SHAPE_RE = re.compile(r"^(?:is-called-x|by-x-we-mean|we-call|i-call)")
#: The text names a situation it has just described: "This is called X", "We call this X".
_CALLS_THIS_RE = re.compile(r"\b(?:(?:This|That|It) is (?:called|known as|termed|referred to as)"
                            r"|(?:call|term|name|dub) (?:this|it|that)\b)")
#: A lead-in qualifier a situation can do without ("In many cases, ...").
_QUALIFIER_RE = re.compile(r"^(?:In (?:many|most|some) cases|Often|Usually|Typically|"
                           r"Sometimes|In practice|In general|Generally),?\s+", re.IGNORECASE)


def situation(clause: str) -> str:
    """A described situation as the answer to "What is X?": "When <clause>"."""
    text = _QUALIFIER_RE.sub("", clause.strip())
    if re.match(r"(?:because|since|if|although|though|so|but|and|or|when|while)\b", text,
                re.IGNORECASE):
        return clause  # not a situation: a reason or a connective (refused as a back)
    first = text.split(" ", 1)[0]
    if first and not (first.isupper() and len(first) > 1):
        text = text[:1].lower() + text[1:]
    return f"when {text}"


__all__ = ["MAX_CARDS_PER_CONCEPT", "CardWriter", "card_id", "limit_cards", "slug",
           "write_cards"]

MAX_CARDS_PER_CONCEPT = 2


def write_cards(concepts: list[FoundConcept], *, deck: str | None = None,
                folder: str | None = None) -> list[DeckCard]:
    """Cards for ``concepts`` (best first), at most two per concept, none duplicated.

    ``deck`` prefixes every id with the deck's slug (``seeds.covariate-shift-basic``);
    ``folder`` is put in front of each block's file in ``source.file`` (the corpus folder
    as ``cards draft`` was given it).
    """
    writer = CardWriter(deck=deck, folder=folder)
    return [card for concept in concepts for card in writer.cards_for(concept)]


class CardWriter:
    """Writes cards concept by concept, best first, against one ledger of what the deck
    already holds; the drafter stops asking once its budget is spent, so the many weak
    candidates past it cost nothing."""

    def __init__(self, *, deck: str | None = None, folder: str | None = None) -> None:
        self._ledger = Ledger()
        self._deck, self._folder = deck, folder

    def cards_for(self, concept: FoundConcept) -> list[DeckCard]:
        """The concept's cards (none, one or two), none repeating an earlier card."""
        return _concept_cards(concept, self._ledger, self._deck, self._folder)


def limit_cards(cards: list[DeckCard], concepts: list[FoundConcept],
                max_cards: int) -> list[DeckCard]:
    """``--max-cards``: keep the cards of the highest-scoring concepts, in deck order."""
    if len(cards) <= max_cards:
        return cards
    rank: dict[str, tuple[float, int]] = {}
    for i, concept in enumerate(concepts):
        rank.setdefault(_label(display_name(concept), concept), (-concept.score, i))
    order = sorted(range(len(cards)), key=lambda i: (
        rank.get(cards[i].concept, (0.0, len(concepts))), i))
    chosen = set(order[:max_cards])
    return [card for i, card in enumerate(cards) if i in chosen]


def _concept_cards(concept: FoundConcept, ledger: Ledger, deck: str | None,
                   folder: str | None) -> list[DeckCard]:
    ledger.begin(concept.key, (concept.term, *concept.aliases))
    name = display_name(concept)
    modifier = bool(_MODIFIER_NAME_RE.match(name))
    if (modifier or (" " not in name and needs_definition(name))) and not (
            name.endswith("ing") and any(_NAMING_SHAPE_RE.search(f.shape)
                                         for f in concept.findings)):
        noun_phrase = modified_noun(name, concept)
        if noun_phrase is not None:
            name = noun_phrase
            concept = replace(concept, aliases=(*concept.aliases, concept.term),
                              term=noun_phrase)
        elif modifier and not any(_SUBSTANTIVE_SHAPE_RE.search(f.shape) or _as_noun(f)
                                  for f in concept.findings):
            return []  # "observational": a modifier of some noun the text does not give
    if not is_name(name) and not any(f.shape.startswith(_ACT_SHAPES) for f in concept.findings):
        return []  # (an act the text abbreviates, "perfectly price discriminates", is one)
    if needs_definition(name) and not any(_defines_here(f) for f in concept.findings):
        return []
    named = _Named(name, concept)
    names = [concept.term, *concept.aliases]
    label = _label(name, concept)
    marked = any(_marked(f) for f in concept.findings)
    out: list[DeckCard] = []
    kinds: set[str] = set()
    plain = [f for f in _with_spelled_out(writing_order(concept.findings))
             if f.relation != "abbreviation" or abbreviation_definition(f) is not None]
    clozes = _Clozes(names, marked, _code_identifier(name, concept))
    first = _first_place_card(concept, plain[:FIRST_PLACES], named, clozes, label,
                              ledger, deck, folder)
    if first is not None:
        out.append(first)
    for finding in [] if out else plain:
        card = _question_card(concept, finding, named, names, ledger)
        if card is not None:
            out.append(_finish(card, concept, finding, label, deck, folder))
            kinds.add(card.id)
            break
    if len(out) == 1:
        out.extend(_parts_card(concept, plain, named, names, label, ledger, deck, folder))
    for finding in plain:
        if len(out) >= MAX_CARDS_PER_CONCEPT or any(c.type == "cloze" for c in out):
            break
        if ledger.sentence_used(finding, cloze=True):
            continue
        text = clozes.of(finding)
        if text is None or ledger.duplicate(text, ""):
            continue
        if any(card.back and same_fact(card.back, text) for card in out):
            continue  # the cloze would test what the question card already tests
        quoted = clozes.quote_of(finding)
        if quoted is not finding and ledger.sentence_used(quoted, cloze=True):
            continue
        ledger.add(quoted, text, "")
        card = DeckCard(id=f"{slug(concept.key)}-cloze", type="cloze", text=text,
                        status="draft")
        out.append(_finish(card, concept, quoted, label, deck, folder))
        break
    if len(out) == 1 and out[0].type == "cloze":
        out.extend(_second_question(concept, plain, named, names, out[0], label, ledger,
                                    deck, folder))
    if not out and not clozes.code:
        out.extend(_explained_card(concept, plain, names, marked, label, ledger, deck,
                                   folder))
    if not out and _used_again(concept):
        for finding in concept.findings:
            if finding.relation != "abbreviation":
                continue
            card = _question_card(concept, finding, _Named(name, None), [], ledger)
            if card is not None:
                out.append(_finish(card, concept, finding, label, deck, folder))
                break
    return out


def _parts_card(concept: FoundConcept, plain: list[Finding], named: _Named, names: list[str],
                label: str, ledger: Ledger, deck: str | None,
                folder: str | None) -> list[DeckCard]:
    """A second question when the text also counts the concept's parts ("Every Tragedy
    must have six parts ... namely, Plot, Character, ..."): what it is and what it is made
    of are two facts worth a card each, where a cloze would test the first again."""
    for finding in plain:
        if not finding.shape.startswith(_PARTS_SHAPES) or ledger.sentence_used(finding):
            continue
        card = _question_card(concept, finding, named, names, ledger)
        if card is not None:
            return [_finish(card, concept, finding, label, deck, folder)]
    return []


#: Shapes that count a whole's parts and name them.
_PARTS_SHAPES = ("n-kinds-of-x",)


#: Shapes whose term is an act ("perfectly price discriminates"), asked as one.
_ACT_SHAPES = ("x-abbreviated-act-if",)


#: Findings of a concept tried for an explained cloze (the best few places).
EXPLAINED_TRIES = 6


#: A finding this close to the best one counts as an equally good place to explain from.
STRONG_MARGIN = 1.0
_STATISTICAL_SHAPES = ("repeated-term", "term-opens")


def writing_order(findings: list[Finding]) -> list[Finding]:
    """The places to write from, first first: the text's first good explanation of a term
    is where a reader meets it (and where its source view makes sense), so the strong
    findings go in text order, and the weaker ones after them, best first."""
    if not findings:
        return []
    best = max(f.score for f in findings)
    strong = [f for f in findings if f.score >= best - STRONG_MARGIN
              and f.shape.split("+")[0].split(":")[0] not in _STATISTICAL_SHAPES]
    files: dict[str, int] = {}
    for finding in findings:
        files.setdefault(finding.block.file, len(files))
    strong.sort(key=lambda f: (files[f.block.file], f.block.line, f.start))
    chosen = {id(f) for f in strong}
    return strong + [f for f in findings if id(f) not in chosen]


#: A sentence that spells out the one before: "X describes the converse problem. Here,
#: we assume that P(y) can change but ...".
_SPELLS_OUT_RE = re.compile(r"^(?:(?:Here|That is|In other words|Namely|Specifically|Formally|"
                            r"Concretely|Put differently|More precisely|Precisely)\s*,?\s+"
                            r"(?:we (?:assume|mean|say|require) that\s+|this means that\s+)?"
                            r"|This means that\s+)")


def _with_spelled_out(findings: list[Finding]) -> list[Finding]:
    """The findings, each definition followed by a second reading of it when the next
    sentence spells it out: its answer is that sentence, its quote both sentences."""
    out: list[Finding] = []
    for finding in findings:
        out.append(finding)
        if finding.relation != "definition":
            continue
        text = finding.block.text
        rest = [(s, e) for s, e in split(text[finding.end:]) if e > s]
        if not rest:
            continue
        start, end = rest[0]
        following = text[finding.end + start:finding.end + end]
        lead = _SPELLS_OUT_RE.match(following)
        if lead is None or len(following[lead.end():].split()) < 6:
            continue
        out.append(replace(finding, end=finding.end + end, shape=finding.shape + "+spelled-out",
                           explanation=situation(following[lead.end():].rstrip("."))))
    return out


#: The first places (in writing order) that may give a concept its first card, by
#: whichever rule fits there, before any later place is tried.
FIRST_PLACES = 3


class _Named:
    """The concept's name with its article, worked out (by votes over every mention) only
    when a question card needs it: most candidates never get that far."""

    def __init__(self, name: str, concept: FoundConcept | None) -> None:
        self._name, self._concept, self._text = name, concept, ""

    def __str__(self) -> str:
        if not self._text:
            self._text = (self._name if self._concept is None
                          else with_article(self._name, self._concept))
        return self._text


#: "We can think of X as Y": the writers' framing, which a card says in the passive.
_THINK_OF_RE = re.compile(r"^(?:We|One|You) can (?P<verb>think of|view|see|regard|picture)\s+"
                          r"(?P<what>[^,;]{3,80}?)\s+as\s+(?P<as>[^,;]{3,80})$")
_PARTICIPLES = {"think of": "thought of", "view": "viewed", "see": "seen", "regard": "regarded",
                "picture": "pictured"}


class _Clozes:
    """The cloze of each of a concept's sentences, made once: the first places and the
    later search for a second card ask for the same sentences."""

    def __init__(self, names: list[str], marked: bool, code: bool = False) -> None:
        self.names, self.marked, self.code = names, marked, code
        self._made: dict[int, str | None] = {}
        self._quoted: dict[int, Finding] = {}

    def of(self, finding: Finding) -> str | None:
        if self.code:
            return None  # a gap on a program's identifier tests its spelling, not an idea
        key = id(finding)
        if key not in self._made:
            self._made[key] = self._with_context(finding, make_cloze(finding, self.names,
                                                                     self.marked))
        return self._made[key]

    def quote_of(self, finding: Finding) -> Finding:
        """The place the cloze quotes: the finding, or it with the sentence before."""
        return self._quoted.get(id(finding), finding)

    def _with_context(self, finding: Finding, text: str | None) -> str | None:
        """The cloze with the sentence that introduced a thing it names with "the"."""
        if text is None:
            return None
        found = introduced_before(finding, self.names)
        if found is None:
            return text
        previous, widened = found
        lead = _THINK_OF_RE.sub(lambda m: f"{m['what']} can be {_PARTICIPLES[m['verb']]} as "
                                          f"{m['as']}", artefacts.repair(previous))
        lead = lead[:1].upper() + lead[1:]
        if (artefacts.problems(lead, self.names) or dangling(lead) or personal(lead)
                or lead.endswith(("?", ":")) or _forms_re(self.names).search(lead)):
            return text  # the sentence before cannot stand on the card: keep the one
        whole = f"{lead} {text}"
        if words(whole) > MAX_CLOZE_WORDS:
            return text
        self._quoted[id(finding)] = widened
        return whole


def _first_place_card(concept: FoundConcept, findings: list[Finding], named: _Named,
                      clozes: _Clozes, label: str, ledger: Ledger,
                      deck: str | None, folder: str | None) -> DeckCard | None:
    """A card from the first good place that explains the concept: a question card, else
    a cloze of that sentence, so the card sits where the reader meets the idea."""
    names, marked = clozes.names, clozes.marked
    if findings and findings[0].relation == "claim":
        # a mention that only glosses the term in passing ("the first group receives a
        # placebo (fake treatment)") gives way to a place that defines it ("A fake
        # treatment is called a placebo")
        for finding in findings[1:]:
            if finding.relation != "definition":
                continue
            card = _question_card(concept, finding, named, names, ledger)
            if card is not None:
                return _finish(card, concept, finding, label, deck, folder)
    for finding in findings:
        card = _question_card(concept, finding, named, names, ledger)
        if card is not None:
            return _finish(card, concept, finding, label, deck, folder)
        if ledger.sentence_used(finding, cloze=True):
            continue
        if clozes.code:
            continue
        text = clozes.of(finding)
        quoted = clozes.quote_of(finding)
        if text is None:
            made = explained_cloze(finding, names, marked)
            if made is None:
                continue
            text, quoted = made
        if ledger.duplicate(text, "") or ledger.sentence_used(quoted, cloze=True):
            continue
        ledger.add(quoted, text, "")
        cloze = DeckCard(id=f"{slug(concept.key)}-cloze", type="cloze", text=text,
                         status="draft")
        return _finish(cloze, concept, quoted, label, deck, folder)
    return None


def _second_question(concept: FoundConcept, findings: list[Finding], named: _Named,
                     names: list[str], first: DeckCard, label: str, ledger: Ledger,
                     deck: str | None, folder: str | None) -> list[DeckCard]:
    """After a cloze, a question card from another place that explains the concept
    (a definition or what it does), unless it tests what the cloze tests."""
    for finding in findings:
        if finding.shape.split("+")[0].split(":")[0] in _STATISTICAL_SHAPES or \
                finding.relation not in ("definition", "property", "purpose", "question"):
            continue
        card = _question_card(concept, finding, named, names, ledger)
        if card is None:
            continue
        if card.back and same_fact(card.back, first.text):
            ledger.forget(finding, card.front, card.back)
            continue
        return [_finish(card, concept, finding, label, deck, folder)]
    return []


def _explained_card(concept: FoundConcept, findings: list[Finding], names: list[str],
                    marked: bool, label: str, ledger: Ledger, deck: str | None,
                    folder: str | None) -> list[DeckCard]:
    """A cloze from the sentence that explains the concept, wherever the term sits in
    it: the last resort before a concept gets no card."""
    for finding in findings[:EXPLAINED_TRIES]:
        if ledger.sentence_used(finding, cloze=True):
            continue
        made = explained_cloze(finding, names, marked)
        if made is None or ledger.duplicate(made[0], ""):
            continue
        text, quoted = made
        if ledger.sentence_used(quoted, cloze=True):
            continue
        ledger.add(quoted, text, "")
        card = DeckCard(id=f"{slug(concept.key)}-cloze", type="cloze", text=text,
                        status="draft")
        return [_finish(card, concept, quoted, label, deck, folder)]
    return []


def _question_card(concept: FoundConcept, finding: Finding, named: _Named, names: list[str],
                   ledger: Ledger) -> DeckCard | None:
    if ledger.sentence_used(finding) or (_EDIT_NOTE_RE.match(finding.quote) and not
                                         finding.shape.startswith(_LOCAL_GLOSSES)):
        return None  # an edit note answers the thread; only a gloss in it stands alone
    prompt = ask(finding, str(named))
    if prompt is None:
        return None
    answer = _without_reference_hole(prompt.answer, finding)
    if prompt.kind == "meant" and len(answer.split()) > HARD_MAX_WORDS:
        return None  # the claim a label names, cut short, says something else
    if (answer.split(" ", 1)[0].lower() in BARE_VERBS and not re.search(
            rf"\b(?:be|is|are|being) (?:the |a |an )?{re.escape(finding.term)}", finding.quote,
            re.IGNORECASE)):
        return None  # "... per parameter (i.e. have ...)": the gloss explains a verb phrase
    if (finding.relation == "definition" and _CALLS_THIS_RE.search(finding.quote)
            and answer[:1].isupper() and answer.rstrip().endswith(".")):
        answer = situation(answer)  # a whole sentence the text then names
    stands_for = prompt.front.endswith(" stand for?") or prompt.kind == "called"
    back = make_back(answer, None if stands_for else names,
                     definition=(finding.relation == "definition" and prompt.kind != "meant"
                                 and not finding.shape.startswith("entry-")) or (
                         finding.relation == "abbreviation" and not stands_for),
                     minimum=1 if stands_for else (
                         0 if finding.shape.startswith(("list-are-examples", *_PARTS_SHAPES))
                         else 2),
                     question=finding.relation == "question")
    if back is None or (prompt.kind == "meant" and _CONSEQUENCE_RE.search(
            answer[len(back.rstrip(".")) - 1:])):
        return None  # the label means the consequence the cut dropped ("..., so ...")
    if _names_a_formula(back, finding):
        return None  # "The conditional distribution." -- the text's P(y|x) said which
    if finding.shape.startswith("x-(gloss)") and _synonym(back, finding.term):
        return None  # "anisotropic (ill-conditioned) functions": another name, no idea
    front = prompt.front
    kind_of = _KIND_OF_BACK_RE.match(back) if prompt.front.startswith("What ") else None
    if kind_of and re.fullmatch(r"What (?:is|are) .+\?", front):
        # "What is non-obstruction? A diffuse form of impact alignment." has many true
        # answers; "Non-obstruction is a diffuse form of what?" has one
        subject = front[len("What is "):-1] if front.startswith("What is ") else \
            front[len("What are "):-1]
        verb = "is" if front.startswith("What is ") else "are"
        front = (f"{subject[:1].upper()}{subject[1:]} {verb} {kind_of['art'].lower()} "
                 f"{kind_of['kind']} of what?")
        back = kind_of["of"][:1].upper() + kind_of["of"][1:]
    why = _ACT_FOR_A_REASON_RE.match(back) if re.fullmatch(r"What is [^?]+\?", front) else None
    if why and _same_stem(why["verb"], finding.term):
        # "What is randomization? Researchers randomize patients ... to account for ...":
        # the back says why the act is done, so the card asks why
        front = f"Why do {why['subj'][:1].lower()}{why['subj'][1:]} {why['verb']} {why['obj']}?"
        back = f"To {why['why']}."
    if finding.shape.startswith("is-called-x") and re.fullmatch(
            r"(?:In [^?]+, )?[Ww]hat (?:is|are) [^?]+\?", front) and _EXAMPLE_FRAME_RE.match(
            finding.block.text):
        return None  # "graduates who are selected for review are collectively called the
        # sample", in a block that opens a running example: the back is the example's
    scene = _NOT_WHAT_IT_IS_RE.match(back) if re.fullmatch(r"What (?:is|are) [^?]+\?",
                                                            front) else None
    if scene is not None:
        # "What is blocking? Researchers sometimes know ...": the entry's first sentence
        # says when the term is used, or why it matters, not what it is
        front, back = _when_or_why(scene, front, back)
    quoted = quoted_source(finding.quote) or (
        finding.other if finding.shape.startswith("suggests-x-colon") else None)
    work = _essay_title(finding)
    if work is not None and _bare_name(str(named)).lower() in work.lower():
        work = None  # "In “Non-Obstruction”, what is non-obstruction?" names it twice
    if quoted is not None:
        front = attributed_question(front, quoted)
    elif (finding.hedged and not finding.shape.startswith(_GLOSS_NAMES)
          and not (in_comments(finding.block) and finding.shape.startswith(_STIPULATIONS))) \
            or finding.relation == "claim" or _a_commenters_view(finding):
        who = holder(finding.block.author, finding.quote, finding.block)
        front = (f"In “{work}”, {front[:1].lower()}{front[1:]}"
                 if work is not None and who in (None, "the author")
                 else attributed_question(front, who))
    elif work is not None:
        # an essay's definitions are its writer's: the card names the work
        front = f"In “{work}”, {front[:1].lower()}{front[1:]}"
    else:
        front = in_context(front, str(named), finding.block.heading or finding.block.title,
                           finding.block.title)
    if artefacts.problems(front, names) or gives_away(front, back) or ledger.duplicate(front, back):
        return None
    if artefacts.unexplained_code(finding.code, f"{front} {back}", names):
        return None
    ledger.add(finding, front, back)
    return DeckCard(id=f"{slug(concept.key)}-{_kind_slug(prompt.kind)}", type="basic",
                    front=front, back=back, status="draft")


#: A block that opens a running example ("We might try to estimate the time to graduation
#: for Duke undergraduates ..."): the things it names are the example's, not the term's.
_EXAMPLE_FRAME_RE = re.compile(r"^(?:we might|suppose|imagine|consider|for example|for instance|"
                               r"let's say|let us say|say that)\b", re.IGNORECASE)


#: A back that sets a scene or gives a reason, with its own agent ("Researchers sometimes
#: know ...", "The more cases researchers observe, the more ..."), not what the term is.
_NOT_WHAT_IT_IS_RE = re.compile(
    r"^(?:(?P<agent>researchers|scientists|people|experimenters|statisticians|we|they)\s+"
    r"(?:sometimes\s+|often\s+|usually\s+)?"
    r"(?:know|suspect|believe|think|want|wonder|notice|assume|expect|hope)\s"
    r"|the (?:more|less|fewer|larger|smaller|greater)\s[^,]+,\s+the (?:more|less|fewer|"
    r"larger|smaller|greater)\b)", re.IGNORECASE)


def _when_or_why(scene: re.Match[str], front: str, back: str) -> tuple[str, str]:
    """ "Researchers sometimes know that X" -> "When do researchers use blocking?" /
    "When they know that X"; "The more ..., the more ..." -> "Why is X important?"."""
    name = re.sub(r"^What (?:is|are) ", "", front)[:-1]
    agent = scene.group("agent")
    if agent is None:
        verb = "are" if front.startswith("What are") else "is"
        return f"Why {verb} {name} important?", back
    rest = back[scene.end("agent"):].lstrip()
    rest = re.sub(r"^(?:sometimes|often|usually)\s+", "", rest)
    pronoun = "we" if agent.lower() == "we" else "they"
    return f"When do {agent.lower()} use {name}?", f"When {pronoun} {rest}"


#: A back that only places the term under a broader one: "A diffuse form of impact
#: alignment", "A special case of softmax regression", "A subdivision of the ugly".
_KIND_OF_BACK_RE = re.compile(
    r"^(?P<art>An?|The) (?P<kind>(?:[\w-]+ )?(?:form|kind|type|variant|version|special case|"
    r"subdivision|subset|species)) of (?P<of>[^,;()]{3,60})$")


#: "Researchers randomize patients into treatment groups to account for variables ...".
_ACT_FOR_A_REASON_RE = re.compile(r"^(?P<subj>[A-Z][a-z]+|The [a-z]+) (?P<verb>[a-z]{4,}) "
                                  r"(?P<obj>[^,;]{3,60}?) (?:in order )?to "
                                  r"(?P<why>[a-z][^,;]{6,}?)\.?$")


def _same_stem(verb: str, term: str) -> bool:
    """True if the verb is the act the term names ("randomize", "randomization")."""
    head = term.lower().split()[-1] if term.split() else ""
    return len(verb) >= 5 and head.startswith(verb[:max(5, len(verb) - 2)])


def _bare_name(name: str) -> str:
    return re.sub(r"^(?:the|an?)\s+", "", name, flags=re.IGNORECASE)


#: A work's title this long is named by its part before the colon, or not at all.
MAX_WORK_WORDS = 7


def _essay_title(finding: Finding) -> str | None:
    """The title of the essay the finding's block comes from (its main part: "Non-
    Obstruction" of "Non-Obstruction: A Simple Concept Motivating Corrigibility"), when the
    block is from one (``voice:essay``) and the page names no author."""
    block = finding.block
    if "voice:essay" not in block.tags or not block.title or (
            block.author and block.author.strip()):
        return None
    title = re.split(r"\s*[:—–]\s+", block.title.strip(), maxsplit=1)[0].strip(" .")
    return title if title and len(title.split()) <= MAX_WORK_WORDS else None


def _synonym(back: str, term: str) -> bool:
    """True if a short back is the term with its modifier swapped ("Ill-conditioned
    functions." for "anisotropic functions"): a synonym, which blind reviews r12 and r13
    judged a bad card."""
    words_back = back.rstrip(".").lower().split()
    words_term = term.lower().split()
    return len(words_back) <= 2 and len(words_term) >= 2 and bool(words_back) and \
        words_back[-1].rstrip("s") == words_term[-1].rstrip("s")


def _a_commenters_view(finding: Finding) -> bool:
    """True if a comment's explanation must be attributed: the page names its writer, or
    the writer speaks as "I" ("By this, I mean ..."), or it is no plain definition.  An
    unsigned comment's plain definition ("top-K accuracy: you guess K labels, and are
    right if any of them is correct") reads as the fact it is; "According to the
    commenter" would name nobody."""
    if not in_comments(finding.block):
        return False
    if finding.shape.startswith(_TENDENCIES) and not FIRST_PERSON_RE.search(finding.quote):
        return bool(finding.block.author and finding.block.author.strip())
    return bool(finding.block.author and finding.block.author.strip()) or \
        finding.relation not in ("definition", "abbreviation") or (
            bool(FIRST_PERSON_RE.search(finding.quote))
            and not finding.shape.startswith(_STIPULATIONS))


#: Shapes where a writer stipulates what a word means ("By this, I mean a testing approach
#: which ..."): a definition, whatever "I think" the sentence before it says; on an
#: unsigned comment, "According to the commenter" would name nobody (blind review r12).
_STIPULATIONS = ("by-this-i-mean", "by-x-we-mean", "x-to-be", "we-define-x-as",
                 "we-use-x-to-mean", "i-call-x-in-which")


#: Shapes stating a tendency with its own hedge ("Larger model classes often have bigger
#: Rashomon sets"): the front keeps the "often", and with no "I" in the sentence an unsigned
#: comment's "According to the commenter" would name nobody.
_TENDENCIES = ("larger-x-have-bigger-t",)


#: Shapes where the text names a phrase it has just said ("... on your paycheck (the
#: nominal wage)"): the naming is the text's own, whatever the sentence around it hedges.
_GLOSS_NAMES = ("explanation-(the-x)", "we-call-the-first-x", "x-dash-activity", "x-dash-gloss")


def _without_reference_hole(answer: str, finding: Finding) -> str:
    """The answer without a trailing "in" that led to a skipped formula or equation
    reference ("minimizing the empirical risk in (4.7.2)"): the reference adds nothing a
    card can show, and the "in" alone would leave the back open."""
    match = re.search(r"\s+in\s*$", answer)
    if match is None:
        return answer
    text = finding.block.text
    kept = answer[:match.end()].rstrip()
    at = text.lower().find(kept.lower(), finding.start, finding.end + 1)
    if at < 0:
        return answer
    end = at + len(kept)
    after = re.match(r"\s*[,.;]", text[end:])
    # the hole shows as a gap the reader recorded, or as a space left before the comma
    hole = any(end <= gap <= end + 2 for gap in finding.block.gaps) or bool(
        re.match(r"\s+[,.;]", text[end:]))
    return answer[:match.start()] if after and hole else answer


#: A back this short that ends where the text gave a formula leaves out which one.
FORMULA_BACK_WORDS = 4


def _names_a_formula(back: str, finding: Finding) -> bool:
    """True if a short back ends just where the text set a formula the reader skipped
    ("the labeling function, i.e., the conditional distribution $P(y|x)$ does not change"):
    "The conditional distribution." alone does not say which."""
    gaps = finding.block.gaps
    words = back.rstrip(".").split()
    if not gaps or len(words) > FORMULA_BACK_WORDS:
        return False
    tail = " ".join(words[-2:]).lower()
    text = finding.block.text.lower()
    at = text.find(tail, finding.start, finding.end + 1)
    if at < 0:
        return False
    end = at + len(tail)
    return any(end <= gap <= end + 2 for gap in gaps)


#: Where a claim goes on to its point: a back cut there loses what the label means.
_CONSEQUENCE_RE = re.compile(r",?\s+(?:so|thus|hence|therefore|which means|meaning|because)\b")


def _code_identifier(name: str, concept: FoundConcept) -> bool:
    """True if the name is an identifier of the text's code ("sqrt-iter", "good-enough?"),
    marked as code where the text uses it and no ordinary word."""
    low = name.lower()
    if not any(low == c.lower() for f in concept.findings for c in f.code):
        return False
    return bool(re.search(r"[-_?!]|\d", low)) or zipf(low) < 3.0


#: A writer's later note to their own text ("(EDITED to add: Or maybe the claim is ...")):
#: an aside on the discussion, not an explanation.
#: Shapes whose explanation is a gloss in brackets right at the term ("a 'secret'
#: scratchpad (i.e. one that you never look at ...)"): true wherever the sentence stands.
_LOCAL_GLOSSES = ("x-ie", "x-(gloss)", "explanation-(the-x)")
_EDIT_NOTE_RE = re.compile(r"^\(?\s*(?:EDIT(?:ED)?|Edit(?:ed)?|UPDATE|Update)\b")


def _as_noun(finding: Finding) -> bool:
    """True if the place uses a word that looks like an adjective as a noun: "A Syllable
    is a non-significant sound" (an indefinite article before it, a verb of being after it)."""
    return bool(re.search(rf"(?:^|\s)(?:[Aa]n?|[Ee]ach|[Ee]very) {re.escape(finding.term)}"
                          r"s? (?:is|are)\b", finding.quote))


def _kind_slug(kind: str) -> str:
    return slug(kind) if kind.startswith("vs-") else kind


def _finish(card: DeckCard, concept: FoundConcept, finding: Finding, label: str,
            deck: str | None, folder: str | None) -> DeckCard:
    block = finding.block
    file = f"{folder.rstrip('/')}/{block.file}" if folder else block.file
    card.concept = label
    card.source = Source(file=file, line=finding.line, quote=finding.quote,
                         author=block.author)
    if deck is not None:
        card.id = card_id(deck, card.id)
    validate_card_fields(card)
    return card


def _used_again(concept: FoundConcept) -> bool:
    """True if the text uses the concept in more than one place: an abbreviation spelled
    out once in passing ("keep your OKRs (objectives and key results) short") is not
    worth a card of its own."""
    return len({(f.block.file, f.block.line_at(f.start)) for f in concept.findings}) >= 2


def _defines_here(finding: Finding) -> bool:
    """True if this place defines the term: a definition by a shape that is not loose,
    a glossary or list entry, or the writer's mark on the term."""
    shape = finding.shape
    return shape.startswith("entry-") or "marked-term" in shape or (
        finding.relation == "definition" and not shape.startswith(("repeated", "term-opens")))


def _label(name: str, concept: FoundConcept) -> str:
    """The concept as the card names it: "E-FLOP (effective FLOP)" when the text gives an
    abbreviation and its expansion."""
    for alias in concept.aliases:
        if alias.replace("-", "").isupper() and len(alias) >= 2 and not name.isupper():
            return f"{alias} ({name})"
        if name.replace("-", "").isupper() and " " in alias:
            return f"{name} ({alias})"
    return name


def _marked(finding: Finding) -> bool:
    """True if the text marks the term with emphasis, bold, code or term markup."""
    text = finding.block.text
    term = finding.term.lower()
    return any(text[s.start:s.end].lower().strip() == term for s in finding.block.spans
               if s.kind in ("emphasis", "strong", "term", "code", "quoted"))
