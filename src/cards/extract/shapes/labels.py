"""Label shapes of notes and scraped pages: "Term: explanation" and "Term = explanation".

A label opens the sentence; it must read as a name (a short noun phrase, not "Note",
"Example" or a clause), and what follows must read as an explanation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cards.extract.shapes import Context, Hit, must, never, shape
from cards.extract.shapes.nouns import clean_term, np_before

_NOT_LABELS = frozenset([
    "note", "notes", "example", "examples", "e.g", "warning", "tip", "update", "edit", "summary",
    "answer", "question", "q", "a", "caveat", "source", "sources", "see", "also", "thanks",
    "figure", "table", "step", "result", "results", "problem", "solution", "proof", "exercise",
    "hint", "disclaimer", "tl;dr", "tldr", "conclusion", "conclusions", "reply", "abstract",
    "keywords", "important", "aside", "context", "background", "definition", "definitions"
])
_LABEL = re.compile(r"^(?P<term>[\"“'‘*_]?[A-Za-z][\w'’ \-/]{1,50}?[\"”'’*_]?)\s*"
                    r"(?::|=)\s+(?P<expl>[^\s].{8,})$")


@shape("label-colon", gates=(":", "="), score=1.7, examples=[
    must("Tide gap: the hours between two high waters.", "Tide gap", "hours between"),
    must("L-BFGS: Limited-memory BFGS sits between BFGS and conjugate gradient.", "L-BFGS"),
    must("Tide gap = high water minus low water.", "Tide gap"),
    never("Note: this section is a draft and will change."),
    never("If you ask me: nobody knows for sure."),
])
def label_colon(ctx: Context) -> Iterator[Hit]:
    match = _LABEL.match(ctx.text)
    if not match:
        return
    raw = match.group("term")
    if raw.lower().strip(" *_\"'") in _NOT_LABELS:
        return
    term = clean_term(raw)
    if term is None or len(term.split()) > 4:
        return
    if term.split()[0].lower() in {"if", "when", "so", "but", "and", "most", "here", "why",
                                   "how", "what", "because", "also", "then", "now", "well"}:
        return
    yield Hit(term, match.group("expl").strip())


#: The word before a named thing at the end of a clause ("for X:", "uses X:", "adding a X:").
_INTRODUCERS = frozenset({"a", "an", "the", "for", "of", "by", "using", "uses", "use", "with",
                          "called", "via", "adding", "adds", "apply", "applies"})
_COLON_CLAUSE = re.compile(r"(?<=\w)\s*:\s+(?P<expl>(?:we|it|one|they|the|a|an|each|every|"
                           r"nothing|no|its|their)\s.{12,})$", re.IGNORECASE)


@shape("x-colon-clause", gates=(":",), score=1.3, examples=[
    must("Here we use the solver for black-box optimization: we do not rely on the "
         "formula of the function we optimize.", "black-box optimization", "do not rely"),
    must("Haskell uses lazy evaluation: nothing is computed until it is needed.",
         "lazy evaluation", "nothing is computed"),
    never("There are two options: the first one is cheap and slow."),
    never("We found a simple trick: the rest of the code stays the same."),
    never("Note: the section is a draft and will change."),
    never("This determines tax incidence: the supply curve shifts up."),
    never("The two classes of poets still followed their natural bent: the rest wrote."),
])
def x_colon_clause(ctx: Context) -> Iterator[Hit]:
    """"... uses lazy evaluation: nothing is computed until ...": a technical phrase at
    the end of a clause, and after the colon a clause saying what it amounts to."""
    from cards.extract.shapes.nouns import np_before
    from cards.extract.termhood import rarity

    match = _COLON_CLAUSE.search(ctx.text)
    if not match or match.start() < 8:
        return
    term = np_before(ctx.text, match.start(), max_words=3)
    if term is None or len(term.split()) < 2 or rarity(term) >= 4.3 or all(
            w[:1].isupper() for w in term.split()):
        return
    before = ctx.text[:match.start()].rstrip(" \"”'’*_`")
    lead = before[:len(before) - len(term)].split()
    if not lead or lead[-1].lower() not in _INTRODUCERS:
        return  # "This determines tax incidence: ...": a clause, not a named thing
    yield Hit(term, match.group("expl").strip())


#: "X answers: How much ...?", "we perform X: how much did each ... contribute?": the
#: question the concept is the answer to, or the one it is for.
_COLON_QUESTION = re.compile(r"(?:\s+(?:answers|asks|addresses))?\s*:\s+(?P<q>(?:how|what|which|"
                             r"who|whom|why|when|where|does|do|did|is|are|can|should|would|will)"
                             r"\b[^?]{8,160}\?)$", re.IGNORECASE)


@shape("x-colon-question", gates=("?",), score=2.0, examples=[
    must("Tax incidence answers: How much does the buyer pay, and how much does the seller "
         "receive?", "Tax incidence", "How much does the buyer pay"),
    must("This lets us perform mass balancing: how much of each reagent ended up in the "
         "product?", "mass balancing", "how much of each reagent"),
    never("The question is: how much does it cost?"),
    never("Why does this matter: is it true?"),
])
def x_colon_question(ctx: Context) -> Iterator[Hit]:
    """A term followed by the question it answers: the card asks for that question."""
    match = _COLON_QUESTION.search(ctx.text)
    if match is None or re.match(r"(?:why|how|what|which|who|when|where|does|do|is|are|can)\b",
                                 ctx.text, re.IGNORECASE):
        return  # the sentence is itself a question
    term = np_before(ctx.text, match.start())
    if term is None or term.lower() in _NOT_LABELS or len(term.split()) > 4:
        return
    if term.split()[0].lower() in {"why", "how", "what", "this", "that", "it", "is", "the"}:
        return
    cleaned = clean_term(term)
    if cleaned is not None:
        q = match.group("q").strip()
        yield Hit(cleaned, q[:1].upper() + q[1:], "question")


#: A list item that names a thing and what it is taken as: "Power as average AU",
#: "Value-neutrality as the standard deviation of the AU changes ...".
_ITEM_X_AS = re.compile(
    r"^(?P<term>(?!(?:Insofar|Inasmuch|Just|Such|So|Even|Only|Much|Long|Soon|Far)\b)[A-Z][\w-]*"
    r"(?:\s(?!as\b)[a-z][\w-]*){0,2}?)\s+as\s+(?!well\b|such\b|if\b|though\b|"
    r"much\b|many\b|long\b|soon\b|far\b|a result\b|before\b|follows?\b|usual\b|"
    r"mentioned\b|described\b)(?P<expl>[a-z][\w-]*(?:\s[^\s()]+){2,30}?)"
    r"(?:\s*\([^()]*\))?\.?$")


@shape("list-x-as-y", gates=(" as ",), score=1.8, examples=[
    must("Freshness as the number of hours since the loaf left the oven", "Freshness",
         "number of hours since"),
    never("Bread as well as cake is sold at the counter"),
    never("Bread as described in the first chapter"),
    never("Bread as usual"),
    never("Insofar as the oven was hot, the bread would rise"),
])
def list_x_as_y(ctx: Context) -> Iterator[Hit]:
    """Only in a list item (the finder checks): each item frames one term as a measure
    or a reading of it, and the item is the whole definition."""
    match = _ITEM_X_AS.match(ctx.text.strip())
    if match is None:
        return
    term = clean_term(match.group("term"))
    if term is not None:
        yield Hit(term, match.group("expl"))


_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
#: A whole of a stated number of parts, then the parts: "Every Tragedy must have six
#: parts, which parts determine its quality--namely, Plot, Character, ...", "we've
#: considered three ways of slicing the cube of activations: into ...".
_N_KINDS = re.compile(
    r"(?:^|\b(?P<whole>(?:every|each|any|a|an|the) [A-Za-z][\w-]*(?: [a-z][\w-]*)?)"
    r"(?:, (?:therefore|then|thus|also|in short|in turn),)? (?:must |always |usually )?"
    r"(?:has|have|contains?|consists of|is made up of) "
    # a bare plural that opens the sentence: "Observational studies come in two forms: ..."
    r"|^(?P<plural>[A-Z][a-z-]+(?: [a-z-]+){0,2}?s) (?:come|comes|fall|falls) in(?:to)? )?"
    r"(?P<n>two|three|four|five|six|seven|eight) (?P<kind>kinds|types|ways|parts|forms|classes|"
    r"categories|sorts|elements|components|stages|steps|modes|differences|aspects|"
    r"principles|features|factors|dimensions|criteria|qualities|conditions|requirements)"
    r"(?: of (?P<of>(?:[a-z][\w-]*ing )?(?:the |a |an )?[a-z][\w -]{1,40}?))?"
    r"(?:,? which (?P<which>[a-z]+ [a-z][\w -]{2,40}?|[^:;—]{3,50}?))?,?"
    r"(?::|--|—|, namely,?|; namely,?)\s*(?:namely,? )?"
    r"(?P<items>[^.;:]{3,160})", re.IGNORECASE)


def _items(text: str) -> list[str]:
    """The parts of a list "A, B, and C" / "A and B"."""
    parts = re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", text.strip(" ."))
    return [p for p in (part.strip() for part in parts) if p]


@shape("n-kinds-of-x", gates=(" kinds", " types", " ways", " parts", " forms", " classes",
                              " categories", " sorts", " elements", " components", " stages",
                              " steps", " modes", " differences", " aspects", " principles",
                              " features", " factors", " dimensions", " criteria", " qualities",
                              " conditions", " requirements"), score=2.4, examples=[
    must("Every Sonnet, therefore, must have three parts, which parts give it its form"
         "--namely, Octave, Volta, Couplet.", "Sonnet", "Octave, Volta, Couplet"),
    must("So far we have seen three ways of slicing the loaf of bread: into crusts, crumbs, "
         "and heels.", "loaf of bread", "crusts, crumbs, and heels"),
    never("There are two kinds of people: those who bake and those who buy bread, "
          "and many more."),
    never("We tried three ways of baking: slowly and carefully."),
    must("Sourdough starters come in two forms: liquid and stiff starters.",
         "Sourdough starters", "liquid and stiff"),
    must("These, then, are the three differences which distinguish artisan bread,--the "
         "flour, the starter, and the oven.", "artisan bread", "the flour, the starter"),
])
def n_kinds_of_x(ctx: Context) -> Iterator[Hit]:
    """The list must have exactly the number the sentence states: then the parts are the
    answer, and the whole (or the thing the kinds are of) is the concept."""
    match = _N_KINDS.search(ctx.text)
    if match is None:
        return
    items = _items(re.sub(r"^into\s+", "", match.group("items")))
    if len(items) != _COUNTS[match.group("n").lower()] or any(
            len(item.split()) > 6 for item in items):
        return
    whole, of, which = match.group("whole") or match.group("plural"), match.group("of"), \
        match.group("which")
    distinguish = re.match(r"(?:distinguish|define|characteri[sz]e|make up|determine) "
                           r"(?P<np>[a-z][\w -]{2,40})$", which or "")
    if not whole and not of and distinguish:
        # "the three differences which distinguish artistic imitation,--the medium, ..."
        term = clean_term(distinguish.group("np"))
        if term is not None:
            yield Hit(term, match.group("items").strip(" ."), "property",
                      other=f"{match.group('n').lower()}|{match.group('kind').lower()}|"
                            f"which {which}")
        return
    if whole:
        term = clean_term(re.sub(r"^(?:every|each|any|a|an|the)\s+", "", whole,
                                 flags=re.IGNORECASE))
    elif of:
        term = clean_term(re.sub(r"^[a-z][\w-]*ing\s+(?:the\s+|a\s+|an\s+)?|^(?:the|a|an)\s+",
                                 "", of))
    else:
        return
    if term is None:
        return
    kind = match.group("kind").lower()
    yield Hit(term, match.group("items").strip(" ."), "property",
              other=f"{match.group('n').lower()}|{kind}|{'' if whole else of}")
