"""Cloze cards: one sentence of the text with its key term hidden.

Why only the term: the card asks "which concept is this?", so the gap must be the
concept's name (every occurrence, aliases too, or the answer shows), never a generic
phrase or a subject with its verb.  The sentence must stand alone (8–40 words, no
dangling opener, no artefact) and a hedged one is attributed.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from cards.extract.findings import Finding
from cards.extract.sentences import split
from cards.extract.wordfreqs import zipf
from cards.extract.writing import artefacts
from cards.extract.writing.backs import _OPEN_END_RE, dangling, general, words
from cards.extract.writing.hedges import (
    attributed_statement,
    commenter,
    guiding,
    in_comments,
    personal,
    quoted_source,
    unhedge,
)

MIN_WORDS = 8
MAX_WORDS = 40
#: Words left visible besides the gap: fewer and the sentence gives no cue.
MIN_CUE_WORDS = 6
#: A one-word term this common in English is a generic word, not a key term.
GENERIC_ZIPF = 5.0
#: Before the gap: the sentence is about the term (it opens with it, after at most a short
#: scene-setter) or names it ("is called X", "we call this X").
_NAMES_IT_RE = re.compile(
    r"\b(?:called|known as|termed|named|dubbed|call (?:this|it|these|them)|refer to as|"
    r"referred to as|defined as|define|is|are)\s+(?:a |an |the )?[\"“‘'*_]?$", re.IGNORECASE)
MAX_LEAD_WORDS = 6
#: A lead-in that adds nothing to the fact: "As the name suggests, ...".
_LEAD_ASIDE_RE = re.compile(r"^(?:As (?:the name suggests|we (?:have )?(?:saw|seen|noted)|"
                            r"noted (?:above|before)|mentioned)|For example|For instance|"
                            r"In other words|In short|Put simply|Simply put|If you(?:'re|’re| are) "
                            r"(?:ready|willing|happy|comfortable|prepared)\b[^,]{0,60}),\s+")
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
    if len(parts) > 1 and parts[-1] in _GENERIC_HEADS and all(
            _everyday(w) for w in parts[:-1]):
        return False  # "high-level idea": "feature" or "concept" would fit the gap as well
    if len(parts) > 1 or term.isupper():
        return True
    word = parts[0]
    if word in _FUNCTION_WORDS or re.search(r"(?:n't|n’t|ly)$", word):
        return False
    if marked:
        return True
    return zipf(word) < GENERIC_ZIPF and not _ADJECTIVE_RE.search(word)


#: Heads that name no particular thing: with everyday words before them, a phrase.
_GENERIC_HEADS = frozenset({"idea", "ideas", "thing", "things", "way", "ways", "notion",
                            "notions", "aspect", "aspects", "part", "parts", "kind", "kinds",
                            "stuff", "matter", "matters"})
#: A modifier this common (each part of a hyphenated one) says nothing particular.
EVERYDAY_ZIPF = 4.5


def _everyday(word: str) -> bool:
    return all(zipf(p) >= EVERYDAY_ZIPF for p in word.split("-") if p)


#: A lone adjective is a modifier, not a concept ("algorithmic" of "algorithmic progress").
_ADJECTIVE_RE = re.compile(r"(?:ic|al|ive|ous|ful|less|able|ible|ary)$")


_FUNCTION_WORDS = frozenset([
    "insofar", "inasmuch", "however", "therefore", "thus", "hence", "whereas", "although",
    "though", "unless", "whether", "because", "since", "also", "just", "even", "really",
    "still", "yet", "maybe", "perhaps", "indeed", "essentially", "basically",
])


def _forms_re(names: list[str]) -> re.Pattern[str]:
    """Every written form of the names (plural, hyphen or space), as one pattern; made once
    per set of names, since a concept's places all ask for the same."""
    return _forms_pattern(tuple(names))


@functools.lru_cache(maxsize=512)
def _forms_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    variants = set()
    for name in names:
        if not name.strip():
            continue
        escaped = re.escape(name.strip()).replace(r"\-", "[- ]?").replace(r"\ ", "[- ]")
        variants.add(escaped + r"(?:s|es)?")
    alternatives = "|".join(sorted(variants, key=lambda v: (-len(v), v)))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def bare_acronym(names: list[str]) -> bool:
    """True if the concept is only an acronym the text never spells out ("GPT"): as a
    gap it is a product's name or a guess, not a concept recalled."""
    return bool(names) and names[0].replace("-", "").isupper() and not any(
        " " in n.strip() for n in names)


