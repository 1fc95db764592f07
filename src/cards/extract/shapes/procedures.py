"""Shapes that say how a thing is made or done: "To make a semantic dictionary, we pair
every neuron activation with ...".

Why a shape of its own: expository writing often explains a construct by the recipe
that builds it, never by a copula; the recipe is the thing to learn ("How is a semantic
dictionary made?"), and its "we" is the reader's, so the card says it as steps.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cards.extract.shapes import Context, Hit, must, never, shape
from cards.extract.shapes.nouns import np_after

#: The verbs of making, each with the participle its question needs.
MAKING = {
    "make": "made", "build": "built", "create": "created", "construct": "constructed",
    "compute": "computed", "calculate": "calculated", "draw": "drawn", "form": "formed",
    "produce": "produced", "obtain": "obtained", "estimate": "estimated", "train": "trained",
    "fit": "fitted", "measure": "measured", "choose": "chosen", "select": "selected",
    "prepare": "prepared", "derive": "derived", "generate": "generated", "test": "tested",
}
_TO_MAKE = re.compile(
    rf"^To (?P<verb>{'|'.join(MAKING)})\s+(?P<rest>(?:an?|the|each|every)\s.{{3,60}}?),\s+"
    r"(?:we|you|one|researchers|people)\s+(?:first\s+|simply\s+|just\s+|can\s+|must\s+|"
    r"need to\s+|should\s+)?(?P<steps>[a-z]+\s.{8,})$")


@shape("to-make-x-we", gates=("to ",), score=2.0, examples=[
    must("To make a seed tray, we fill every cell with compost and press one seed into "
         "each.", "seed tray", "fill every cell with compost"),
    must("To estimate the drift, you compare each reading with the one before it.",
         "drift", "compare each reading"),
    never("To make matters worse, we lost the map."),
    never("To my surprise, we found the door open."),
    never("To make a seed tray, we will see below."),
])
def to_make_x_we(ctx: Context) -> Iterator[Hit]:
    match = _TO_MAKE.match(ctx.text)
    if not match:
        return
    rest = match.group("rest")
    rest = re.sub(r"^(?:each|every)\s", "a ", rest)
    term = np_after(rest, 0, max_words=4)
    if term is None or term.lower() in ("matters", "this", "that"):
        return
    if term.lower() != re.sub(r"^(?:an?|the)\s", "", rest).lower():
        return  # "To make a seed tray for the class": the name is only part of it
    steps = match.group("steps").strip()
    if re.match(r"(?:will|would|see|saw|have|had|are|were|is|was)\b", steps):
        return
    yield Hit(term, steps[:1].upper() + steps[1:], relation="property",
              other=MAKING[match.group("verb")])



#: "we could use diversity visualizations to reveal the variety of meanings ...": what a
#: named tool can do, as a capability (can, could), not one step the writers took.
_USE_X_TO = re.compile(
    r"\b(?i:we|you|one|researchers|people|practitioners|[a-z]{3,}ers)\s+(?:often\s+|also\s+)?"
    r"(?:can|could|may|might)\s+(?:also\s+|then\s+)?use\s+"
    r"(?P<rest>[a-z][\w-]*(?:\s[a-z][\w-]*){1,3})\s+to\s+(?P<verb>[a-z]{3,})\s+"
    r"(?P<goal>[^,;:]{8,120}?)(?:[,;:]|\.?$)")
#: Words a tool's name does not hold: an adverb, an article, a generic "method".
_NOT_A_TOOL = re.compile(r"\b(?:\w+ly|the|a|an|this|that|these|those|it|them|our|their|"
                         r"some|any|way|ways|method|methods|approach|trick|thing|things|"
                         r"technique|techniques|tool|tools|data|information)\b")


@shape("use-x-to", gates=("use ",), score=1.6, examples=[
    must("Bakers could use proofing baskets to hold the shape of a wet dough overnight.",
         "proofing baskets", "the shape of a wet dough"),
    never("We use proofing baskets to hold the shape of the dough in this recipe."),
    never("We could use a fairly simple method to check the dough."),
    never("You can use them to hold the dough."),
    never("We can use oven spring to mean the last rise, in this book."),
])
def use_x_to(ctx: Context) -> Iterator[Hit]:
    """A named tool and what it can be used to do: the card asks for the object of that
    verb ("What can diversity visualizations be used to reveal?")."""
    for match in _USE_X_TO.finditer(ctx.text):
        term, verb = match.group("rest"), match.group("verb")
        if _NOT_A_TOOL.search(term) or verb in ("mean", "refer", "denote", "describe", "be"):
            continue
        yield Hit(term, match.group("goal").strip(), relation="purpose", other=verb)


#: A named method and what it is for: "the “wedge” trick for tax incidence determination",
#: "Newton's method, which is a general technique for finding roots of equations".
_KINDS = r"(?:trick|method|technique|heuristic|algorithm|rule|test|procedure)"
_METHOD_FOR = re.compile(
    r"\bthe [\"“](?P<quoted>[A-Za-z][\w -]{1,30})[\"”] (?P<kind>" + _KINDS + r")"
    r" (?P<rel>for|to) (?P<goal>[a-z][^.,;:()]{4,70}?)(?:[.,;:(]|$)"
    r"|(?P<named>\b[A-Z][\w-]*(?:'s|’s|'|’)? " + _KINDS + r"s?)(?: of [a-z ]{4,40}?)?,?"
    r" (?:which is|is) (?:an?|one) (?:general |powerful |simple |standard |common )*"
    + _KINDS + r" (?P<rel2>for) (?P<goal2>[a-z][^.,;:()]{4,70}?)(?:[.,;:(]|$)"
    r"|\buses (?P<used>[A-Z][\w-]*(?:'s|’s)? " + _KINDS + r")"
    r" (?P<rel3>to) (?P<goal3>[a-z][^.,;:()]{4,70}?)(?:[.,;:(]|$)")


@shape("x-method-for", gates=("trick", "method", "technique", "heuristic", "algorithm",
                              "rule", "test", "procedure"), score=2.0, examples=[
    must("Another great kitchen move is the \"float\" test for egg freshness.",
         "float test", "for egg freshness"),
    must("Archimedes' method, which is a general technique for finding areas of curved "
         "shapes, came first.", "Archimedes' method", "for finding areas"),
    must("The oven timer uses Verlet's method to step the temperature forward in time.",
         "Verlet's method", "to step the temperature"),
    never("Here is a prototypical algorithm for correcting the oven's drift."),
    never("We used the same method for every loaf."),
])
def x_method_for(ctx: Context) -> Iterator[Hit]:
    """A purpose: the card asks what the named method is for, and never of a method the
    text does not name ("a prototypical algorithm")."""
    for match in _METHOD_FOR.finditer(ctx.text):
        if match.group("quoted"):
            term = f"{match.group('quoted')} {match.group('kind')}"
            rel, goal = match.group("rel"), match.group("goal")
        elif match.group("named"):
            term, rel, goal = match.group("named"), match.group("rel2"), match.group("goal2")
        else:
            term, rel, goal = match.group("used"), match.group("rel3"), match.group("goal3")
        if term.split()[0] in ("The", "This", "That", "A", "An", "Our", "Each", "Every"):
            continue
        yield Hit(term, f"{rel} {goal.strip()}", relation="purpose")
