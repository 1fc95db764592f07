"""Shapes where a gloss sits next to the term: "X, i.e. ...", "expansion (ABBR)",
"X (explanation)", "X—explanation—", and "In X, we ..." for a marked term.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cards.extract.shapes import Context, Hit, must, never, shape
from cards.extract.shapes.nouns import (
    DEICTIC,
    FUNCTION_WORDS,
    STOP_AT,
    clean_term,
    np_after,
    np_before,
)

_IE = re.compile(r"(?:(?:[,;]\s*(?:--|—|–)?|\s*(?:--|—|–)|\s*(?P<paren>\())\s*(?:that is|namely)|"
                 r",?\s*(?P<paren2>\()?\s*i\.\s?e\.)\s*,?\s+"
                 r"(?P<gloss>[^();]{2,160}?)(?P<close>\))?(?:(?<=\))|;|$|\.(?:\s|$))",
                 re.IGNORECASE)


@shape("x-ie", gates=("i.e", "i. e", "that is", "namely"), score=1.6, examples=[
    must("The labeling function, i.e., the conditional distribution of labels, stays fixed.",
         "labeling function", "conditional distribution"),
    must("Each head computes an attention pattern (i.e. a weight for every earlier token).",
         "attention pattern"),
    must("Third in order is Thought,--that is, the faculty of saying what is possible.",
         "Thought", "faculty of saying"),
    must("They only try to build a model that does what its user wants (i.e. intent "
         "alignment).", "intent alignment", "does what its user wants"),
    must("Most teams aim lower: just try to get a robot that reliably fetches what its owner "
         "asks for (i.e. fetch alignment).", "fetch alignment",
         "getting a robot that reliably fetches"),
    never("That is, we never saw it again."),
    never("The ball rolls in the direction of the slope, that is the direction of the "
          "steepest drop."),
    never("Lisp has a very simple syntax; that is, the rule for expressions can be stated "
          "briefly."),
    never("We stopped early (i.e. after two rounds) to save time."),
    must("Over time, the running balance should be the ledger total (i.e. have no missing "
         "entries).", "ledger total", "have no missing entries"),
    never("The team should have the budget (i.e. have it signed) by May."),
    never("People speak of elegiac poets, or epic (that is, hexameter) poets, as if it "
          "were the metre."),
    never("They specify a value that is determined by one or more parameters."),
])
def x_ie(ctx: Context) -> Iterator[Hit]:
    for match in _IE.finditer(ctx.text):
        if match.start() == 0:
            continue
        gloss = match.group("gloss").strip()
        if (match.group("paren") or match.group("paren2")) and match.group("close"):
            named = _short_name(gloss)
            closes = re.match(r"\s*(?:[.,;:!?]|$)", ctx.text[match.end():])
            if named is not None and closes is None:
                continue  # "epic (that is, hexameter) poets": a synonym inside a phrase
            if named is not None:  # "... what its user wants (i.e. intent alignment)"
                before = _named_stretch(ctx.text[:match.start()].strip(" ,;"))
                if len(before.split()) >= 4:
                    yield Hit(named, before)
                continue
        first = gloss.split()[0].lower()
        term = np_before(ctx.text, match.start(), max_words=3)
        if first in _GLOSS_VERBS and term is not None and re.search(
                rf"\b(?:be|is|are|being)\s+(?:the\s+|an?\s+)?{re.escape(term)}\W*$",
                ctx.text[:match.start()], re.IGNORECASE):
            # "should be the martingale (i.e. have expected change zero)": what being the
            # thing takes, which says what it is
            yield Hit(term, gloss)
            continue
        if len(gloss) < 6 or (first in FUNCTION_WORDS and first not in _GLOSS_OPENERS):
            continue  # "(i.e. after two rounds)" says when, not what
        if term is None:
            continue
        if _OF_PHRASE_RE.search(ctx.text[:match.start()].rstrip(" ,;")[:-len(term)]):
            continue  # "the direction of the gradient, that is the direction of steepest
            # descent": the gloss restates the whole phrase, not its last noun
        if match.group(0).lstrip().startswith(";") and _CLAUSE_VERB_RE.search(gloss):
            continue  # "a simple syntax; that is, the rule ... can be described": a restated
            # clause, not a gloss of the noun before it
        yield Hit(term, _gloss_phrase(gloss))


#: The term ends an "of" phrase ("in the direction of the gradient"): a gloss after it
#: says what the whole phrase is.
_OF_PHRASE_RE = re.compile(r"\b(?:direction|value|size|rate|sign|length|inverse|square|"
                           r"norm|magnitude|number|sum|average|mean|part|end|top|side)\s+of\s+"
                           r"(?:the\s+|an?\s+)?$", re.IGNORECASE)


#: The verb of the sentence the gloss sits in: "the labeling function, i.e., the
#: conditional distribution does not change" -- the gloss is the noun phrase before it.
_CLAUSE_VERB_RE = re.compile(r"\s+(?:does|do|did|is|are|was|were|can|cannot|will|may|must|"
                             r"has|have|remains?|stays?|changes?)\b")


#: The lead-in before what a parenthesis names ("...: just try to get an AI that ...").
_TRY_TO_RE = re.compile(r"^(?:just\s+|simply\s+)?(?:try(?:ing)?\s+to\s+)?(?P<verb>[a-z]+)\s+",
                        re.IGNORECASE)


def _named_stretch(text: str) -> str:
    """What "(i.e. X)" names: the words after the last colon or dash before it, an
    instruction said as an activity ("just try to get an AI that ..." -> "getting an AI
    that ...")."""
    cut = max(text.rfind(": "), text.rfind(" — "), text.rfind(" -- "))
    if cut < 0:
        return text
    stretch = text[cut:].lstrip(":—- ")
    verb = _TRY_TO_RE.match(stretch)
    if verb is not None and verb.group(0).strip() != verb.group("verb"):
        base = verb.group("verb").lower()
        gerund = (base[:-1] if base.endswith("e") and not base.endswith("ee") else base) + (
            base[-1] if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnpt]", base) else "") + "ing"
        stretch = gerund + " " + stretch[verb.end():]
    return stretch


def _gloss_phrase(gloss: str) -> str:
    """The gloss up to the verb of its sentence, when what comes before it is a noun
    phrase of two to eight words (the sentence goes on about the term after the gloss)."""
    verb = _CLAUSE_VERB_RE.search(gloss)
    if verb is None:
        return gloss
    head = gloss[:verb.start()]
    first = head.split()[0].lower() if head.split() else ""
    if re.search(r"\b(?:whose|which|that|who|whom|where|when|what|whatever|how)\b", head,
                 re.IGNORECASE):
        return gloss  # "an expression whose value is ...": the verb is the gloss's own
    if first in _GLOSS_OPENERS and 2 <= len(head.split()) <= 8:
        return head
    return gloss


#: Bare verbs a gloss of "be the X" may open with ("i.e. have expected change zero").
_GLOSS_VERBS = frozenset({"have", "be", "do", "make", "get", "give", "take", "keep", "stay"})
#: Words a gloss may open with and still say what the term is.
_GLOSS_OPENERS = frozenset({"a", "an", "the", "any", "some", "each", "every", "all", "no", "one"})


def _short_name(text: str) -> str | None:
    """``text`` if it is a bare name of at most three content words ("intent alignment")."""
    words = text.split()
    if not 1 <= len(words) <= 3 or any(w.lower().strip(",.") in STOP_AT for w in words):
        return None
    if text.isupper():
        return None  # "(i.e. RL)": an abbreviation, not a name for what precedes
    return clean_term(text)


_ABBR_AFTER = re.compile(r"\((?P<abbr>[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*?)(?:s)?\)")
_ABBR_BEFORE = re.compile(
    r"\b(?P<abbr>[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*)s?\s+\((?P<exp>[A-Za-z][^()]{3,80})\)")


def abbreviates(abbr: str, phrase: str) -> bool:
    """Schwartz & Hearst's test: the abbreviation's letters occur in order in the phrase,
    its first letter opening a word ("E-FLOP" in "effective FLOP", "NMF" in
    "non-negative matrix factorization")."""
    short = re.sub(r"[^a-z0-9]", "", abbr.lower())
    long = phrase.lower()
    if len(short) < 2 or len(long) <= len(short):
        return False
    s, p = len(short) - 1, len(long) - 1
    while s >= 0:
        char = short[s]
        while p >= 0 and (long[p] != char or (s == 0 and p > 0 and long[p - 1].isalnum())):
            p -= 1
        if p < 0:
            return False
        s -= 1
        p -= 1
    return True


def _expansion_before(text: str, end: int, abbr: str) -> str | None:
    """The shortest run of words before ``end`` that the abbreviation abbreviates."""
    words = text[max(0, end - 120):end].split()
    letters = len(re.sub(r"[^A-Za-z0-9]", "", abbr))
    for n in range(1, min(len(words), letters + 2) + 1):
        phrase = " ".join(words[-n:]).strip(",;:\"“”'‘’*_")
        first = phrase.split()[0].lower() if phrase else ""
        if first and first[0] == abbr[0].lower() and abbreviates(abbr, phrase):
            return clean_term(phrase)
    return None


@shape("abbreviation-x-(y)", gates=("(",), score=1.5, examples=[
    must("We measure compute in effective FLOP (E-FLOP) to count algorithmic progress.",
         "effective FLOP"),
    must("As the name suggests, non-negative matrix factorization (NMF) constrains its "
         "factors to be positive.", "non-negative matrix factorization"),
    must("BFGS (Broyden-Fletcher-Goldfarb-Shanno algorithm) refines an approximation of "
         "the Hessian.", "Broyden-Fletcher-Goldfarb-Shanno algorithm"),
    never("The results (Table 2) show a clear gain."),
    never("Several people (including me) disagreed."),
])
def abbreviation(ctx: Context) -> Iterator[Hit]:
    text = ctx.text
    for match in _ABBR_AFTER.finditer(text):
        abbr = match.group("abbr")
        if len(abbr) < 2 or not any(c.isupper() for c in abbr[1:] + abbr[0]):
            continue
        expansion = _expansion_before(text, match.start(), abbr)
        if expansion is not None:
            yield Hit(expansion, text, "abbreviation", other=abbr)
    for match in _ABBR_BEFORE.finditer(text):
        abbr, expansion = match.group("abbr"), match.group("exp")
        head = " ".join(expansion.split()[:8])
        if abbreviates(abbr, head):
            term = clean_term(head)
            if term is not None:
                yield Hit(term, text, "abbreviation", other=abbr)


_GLOSS = re.compile(r"\((?P<gloss>(?!i\.e|e\.g|eg\b|see\b|cf\b|ie\b)[a-z][^()]{12,160})\)")


@shape("x-(gloss)", gates=("(",), score=1.2, needs_mark=False, examples=[
    must("We want intent corrigibility (trying to be the kind of agent which can be "
         "corrected) from the start.", "intent corrigibility", "kind of agent"),
    must("Proofing is secretly a form of slow fermentation (fermentation held back by the "
         "cold).", "slow fermentation", "held back by the cold"),
    never("We ran it twice (once on each machine) to be sure."),
    never("It works by exploiting near-orthogonality in high-dimensional space (the "
          "traditional kind of superposition)."),
])
def x_gloss(ctx: Context) -> Iterator[Hit]:
    for match in _GLOSS.finditer(ctx.text):
        gloss = match.group("gloss")
        term = np_before(ctx.text, match.start(), max_words=4)
        if term is None:
            continue
        kind_of = _KIND_OF_TERM.match(term)
        if kind_of:  # "a form of counterfactual alignment (alignment with ...)"
            term = kind_of.group("inner")
        head = term.split()[-1].lower()
        if not re.match(r"(?:an?\s|the\s|trying|when|where|which|that is|"
                        r"meaning|i\.e|[a-z]+ing\b)", gloss) and not (
                len(term.split()) >= 2 and gloss.lower().startswith(head + " ")):
            continue  # a gloss by the term's own head noun: "(alignment with a set ...)"
        before = ctx.text[:match.start()].rstrip()
        ahead = before[:len(before) - len(term)].split()[-1:] if before.endswith(term) else []
        if ahead and ahead[0].lower() in _PREPOSITIONS and not kind_of:
            continue  # "exploiting near-orthogonality in high-dimensional space (the ...)":
            # the gloss explains the whole phrase, not the noun after its preposition
        short = _STANDS_FOR.match(gloss)
        if short is not None:  # "cond (which stands for “conditional”)": the letters' origin
            if len(short.group("long").split()) <= 5:
                yield Hit(term, short.group("long"), "abbreviation", other=short.group("long"))
            continue
        if len(term.split()) >= 2 or term.lower() in ctx.marked:
            yield Hit(term, gloss)


#: A kind word before the glossed term: the gloss explains the term, not its kind.
_KIND_OF_TERM = re.compile(r"^(?:form|kind|type|sort|version|variant|case|instance)s? of "
                           r"(?P<inner>\S.*)$", re.IGNORECASE)


#: A gloss that only says what a short name is short for.
_STANDS_FOR = re.compile(r"^(?:which\s+|that\s+)?(?:stands for|is short for|short for|"
                         r"abbreviates)\s+[\"“‘']?(?P<long>[^\"”’']{3,60}?)[\"”’']?\.?$")


_PREPOSITIONS = frozenset({"in", "of", "on", "at", "for", "with", "by", "from", "into", "over",
                           "under", "across", "through", "within", "between"})


_EXAMPLE_PAREN = re.compile(r"[\"”’'*_]?\s*\((?:e\.\s?g\.|eg\.|for example|for instance),?\s+"
                            r"(?P<example>[^()]{3,120})\)")


@shape("x-(e.g.)", gates=("e.g", "eg.", "for example", "for instance"), score=1.3,
       examples=[
    must("One striking case of this is \"vector chemistry\" (e.g. acid + base = salt + water).",
         "vector chemistry", "acid + base", marked=("vector chemistry",)),
    must("Some salts are hygroscopic compounds (for example, calcium chloride and silica).",
         "hygroscopic compounds", "calcium chloride"),
    never("We used a few (e.g. two or three) to start."),
])
def x_example(ctx: Context) -> Iterator[Hit]:
    """A term followed by an example of it in brackets: "What is an example of X?"."""
    for match in _EXAMPLE_PAREN.finditer(ctx.text):
        end = match.start()
        while end > 0 and ctx.text[end - 1] in "\"”’'*_ ":
            end -= 1
        term = np_before(ctx.text, end, max_words=3)
        if term is None or not (len(term.split()) >= 2 or term.lower() in ctx.marked):
            continue
        ahead = ctx.text[:end - len(term)].split()[-1:] if ctx.text[:end].endswith(term) else []
        if ahead and ahead[0].lower() in _PREPOSITIONS:
            continue  # "tracking the scaling of model capabilities (e.g. ...)": of the phrase
        yield Hit(term, match.group("example").strip(" ,."), "example")


_REVERSE_GLOSS = re.compile(r"(?P<expl>[^()]{12,160}?)\s+\((?:the\s+|an?\s+)(?P<term>"
                            r"[A-Za-z][\w -]{2,40})\)")


@shape("explanation-(the-x)", gates=("(the ", "(a ", "(an "), score=1.2, examples=[
    must("People respond to the dollar amount on their paycheck (the nominal wage).",
         "nominal wage", "dollar amount"),
    must("The bias is wage illusion—responding to the number printed on the slip (the "
         "face wage), not to what it buys.", "face wage", "the number printed on the slip"),
    never("We finally met at the station (the old one)."),
    never("We drove along the coast to see it (the Golden Gate)."),
    must("Everything comes down to how well you can still reach your goals (the AU "
         "theory of impact).", "AU theory of impact", "reach your goals"),
])
def explanation_the_x(ctx: Context) -> Iterator[Hit]:
    for match in _REVERSE_GLOSS.finditer(ctx.text):
        term = clean_term(match.group("term"))
        if term is not None and len(term.split()) >= 2 and not all(
                w[:1].isupper() for w in term.split()):  # "(the Golden Gate)": a name
            yield Hit(term, _glossed_phrase(match.group("expl")))


#: Where the phrase a parenthesis names begins: after the last dash, semicolon or colon.
_LAST_BREAK = re.compile(r".*(?:—|–|--|;|:)\s*", re.DOTALL)
#: What leads up to the phrase without being part of it ("responding to", "instead of to").
_LEAD_IN = re.compile(r"^(?:(?:instead of|rather than)\s+)?(?:[a-z]+ing\s+)?"
                      r"(?:to|on|for|with|at|about)\s+(?=(?:the|a|an|your|their|our|its)\s)")


def _glossed_phrase(text: str) -> str:
    """The words the parenthesis names: "... confusion—responding to the dollar amount on
    your paycheck (the nominal wage)" names "the dollar amount on your paycheck"."""
    text = _LAST_BREAK.sub("", text.strip(" ,")).strip(" ,")
    return _LEAD_IN.sub("", text)


_DASH = re.compile(r"(?<=\w)\s*(?:—|–|--| - )\s*(?P<gloss>(?:who|what|which|where|when|how|"
                   r"whether)\b[^—–]{6,120}?)\s*(?:—|–|--| - )")


@shape("x-dash-gloss", gates=("—", "–", "--", " - "), score=1.3, examples=[
    must("Surprisingly, statutory incidence—who writes the check to the IRS—doesn't "
         "matter.", "statutory incidence", "writes the check"),
    never("We left early — the rain had started — and went home."),
])
def x_dash_gloss(ctx: Context) -> Iterator[Hit]:
    for match in _DASH.finditer(ctx.text):
        term = np_before(ctx.text, match.start(), max_words=3)
        if term is not None and (len(term.split()) >= 2 or term.lower() in ctx.marked):
            yield Hit(term, match.group("gloss").strip())


#: "... is nominal wage confusion—responding to the dollar amount ...": a name, a dash, and
#: an activity that runs to the end of the sentence (no closing dash: not an aside).
_DASH_ACTIVITY = re.compile(r"(?<=\w)\s*(?:—|–|--)\s*(?P<gloss>[a-z]{3,}ing\b[^—–]{12,200}?)"
                            r"[.!]?$")
#: What a named activity may follow: a copula or a naming word, or nothing (it opens).
_NAMED_BEFORE = re.compile(r"(?:^|\b(?:is|are|was|were|be|been|called|namely|i\.e\.,?)\s+"
                           r"(?:(?:the|a|an)\s+)?)$", re.IGNORECASE)
_NOT_ACTIVITIES = frozenset({"being", "nothing", "something", "everything", "anything",
                             "bring", "thing", "string", "spring", "during", "morning",
                             "evening", "king", "ring", "sing", "wing", "ceiling"})


@shape("x-dash-activity", gates=("—", "–", "--"), score=1.5, examples=[
    must("The usual bias is wage illusion—reacting to the number printed on the slip "
         "instead of to what it buys.", "wage illusion", "reacting to the number printed"),
    never("Shelf rotation—moving the oldest stock to the front so it sells first—keeps "
          "waste low."),
    must("Shelf rotation—moving the oldest stock to the front so that it sells first.",
         "Shelf rotation", "moving the oldest stock"),
    never("We left the old house—running to catch the last train home."),
    never("The results were mixed—nothing we tried beat the baseline."),
])
def x_dash_activity(ctx: Context) -> Iterator[Hit]:
    """A name glossed by the activity it is: "X—doing Y ...", to the sentence's end."""
    match = _DASH_ACTIVITY.search(ctx.text)
    if match is None or match.group("gloss").split()[0].lower() in _NOT_ACTIVITIES:
        return
    term = np_before(ctx.text, match.start(), max_words=4)
    if term is None or (len(term.split()) < 2 and term.lower() not in ctx.marked):
        return
    before = ctx.text[:match.start()].rstrip()
    before = before[:len(before) - len(term)].rstrip(" \"“'‘*_")
    if not _NAMED_BEFORE.search(before + " ") and before:
        return
    yield Hit(term, match.group("gloss").strip())


_IN_X = re.compile(r"^(?:(?i:by contrast|conversely|finally|similarly|meanwhile|in other words|"
                   r"that is|thus|hence),?\s+)?"
                   r"[Ii]n\s+(?:an?\s+|the\s+)?(?P<rest>.{3,80}?),?\s+(?P<expl>(?:we|one|you|"
                   r"the|a|an|each|every|there)\b.{12,})$")


#: A contrast clause before the main one: "While in most problems we ..., in a bandit
#: problem we only have ...".  The main clause stands alone.
_CONTRAST_LEAD = re.compile(r"^(?:While|Whereas|Unlike|Although)\s[^;]{8,200}?,\s+(?=in\s)")


#: A generic head after a marked modifier, part of the name: "In a *bandit* problem".
_KIND_HEAD_RE = re.compile(r"[\"”’'*_]?\s+(?:problems?|settings?|tasks?)\b")


def _main_clause(text: str) -> str:
    """The sentence after a leading contrast clause (the sentence itself if none)."""
    lead = _CONTRAST_LEAD.match(text)
    return text[lead.end():] if lead else text


@shape("in-marked-x-we", gates=("in ",), score=1.6, examples=[
    must("While most kitchens weigh every ingredient, in a tasting menu we only have a few "
         "bites to show each idea.", "tasting menu", "a few bites",
         marked=("tasting menu",)),
    must("In a relay problem we only pass one baton between runners.", "relay problem",
         "one baton", marked=("relay",)),
    must("In batch learning, we have access to training features and labels.",
         "batch learning", "access to training", marked=("batch learning",)),
    must("In a bandit problem we only have a finite number of arms that we can pull.",
         "bandit problem", marked=("bandit",)),
    never("In the morning, we went for a walk along the shore."),
    must("In other words, in slow proofing, we have the following routine where the dough "
         "rests overnight:", "slow proofing", "dough rests", marked=("slow proofing",)),
])
def in_marked_x_we(ctx: Context) -> Iterator[Hit]:
    match = _IN_X.match(ctx.text) or _IN_X.match(_main_clause(ctx.text))
    if not match:
        return
    rest = match.group("rest")
    for marked in ctx.marked:
        if rest.lower().startswith(marked) and len(marked) > 2:
            kind = _KIND_HEAD_RE.match(rest, len(marked))  # "a *bandit* problem"
            term = np_after(rest, 0, max_words=len(marked.split()) + (1 if kind else 0))
            if term is not None:
                yield Hit(term, match.group("expl").strip())
            return


_MARKED_WHICH_IS = re.compile(r"^[\"”’'*_`]?\s*,?\s+(?:which|that|who)\s+(?:is|are)\s+"
                              r"(?P<expl>(?:an?|the|one)\s[^;]{8,160}?)(?:[.;]|,\s+(?:and|but|so)\b|$)")


@shape("marked-x-which-is", gates=(" which is ", " which are ", " that is ", " who is "),
       score=1.7, needs_mark=True, examples=[
    must("This stands in contrast to the \"golem\" which is the pretrained model without "
         "any fine-tuning.", "golem", "pretrained model", marked=("golem",)),
    never("We took the \"scenic\" road, which is the long one.", marked=("scenic",)),
    never("The golem which is here is old.", marked=("golem",)),
])
def marked_x_which_is(ctx: Context) -> Iterator[Hit]:
    """A marked term glossed at once ("the 'Shoggoth' which is the pretrained model"): the
    writer introduces the term and says what it is, with or without a comma."""
    low = ctx.low
    for marked in ctx.marked:
        at = low.find(marked)
        if at < 0 or len(marked) < 3:
            continue
        match = _MARKED_WHICH_IS.match(ctx.text[at + len(marked):])
        if match is None:
            continue
        term = clean_term(ctx.text[at:at + len(marked)])
        if term is not None:
            yield Hit(term, match.group("expl").strip())


_OPENING_WHICH_DOES = re.compile(r"^[\"”’'*_`]?\s*,\s+(?:which|that|who)\s+(?P<expl>"
                                 r"(?!is\b|are\b|was\b|were\b|has\b|have\b|had\b|can\b|"
                                 r"may\b|might\b|will\b|would\b|we\b|i\b|you\b)"
                                 r"[a-z]+\s[^;]{8,160}?)(?:[.;,]?\s*$|[.;])")


@shape("marked-x-which-does", gates=(", which ", ", that ", ", who "), score=1.6,
       needs_mark=True, examples=[
    must("primitive parts, which represent the smallest pieces the toolkit deals with,",
         "primitive parts", "represent the smallest pieces", marked=("primitive parts",)),
    must("The ledger, which records every payment in order of arrival.", "ledger",
         "records every payment", marked=("ledger",)),
    never("We took the scenic road, which takes an hour.", marked=("scenic road",)),
    never("The ledger, which is old, sits on the desk.", marked=("ledger",)),
])
def marked_x_which_does(ctx: Context) -> Iterator[Hit]:
    """A marked term that opens its sentence (or list item), then ", which VERBs ...":
    what the term does or stands for, said as it is introduced."""
    low = ctx.low
    for marked in ctx.marked:
        at = low.find(marked)
        if len(marked) < 3 or at < 0 or low[:at].strip(" \"“'‘*_`") not in ("", "the", "a", "an"):
            continue
        match = _OPENING_WHICH_DOES.match(ctx.text[at + len(marked):])
        term = clean_term(ctx.text[at:at + len(marked)]) if match else None
        if term is not None and match is not None:
            yield Hit(term, match.group("expl").strip(" ,"), "property")


_NOUN_WHERE = re.compile(r"^[\"”’'*_`]?\s+(?P<head>[a-z]{3,20})\s+"
                         r"(?P<rel>where|in which|whereby)\s+(?P<clause>[^;]{12,200}?)(?:[.;]|$)")
#: Heads that a marked modifier and a "where" clause define together ("a double-blind
#: setup where ...").
_SETUP_HEADS = frozenset({"setup", "design", "study", "experiment", "procedure", "scheme",
                          "arrangement", "setting", "situation", "scenario", "regime", "model",
                          "method", "approach", "process", "test", "trial", "game", "market",
                          "system", "structure", "case"})


@shape("marked-x-noun-where", gates=(" where ", " in which ", " whereby "), score=2.0,
       examples=[
    must("Most labs now use a single-shot setup where each sample is read exactly once by "
         "the machine.", "single-shot setup", "a setup where each sample",
         marked=("single-shot",)),
    never("We met at a quiet cafe where nobody knew us.", marked=("quiet",)),
    never("Most labs use a single-shot setup where possible.", marked=("single-shot",)),
])
def marked_x_noun_where(ctx: Context) -> Iterator[Hit]:
    """A marked modifier, a head noun and a clause saying what makes it so: the term is
    the modifier with its head, and "a HEAD where ..." is its definition."""
    low = ctx.low
    for marked in ctx.marked:
        at = low.find(marked)
        if len(marked) < 3 or at < 0:
            continue
        match = _NOUN_WHERE.match(ctx.text[at + len(marked):])
        if match is None or match.group("head") not in _SETUP_HEADS:
            continue
        term = clean_term(f"{ctx.text[at:at + len(marked)]} {match.group('head')}")
        if term is not None:
            head, rel = match.group("head"), match.group("rel")
            yield Hit(term, f"a {head} {rel} {match.group('clause').strip(' ,')}")


_APPOSITIVE = re.compile(
    r"(?<=\w),\s+(?P<gloss>(?:an?|the)\s+(?:[\w-]+\s+){0,3}?[\w-]+\s+(?:of|over|for|that|which|"
    r"between|used to|whose|in which)\s[^,;()]{5,120}?)(?:,|;|\s*\(|\.?$)")


@shape("x-appositive-gloss", gates=(", a ", ", an ", ", the "), score=1.5, examples=[
    must("The algorithm refines a simplex, the generalization of intervals and triangles "
         "to higher dimensions, to bracket the minimum.", "simplex", "generalization of"),
    must("This becomes the attainable utility distance, a distance metric over the states "
         "of a process.", "attainable utility distance", "distance metric"),
    must("Then it is the edit distance, a measure of how far apart two strings are (see "
         "below).", "edit distance", "how far apart"),
    never("We met in Paris, the capital of France, last spring."),
    never("I finally read the book, a gift from my sister."),
    never("She called John Smith, the head of sales at the firm."),
    never("As required by the conservation of energy, the total stays the same."),
    never("I find that without the preamble, the title makes another point."),
    never("It covers cars, audio models, weather forecasting, the majority of tools in "
          "health care, and more."),
])
def x_appositive_gloss(ctx: Context) -> Iterator[Hit]:
    """"a simplex, the generalization of intervals to n dimensions, ...": an appositive
    that gives the kind a technical term belongs to."""
    from cards.extract.termhood import rarity

    for match in _APPOSITIVE.finditer(ctx.text):
        term = np_before(ctx.text, match.start(), max_words=4)
        if term is None or all(w[:1].isupper() for w in term.split()):
            continue  # names ("Paris", "John Smith") take appositives too
        clause = re.split(r"[,;:—–(]", ctx.text[:match.start()])[-1].split()
        if clause and clause[0].lower() in _ADVERBIAL:
            continue  # "As demanded by the X, the impact ...": the main clause follows
        lead = [w.lower() for w in clause[:len(clause) - len(term.split())]
                if w.lower() not in ("a", "an", "the")]
        if (lead and lead[-1] in _ADVERBIAL) or term.lower().endswith("ly"):
            continue  # "... without the parenthetical, the title ...": an adverbial again
        if not lead and ctx.text[:match.start() - len(term)].rstrip().endswith(","):
            continue  # "cars, audio models, weather forecasting, the majority of ...": a list
        if (len(term.split()) >= 2 and rarity(term) < 4.6) or rarity(term) < 3.8 or \
                term.lower() in ctx.marked:
            yield Hit(term, match.group("gloss").strip())


#: Words that open an adverbial phrase, after which a comma starts the main clause.
_ADVERBIAL = frozenset({"as", "when", "if", "since", "because", "while", "although", "though",
                        "in", "for", "of", "with", "under", "after", "before", "also", "here",
                        "unless", "once", "by", "from", "to", "at", "on", "without", "whether",
                        "just", "like", "where", "whereas", "until", "during", "given"})


_PAREN_MARK = re.compile(r"\((?P<inner>[^()]{2,40})\)")


@shape("words-(marked-x)", gates=("(",), score=1.5, needs_mark=True, examples=[
    must("We can see that very anisotropic (ill-conditioned) functions are harder to "
         "optimize.", "ill-conditioned", "very anisotropic", marked=("ill-conditioned",)),
    never("We ran it twice (once on each machine) to be sure.", marked=("once",)),
    never("The result (ours) was better.", marked=()),
])
def words_marked_x(ctx: Context) -> Iterator[Hit]:
    """A marked term in parentheses right after the plain words it names: the writer
    gives the technical name for what they just said ("very anisotropic (`ill-conditioned`)
    functions"); the card is a cloze on the name."""
    for match in _PAREN_MARK.finditer(ctx.text):
        inner = match.group("inner").strip()
        term = clean_term(inner)
        if term is None or term.lower() not in ctx.marked or len(term.split()) > 3 or \
                term.lower() != inner.strip("`*_\"'“”‘’").lower():
            continue
        before = np_before(ctx.text, match.start(), max_words=3)
        if before is not None:
            yield Hit(term, ctx.text, "claim")


_IN_AN_X = re.compile(r"^(?:(?:by contrast|conversely|similarly|meanwhile),?\s+)?[Ii]n\s+an?\s+"
                      r"(?P<rest>[\w -]{3,60}?),\s+(?P<expl>.{12,})$")
_NOT_SETTINGS = frozenset({"sense", "way", "world", "nutshell", "word", "moment", "while",
                           "case", "paper", "post", "study", "survey", "talk", "book",
                           "recent", "setting", "situation", "scenario", "context", "minute",
                           "vein", "manner", "fashion", "related", "similar", "different",
                           "certain", "given", "typical", "particular", "perfect", "real"})


@shape("in-an-x-clause", gates=("in a",), score=1.5, examples=[
    must("In a causal-masked transformer, attention layers can only look back in time.",
         "causal-masked transformer", "attention layers"),
    must("In a negative aggregate demand shock, nominal GDP growth decreases.",
         "negative aggregate demand shock", "nominal GDP"),
    never("In a recent paper, we showed that it fails."),
    never("In a different room, the children were playing."),
    never("In a sense, this is what we wanted all along."),
    never("In a related vein, the study of languages is growing."),
])
def in_an_x_clause(ctx: Context) -> Iterator[Hit]:
    """"In a <technical kind of thing>, <what happens there>": the clause says what holds
    in that kind of system, so it is a property card about the term."""
    from cards.extract.termhood import rarity

    match = _IN_AN_X.match(ctx.text)
    if not match:
        return
    term = clean_term(match.group("rest"))
    if term is None or len(term.split()) < 2 or any(
            w.lower() in _NOT_SETTINGS for w in term.split()) or rarity(term) >= 4.0:
        return
    yield Hit(term, match.group("expl").strip(), "property")


_MARKED_MODIFIER = re.compile(r"(?P<noun>[a-z][\w-]{2,30})\s+(?:that|which|who)\s+"
                              r"(?P<expl>[a-z][^;]{10,160})")


@shape("marked-modifier-noun-that", gates=(" that ", " which ", " who "), score=1.6,
       examples=[
    must("We also found many \"poly-semantic\" neurons that respond to a mixture of "
         "ideas.", "poly-semantic neurons", "neurons that respond to a mixture",
         marked=("poly-semantic",)),
    never("It was a \"good\" day that we spent outside.", marked=("good",)),
])
def marked_modifier_noun_that(ctx: Context) -> Iterator[Hit]:
    """A marked modifier coined for a kind of thing ("poly-semantic" neurons that ...):
    the term is the modifier with its noun, the relative clause says what they are."""
    from cards.extract.termhood import rarity

    low = ctx.low
    for marked in ctx.marked:
        if " " in marked or rarity(marked) >= 4.0:
            continue
        at = low.find(marked)
        if at < 0:
            continue
        tail = ctx.text[at + len(marked):]
        match = _MARKED_MODIFIER.match(tail.lstrip("\"”'’*_` "))
        if match is None or match.group("noun").lower() in FUNCTION_WORDS:
            continue
        term = clean_term(ctx.text[at:at + len(marked)] + " " + match.group("noun"))
        if term is not None:
            # "neurons that respond to ...": the kind of thing and what makes it one
            noun, rest = match.group("noun"), match.group("expl").strip()
            yield Hit(term, f"{noun} {match.group(0)[len(noun):].split()[0]} {rest}")


#: Head nouns of things that take an input and give an output.
_MAPPINGS = frozenset({"function", "map", "mapping", "operator", "transform", "procedure",
                       "algorithm", "encoder", "decoder", "kernel", "filter", "oracle",
                       "estimator", "classifier", "network", "layer", "policy", "routine"})
_WHICH_MAPS = re.compile(r"(?P<head>[\w\"“”'‘’*_ -]{3,60}?),\s+which\s+(?P<expl>(?:takes|maps|"
                         r"returns|assigns|sends|outputs|computes|converts|turns)\b[^;]{8,})")


@shape("x-which-maps", gates=(", which ",), score=1.5, examples=[
    must("The agent has a policy function, which takes in a goal and returns a plan.",
         "policy function", "takes in a goal"),
    never("We visited the old mill, which takes an hour to reach."),
])
def x_which_maps(ctx: Context) -> Iterator[Hit]:
    """"the X, which takes ... and returns ...": what a function-like thing does."""
    for match in _WHICH_MAPS.finditer(ctx.text):
        term = np_before(ctx.text, match.start("head") + len(match.group("head")))
        if term is None or term.lower().split()[-1].rstrip("s") not in _MAPPINGS:
            continue
        yield Hit(term, match.group("expl").strip(), "property")


_INNER_GLOSS = re.compile(r"\b(?P<adj>[a-z][a-z-]{3,20})\s+\((?P<gloss>[a-z][a-z-]{2,20}"
                          r"(?:\s[a-z][a-z-]{2,20})?)\)\s+(?P<head>[a-z]{3,20})\b"
                          r"(?:\s+(?P<head2>[a-z]{3,20})\b)?")
#: Words after the head that end the noun phrase rather than continue it.
_ENDS_NP = frozenset({"is", "are", "was", "were", "has", "have", "had", "can", "will", "may",
                      "that", "which", "who", "would", "should", "must", "does", "did"})


@shape("x-(gloss)-noun", gates=(") ",), score=1.6, examples=[
    must("Suppose a $2 stamp (per-letter) duty is charged on every parcel.", "stamp duty",
         "a per-letter duty"),
    never("It was the first (and only) time we met."),
    must("Treat it as a nominal (unordered) categorical variable.",
         "nominal categorical variable", "an unordered categorical variable"),
    never("We used a small (tiny) model for this."),
    must("Very glassy (brittle-edged) plates are the first to crack.", "glassy plates",
         "brittle-edged plates"),
])
def x_gloss_inside(ctx: Context) -> Iterator[Hit]:
    """"a $6 excise (per-item) tax": a word glossed in passing inside the name it
    modifies; the gloss with the head noun says what the named thing is."""
    from cards.extract.termhood import rarity

    for match in _INNER_GLOSS.finditer(ctx.text):
        adj, gloss, head = match.group("adj"), match.group("gloss"), match.group("head")
        if gloss.split()[0] in FUNCTION_WORDS or adj in FUNCTION_WORDS or rarity(adj) >= 5.0:
            continue
        if "-" not in gloss and rarity(gloss) >= rarity(adj):
            continue  # "(tiny)": a plainer word, not a gloss that explains
        second = match.group("head2")
        if second and second not in _ENDS_NP and second not in FUNCTION_WORDS and \
                not second.endswith(("ed", "ly")):
            head = f"{head} {second}"  # "a nominal (unordered) categorical variable"
        term = clean_term(f"{adj} {head}")
        if term is not None:
            if _plural_head(head):  # "very anisotropic (ill-conditioned) functions"
                yield Hit(term, f"{gloss} {head}")
                continue
            article = "an" if gloss[:1] in "aeiou" else "a"
            yield Hit(term, f"{article} {gloss} {head}")


def _plural_head(head: str) -> bool:
    """True if the named thing is said in the plural ("functions", not "process")."""
    last = head.split()[-1].lower()
    return last.endswith("s") and not last.endswith(("ss", "us", "is"))


_ABBREVIATED_ACT = re.compile(
    r"^(?:An?|The)\s+(?P<subject>[a-z]{3,20})\s+(?P<act>(?:[a-z]+ly\s+)?(?:[a-z]+\s+)?[a-z]+s)"
    r"\s+\((?P<abbr>[A-Z]{2,6})\)\s+(?P<conj>if|when|whenever)\s+(?P<cond>.{8,}?)\.?$")


@shape("x-abbreviated-act-if", gates=(") if ", ") when ", ") whenever "), score=2.2,
       examples=[
    must("A baker double proofs (DP) if they let the dough rise twice before shaping.",
         "double proofs", "let the dough rise twice"),
    never("A baker works (AM) if the shop opens early."),
    never("The results (FIG) if read carefully show a gain."),
])
def x_abbreviated_act_if(ctx: Context) -> Iterator[Hit]:
    """"A firm perfectly price discriminates (PPD) if they charge ...": an act the text
    abbreviates and says when it happens; the card asks when a firm does it."""
    match = _ABBREVIATED_ACT.match(ctx.text)
    if match is None:
        return
    act, abbr = match.group("act"), match.group("abbr")
    initials = "".join(w[0] for w in re.split(r"[\s-]+", act)).upper()
    if not initials.startswith(abbr[:2]) and initials != abbr:
        return  # "(AM)" of "works": not the act's abbreviation
    conj = "If" if match.group("conj") == "if" else "When"
    yield Hit(act, f"{conj} {match.group('cond').strip()}", "property",
              other=f"{match.group('subject')}|{abbr}")  # a condition: no "What is" phrase


#: '... each layer's factorization to be "compatible"—to have the groups of earlier layers
#: compose into ...': a quality the writer marks and glosses with what it takes.
_TO_BE_MARKED = re.compile(
    r"(?P<subj>[\w'’-]+)\s+to\s+be\s+[\"“‘'*_](?P<adj>[a-z][a-z-]{2,30})[\"”’'*_]\s*"
    r"(?:—|–|--|:|,\s*(?:i\.e\.|that is),?)\s*(?P<gloss>to\s+[a-z]+\s[^—–]{8,200}?)[.!]?$")


@shape("x-to-be-marked-quality", gates=(" to be ",), score=2.2, examples=[
    must("We would like each batch's crust to be \u201ccrisp\u201d\u2014to have the outer "
         "layer snap cleanly when it is pressed.", "crisp crust", "the outer layer snap"),
    never("We would like each batch's crust to be \u201ccrisp\u201d\u2014and it was."),
    never("We want the crust to be crisp, to have it snap cleanly."),
])
def x_to_be_marked_quality(ctx: Context) -> Iterator[Hit]:
    """The quality with the noun it qualifies as the name ("compatible factorization");
    the card asks what it means for that noun to have it."""
    match = _TO_BE_MARKED.search(ctx.text)
    if match is None:
        return
    noun = match.group("subj").lower()
    noun = re.sub(r"['’]s$", "", noun)
    if noun in DEICTIC or noun in FUNCTION_WORDS or len(noun) < 3:
        return
    adj = match.group("adj")
    yield Hit(f"{adj} {noun}", match.group("gloss").strip(), relation="property",
              other=f"{noun}|{adj}")