#: An estimate or a forecast ("a 2-5% chance that ...", "the odds that ..."): an opinion
#: of the moment, not a concept's explanation.
ESTIMATE_RE = re.compile(r"\b\d+(?:\s*[-–]\s*\d+)?\s*%\s*(?:chance|probability|likely)\b|"
                         r"\b(?:chance|odds|probability) (?:that|of)\b", re.IGNORECASE)


#: "As the name suggests, non-negative matrix factorization constrains its factors to be
#: positive": the sentence spells out the name, so the rest gives the gap away.
AS_NAMED_RE = re.compile(r"^As (?:the|its) (?:name|term) (?:suggests|implies|says)\b")


#: Someone's quip quoted whole ("In the words of Alan Perlis, “Syntactic sugar causes
#: cancer of the semicolon.”"): a saying to enjoy, not an explanation to recall.
QUIP_RE = re.compile(r"^(?:In the words of|As [A-Z][\w.]*(?: [A-Z][\w.]*)* (?:once )?"
                     r"(?:said|put it|quipped|wrote|remarked)|To quote)\b")


def make_cloze(finding: Finding, names: list[str], marked: bool = False) -> str | None:
    """The cloze text for the finding's sentence, or None if it cannot make a good one."""
    if not names or not hideable(names[0], marked) or bare_acronym(names):
        return None
    if ESTIMATE_RE.search(finding.quote) or QUIP_RE.search(finding.quote) or \
            AS_NAMED_RE.match(finding.quote):
        return None
    sentence = artefacts.repair(finding.quote)
    if finding.block.kind == "list_item":
        sentence = item_sentence(sentence)
    sentence = _contrast_head(sentence, _forms_re(names))  # its symbols stay in the text
    if not sentence or artefacts.problems(sentence, names) or sentence.endswith("?"):
        return None
    stance = unhedge(sentence, finding.hedged)
    text = _LEAD_ASIDE_RE.sub("", stance.text)
    text = trim(general(text[:1].upper() + text[1:]), names)
    if _PARTICIPLE_OPENER_RE.match(text):
        return None  # "Following a convention known as X, in which ...": no main clause
    if text[:1] in "(>[" or re.search(r"\byou\b|!\s*$", text, re.IGNORECASE):
        return None
    if personal(text) or guiding(text) or dangling(text) or not MIN_WORDS <= words(
            text) <= MAX_WORDS:
        return None
    if text[-1] not in ".!\"”)" or _OPEN_END_RE.search(text.rstrip(".!\"”)")):
        return None
    pattern = _forms_re(names)
    hidden = 0

    def gap(match: re.Match[str]) -> str:
        nonlocal hidden
        hidden += 1
        return "{{c1::" + match.group(0) + "}}"

    first = pattern.search(text)
    if first is None or part_of_compound(text, first):
        return None
    if not about_term(text, first):
        return None  # the sentence only mentions the term on its way to something else
    if re.search(r"[a-z][A-Z]", first.group(0)):
        return None  # "OpenAI", "ChatGPT": a product or a firm, not a concept
    return finish_cloze(pattern.sub(gap, text), finding, names, stance.hedged, marked)


#: "simple {{c1::random sampling}} is the most intuitive form of {{c1::random sampling}}":
#: a kind of the term left in view beside its gaps -- the sentence is about the kind.
_KIND_BEFORE_GAP_RE = re.compile(r"\b(?:simple|basic|general|special|common|ordinary|"
                                 r"standard|regular|pure|plain|main|naive|classic)\s+\{\{c1::",
                                 re.IGNORECASE)
#: A recommendation, not an idea: "{{c1::Investopedia}} is a great resource for ...".
PRAISE_RE = re.compile(r"\}\}\S*\s+(?:is|are|was|were)\s+(?:(?:really|very|truly|also)\s+)?"
                       r"(?:an?\s+)?(?:great|good|excellent|wonderful|fantastic|amazing|nice|"
                       r"superb|brilliant|awesome|terrific|handy|fun)\b", re.IGNORECASE)
#: The gap as the writer's pick ("A great mental motion is the {{c1::wedge}} trick"): a
#: verdict on the term, which says nothing of what it is.
PRAISE_BEFORE_RE = re.compile(r"^(?:An?|The|Another|One|My)\s+(?:(?:really|very|truly)\s+)?"
                              r"(?:great|good|excellent|nice|useful|neat|cool|favou?rite|"
                              r"powerful|important|handy|brilliant|lovely)\s+[\w -]{2,30}?\s+"
                              r"(?:is|are|was)\s+(?:the\s+|an?\s+)?[\"“‘']?\{\{c1::")
#: A sentence that reads a figure ("The highlighted dot represents ...", "the high-risk
#: patients (blue)"): without the figure it teaches nothing.
FIGURE_RE = re.compile(
    r"\bdots\b|\b(?:highlighted|shaded) (?:dots?|points?|lines?|bars?|regions?)\b"
    r"|\b(?:red|blue|green|orange|purple|yellow|black|gr[ae]y) (?:dots?|points?|lines?|bars?|"
    r"curves?|circles?|squares?|triangles?)\b"
    r"|\((?:red|blue|green|orange|purple|yellow|black|gr[ae]y)(?: [a-z-]+)?\)"
    r"|^On the (?:left|right|top|bottom)\b", re.IGNORECASE)
#: The running example named as an instance of the term ("The unemployment rate variable
#: is said to be {{c1::continuous}}", "..., it is {{c1::discrete}}"): a fact about the
#: example, not the concept.
INSTANCE_GAP_RE = re.compile(
    r"(?:^(?:The|This|That) [\w -]{2,40}|\b(?:it|this|that|he|she)) (?:is|was) (?:said to be |"
    r"called |considered |known as )?(?:an? )?\{\{c1::[^}]*\}\}[.,]")


#: "If a variable is not bound, we say that it is free": "it" is any such thing, so the
#: sentence defines the term.
_GENERIC_CONDITION_RE = re.compile(r"^(?:If|When|Whenever|Once) (?:an?|any|every|each) ")


def finish_cloze(cloze: str, finding: Finding, names: list[str], hedged: bool,
                 marked: bool = True) -> str | None:
    """The gapped sentence as a card, or None: enough cue words left, the answer nowhere in
    sight (not even its stem or an unexplained code name), and whose view it is said."""
    visible = re.sub(r"\{\{c1::.*?\}\}", " ", cloze)
    if words(visible) < MIN_CUE_WORDS or _still_shows(visible, names) or hints(visible, names):
        return None
    if PRAISE_RE.search(cloze) or PRAISE_BEFORE_RE.match(cloze) or (
            cloze.count("{{c1::") >= 2 and _KIND_BEFORE_GAP_RE.search(
            cloze)):
        return None
    if FIGURE_RE.search(re.sub(r"\{\{c1::(.*?)\}\}", r"\1", cloze)) or (
            INSTANCE_GAP_RE.search(cloze) and not _GENERIC_CONDITION_RE.match(cloze)):
        return None
    if artefacts.unexplained_code(finding.code, visible, names):
        return None
    speaker = quoted_source(finding.quote) or commenter(finding.block) or (
        "the commenter" if in_comments(finding.block) else None)
    if _ONE_OF_ALTERNATIVES_RE.search(cloze) or _PAST_EVENT_RE.search(cloze):
        return None
    if speaker == "the commenter" and not marked:
        return None  # an unnamed commenter's passing claim, on a term nobody marked
    if hedged or speaker:
        cloze = attributed_statement(_lower_gap(cloze), speaker or finding.block.author)
    return cloze if words(re.sub(r"\{\{c1::(.*?)\}\}", r"\1", cloze)) <= MAX_WORDS else None


#: The gap is one of a list of alternatives ("often called {{patients}}, volunteers, or
#: study participants"): every item is a valid answer.
_ONE_OF_ALTERNATIVES_RE = re.compile(
    r"\}\},\s+[\w -]{2,30},\s+(?:or|and)\s|\}\},?\s+or\s+(?!(?:the|an?)\s)[\w -]{2,30},"
    r"|\w,\s+\{\{c1::[^}]*\}\},?\s+(?:or|and)\s"
    r"|\w,\s+[\w -]{2,30},?\s+(?:or|and)\s+\{\{c1::[^}]*\}\}[.,]?$")
#: What one group did in one study ("Patients in the {{treatment group}} received a stent
#: ..."): an event told in the past, not what the term is.
_PAST_EVENT_RE = re.compile(r"\}\},?\s+(?:(?:did not|didn't|never)\s+\w+|received|was|"
                            r"were|had|got|took|gave|made|reported|showed|found)\b")


#: A participle phrase opening the sentence, which then never gets its main clause
#: ("Following a formatting convention known as pretty-printing, in which ...").
PARTICIPLE_OPENERS = ("Following", "Using", "Given", "Taking", "Having", "Applying",
                      "Considering", "Assuming", "Starting", "Ignoring", "Adopting")
_PARTICIPLE_OPENER_RE = re.compile(rf"^(?:{'|'.join(PARTICIPLE_OPENERS)})\s+(?:a|an|the)\b")
#: How a list item that continues its lead sentence ends: "..., and", "...;", "...,".
_ITEM_END_RE = re.compile(r"(?:[,;]\s*(?:and|or)?|\s+(?:and|or))\s*$")


def item_sentence(text: str) -> str:
    """A list item that continues its lead sentence ("primitive expressions, which
    represent ...,") as a sentence of its own: capitalised, ending in a full stop."""
    if not text[:1].islower() or not _ITEM_END_RE.search(text):
        return text
    return text[:1].upper() + _ITEM_END_RE.sub("", text[1:]) + "."


#: Before the term, when the sentence opens with it: an article, or a short scene-setter.
_OPENS_RE = re.compile(r"^(?:(?:In|For|Under|With|Within|Given) [^,]{1,40}, )?"
                       r"(?:(?:The|A|An|Every|Each|Any|All|the|a|an|every|each|any|all) )?"
                       r"[\"“‘'*_]?$")
#: After the term: a present-tense predicate that says what it is or does.
_PREDICATE_RE = re.compile(
    r"^[\"”’'*_]?(?:\s*\([^()]{1,60}\))?(?:,\s+(?:which|by which|through which|in which|"
    r"with which|who|whose)\s+\w+|,?\s+(?:(?:\w+ly|often|always|never|only|also|"
    r"thus|then|still|usually|typically|generally|mostly)\s+)?"
    r"(?:is|are|means|refers to|can|cannot|may|must|should|tends? to|does|do|"
    r"(?:does|do) not|depends?|makes?|lets?|allows?|uses?|helps?|needs?|requires?|has|have|"
    r"contains?|includes?|works?|gives?|takes?|becomes?|captures?|represents?|describes?|"
    r"measures?|encodes?|reduces?|increases?|shares?|grows?|learns?|flows?|consists?|"
    r"produces?|predicts?|estimates?|assumes?|states?|says?|holds?|applies|apply|"
    r"[a-z]{3,}(?<!s)s)\b)")


#: A generic head after the term makes the mention part of a longer name ("Gradient
#: methods need the Jacobian"): the gap would be half of that name.
_COMPOUND_AFTER_RE = re.compile(r"[\"”’'*_]?\s+(?:methods?|algorithms?|approach(?:es)?|"
                                r"techniques?|models?|functions?|problems?|procedures?|"
                                r"tricks?)\b")


def part_of_compound(text: str, match: re.Match[str]) -> bool:
    """True if the term's first mention is the modifier of a generic head."""
    return bool(_COMPOUND_AFTER_RE.match(text, match.end()))


#: A setting the sentence describes from inside: "In (a) X(,) we/one ...".
_SETTING_LEAD_RE = re.compile(r"In (?:an? |the )?[\"“‘'*_]?")
_SETTING_THEN_RE = re.compile(r"[\"”’'*_]?,?\s+(?:we|one)\s+(?:only\s+|always\s+|never\s+)?"
                              r"(?:have|has|can|cannot|must|need|see|get|observe|know)\b")


#: "if there really is a X": the sentence asserts that X exists, it does not name it.
_THERE_IS_RE = re.compile(r"\bthere\s+(?:\w+\s+)?(?:is|are)\s+(?:an?\s+|the\s+)?$",
                          re.IGNORECASE)


def about_term(text: str, first: re.Match[str]) -> bool:
    """True if the sentence is about the term: it names it ("is called X") or opens with
    it (after an article or a short scene-setter) and says, in the present tense, what it
    is or does."""
    lead = text[:first.start()]
    if _NAMES_IT_RE.search(lead) and words(lead) <= 25 and not _THERE_IS_RE.search(lead):
        return True
    if _SETTING_LEAD_RE.fullmatch(lead) and _SETTING_THEN_RE.match(text, first.end()):
        return True  # "In a {{bandit problem}} we only have ...": what holds in that setting
    return bool(_OPENS_RE.match(lead) and _PREDICATE_RE.match(text[first.end():]))


def _still_shows(visible: str, names: list[str]) -> bool:
    """True if the answer can be read off what the gap leaves visible: the term inside a
    compound ("skip-bigrams"), or every content word of it ("correct behavior" next to
    "is correct on ... behavior")."""
    low = visible.lower()
    for name in names:
        parts = [w for w in re.findall(r"[\w'’]+", name.lower()) if w not in _STOP]
        if not parts:
            continue
        if name.lower() in low:
            return True
        if len(parts) > 1 and all(re.search(rf"\b{re.escape(w.rstrip('s'))}", low)
                                  for w in parts):
            return True
    return False


def _lower_gap(cloze: str) -> str:
    """"{{c1::Covariate shift}} is ..." -> "{{c1::covariate shift}} is ..." when the
    capital only came from the sentence start (before "According to NAME, ...")."""
    match = re.match(r"\{\{c1::([A-Z])([a-z][^}]*)\}\}", cloze)
    if match and zipf((match.group(1) + match.group(2)).split(" ")[0].lower()) > 0:
        return "{{c1::" + match.group(1).lower() + cloze[7:]
    return cloze


#: Letters a word of the term and a visible word must share to give the answer away.
HINT_PREFIX = 5


def hints(visible: str, names: list[str]) -> bool:
    """True if a visible word shares its stem with a word of the term ("paperclip
    production" next to "paperclipper", "an abstraction of a procedure" next to
    "procedural abstraction"): the reader can guess the gap from it."""
    shown = re.findall(rf"[a-z]{{{HINT_PREFIX},}}", visible.lower())
    for name in names:
        parts = re.findall(r"[a-z][a-z-]*", name.lower())
        # the head noun may repeat ("reactions ... are called exothermic reactions"); a
        # one-word term or a modifier that shows is the answer in plain sight
        for word in parts if len(parts) == 1 else parts[:-1]:
            if len(word) < HINT_PREFIX:
                continue
            # a stem, not a shared first syllable: "electrons" gives nothing away about
            # "electronegativity", "covariates" gives away "covariate"
            stem = word[:max(HINT_PREFIX, round(HINT_SHARE * len(word)))]
            if any(w.startswith(stem) for w in shown):
                return True
    return False


#: Share of a long word a visible word must begin with to count as its stem.
HINT_SHARE = 0.6


#: A parenthetical aside.
_PAREN_RE = re.compile(r"\s*\(([^()]*)\)")
#: Where a trailing clause begins that a cloze about the term can do without.
_TAIL_RE = re.compile(r",\s+(?:and|but|so|while|whereas|since|because)\s+|;\s+|\s+because\s+"
                      r"|\s+—\s+|\s+–\s+")
#: The authors at work in an aside or a tail: "since we will see later".
_AUTHORS_RE = re.compile(r"\b(?:I|me|my|we|our|us)\b")


def trim(text: str, names: list[str]) -> str:
    """The sentence(s) without what a cloze on the term does not need: an aside in the
    authors' voice or one that does not mention the term when the text is too long, and
    trailing clauses after the term's own clause ("..., and we say that ...") while the
    text runs over the word limit, the tail speaks as the authors, or it gives the answer
    away ("call this covariate shift because ... of the covariates")."""
    forms = _forms_re(names)

    def aside(match: re.Match[str]) -> str:
        inner = match.group(1)
        if _AUTHORS_RE.search(inner) or (not forms.search(inner) and words(text) > MAX_WORDS):
            return ""
        return match.group(0)

    text = _PAREN_RE.sub(aside, text)
    text = _semicolon_tail(text, forms)
    text = _contrast_head(text, forms)
    for _ in range(3):
        last = forms.search(text)
        if last is None:
            return text
        ends = [m for m in _TAIL_RE.finditer(text) if m.start() >= last.end()
                and not forms.search(text, m.end())]
        if not ends:
            return text
        tail = text[ends[0].end():]
        contrast = re.search(r"\b(?:while|whereas)\s+$", ends[0].group(0)) is not None
        if words(text) <= MAX_WORDS and not personal(tail) and not hints(
                tail, names) and not (contrast and _sibling(tail, names)):
            return text
        text = text[:ends[0].start()].rstrip(" ,;") + "."
    return text


#: A leading contrast clause ("While in most problems we learn a function, ..."), up to
#: the comma before a main clause that opens with a preposition or an article.
_CONTRAST_HEAD_RE = re.compile(r"^(?:While|Whereas|Although|Unlike)\s(?:[^;()]|\([^()]*\))"
                               r"{8,240}?,\s+(?=(?:in|for|on|with|the|an?)\s)")


def _contrast_head(text: str, forms: re.Pattern[str]) -> str:
    """Without a leading contrast clause that does not name the term, while the text runs
    over the word limit: the main clause says what the term is on its own ("..., in a
    {{bandit}} problem we only have a finite number of arms")."""
    head = _CONTRAST_HEAD_RE.match(text)
    if head is None or words(text) <= MAX_WORDS or forms.search(head.group(0)):
        return text
    rest = text[head.end():]
    if not forms.search(rest) or words(rest) < MIN_WORDS:
        return text
    return rest[:1].upper() + rest[1:]


def _semicolon_tail(text: str, forms: re.Pattern[str]) -> str:
    """Without a clause after a semicolon that no longer speaks of the term ("X is a
    property of policies; "impact" is an incompatible adjective"): another idea."""
    mentions = list(forms.finditer(text))
    if not mentions:
        return text
    stop = text.find("; ", mentions[-1].end())
    if stop == -1 or forms.search(text, stop) or words(text[:stop]) < MIN_WORDS:
        return text
    return text[:stop].rstrip(" ,") + "."


def _sibling(tail: str, names: list[str]) -> bool:
    """True if a trailing clause sets the term against a sibling of the same kind
    ("The training set ..., while the test set ..."): the answer follows by elimination."""
    parts = names[0].lower().split() if names else []
    if len(parts) < 2 or len(parts[-1]) < 3:
        return False
    return bool(re.search(rf"\b(?:the|a|an)\s+(?:[\w-]+\s+){{1,2}}{re.escape(parts[-1])}s?\b",
                          tail.lower()))


#: "the cube" in a sentence whose previous one introduced "a three-dimensional cube".
_DEFINITE_RE = re.compile(r"\b[Tt]he\s+(?P<noun>[a-z][a-z-]{2,})\b")


def introduced_before(finding: Finding, names: list[str]) -> tuple[str, Finding] | None:
    """The sentence before the finding's, and the finding widened to it, when the
    finding's sentence names with "the" a thing that sentence introduced with "a"
    ("We can think of each layer's representation as a three-dimensional cube. Each cell
    in the cube is an activation"): without it, "the cube" dangles on the card."""
    text = finding.block.text
    sentence = text[finding.start:finding.end]
    before = [(s, e) for s, e in split(text[:finding.start]) if e > s]
    if not before:
        return None
    start, end = before[-1]
    previous = text[start:end].strip()
    forms = _forms_re(names)
    for match in _DEFINITE_RE.finditer(sentence):
        noun = match.group("noun")
        if forms.search(noun) or noun in _STOP:
            continue
        if re.search(rf"\ban?\s+(?:[\w-]+\s+){{0,3}}{re.escape(noun)}\b", previous) and not \
                re.search(rf"\ban?\s+(?:[\w-]+\s+){{0,3}}{re.escape(noun)}\b",
                          sentence[:match.start()]):
            return previous, replace(finding, start=start)
    return None
