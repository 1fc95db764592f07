"""Shapes where the term is the subject: "X is a ...", "X refers to ...", "X means ...".

The subject must be a short noun phrase opening the sentence (after a discourse marker
such as "Thus," or "In short,"), so "It is a good idea" or "The problem is that ..."
never name a term.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cards.extract.findings import Relation
from cards.extract.shapes import Context, Hit, must, never, shape
from cards.extract.shapes.nouns import FUNCTION_WORDS, clean_term, np_after
from cards.extract.termhood import rarity

_FUNCTIONS = FUNCTION_WORDS

_OPENER = (r"^(?:(?:so|thus|hence|then|now|here|formally|informally|essentially|roughly|"
           r"in short|in other words|put simply|simply put|in general|that is|again|"
           r"first|second|finally|generally|intuitively|more formally|recall that|"
           r"note that|roughly speaking),?\s+"
           # a scene-setter naming the field: "In chemistry, ...", "As is standard in
           # game theory, ..."
           r"|(?:in|within|as is (?:standard|usual|common|customary) in) (?!this\b|that\b|"
           r"these\b|those\b|which\b)(?:[\w-]+ ){0,3}[\w-]+,\s+)?")
_SUBJECT = r"(?P<term>[\"“'‘*_]?[A-Za-z][^,;:()?!]{0,58}?[\"”'’*_]?)"
#: ", then," / ", as we have said," between the subject and the verb.
_ASIDE = r"(?:,\s*[^,]{1,40},)?"
_ADVERB = (r"(?:(?:simply|just|basically|essentially|actually|thus|therefore|then|"
           r"now|formally|merely|roughly|usually|generally|typically|often|also)\s+)?")


#: Words that make a subject an instance or a pointer, not a term ("A classic example of ...").
_NOT_SUBJECTS = frozenset({"example", "examples", "instance", "instances", "case", "cases",
                           "kind", "type", "sort"})


def _subject(raw: str) -> str | None:
    words = raw.strip(" \"“'‘*_").split()
    if words and words[0].lower() in {"this", "these", "that", "those", "such", "our", "my"}:
        return None  # "This type of X is ...": the subject points back
    term = clean_term(raw)
    if term is None:
        return None
    low = term.lower().split()
    if low[0] in {"there", "what", "one", "another", "each", "which", "both", "most"}:
        return None
    if any(w in _NOT_SUBJECTS for w in low):
        return None
    return term


_IS_A = re.compile(
    _OPENER + _SUBJECT + r"\s*" + _ASIDE + r"\s+(?:is|are)\s*" + _ASIDE + r"\s+" + _ADVERB
    + r"(?P<expl>(?:(?:an?|the|one|any|that which|those which|some|a kind of|a type of|"
      r"a form of|a set of|when|where|how|whatever|defined as|nothing but|"
      r"the name for|the process|the study)\b"
      # a bare plural genus: "payoff functions are real-valued functions on the leaves"
      r"|(?=(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*[^s\W]s\s+(?:on|of|over|that|which|from|"
      r"for|with|in|whose)\b)(?!(?:things|ways|steps|lots|ideas|reasons)\b))"
      r".{8,})$",
    re.IGNORECASE)
_NOT_DEFINING = re.compile(
    r"^(?:the|an?|one)\s+(?:(?:very|really|quite|much|more|most|good|great|bad|big|key|"
    r"main|first|second|last|best|worst|only|same|other|next|real|reasonable|important|"
    r"interesting|useful|natural|obvious|simple|common|classic|standard|nice|huge|"
    r"wonderful|major|little|whole|case|way|reason|problem|point|idea|question|answer|"
    r"thing|lot|bit|part|result|goal|hope)\b)", re.IGNORECASE)


@shape("x-is-a", gates=(" is", " are"), score=2.0, examples=[
    must("A catalyst is a substance that speeds up a reaction without being used up.",
         "catalyst", "substance that speeds up"),
    must("As is standard in game theory, payoff functions are real-valued functions on the "
         "leaf nodes.", "payoff functions", "real-valued functions"),
    must("In chemistry, a buffer is a solution that resists changes in pH.", "buffer"),
    never("In this case, the answer is a lot more complicated than it looks."),
    must("Comedy is, as we have said, an imitation of characters of a lower type.",
         "Comedy", "imitation of characters"),
    must("Tragedy, then, is an imitation of an action that is serious and complete.",
         "Tragedy"),
    must("Character is that which reveals moral purpose.", "Character", "reveals moral"),
    must("The *empirical risk* is an average loss over the training data.",
         "empirical risk"),
    must("Attribution is a set of techniques that answers such questions.", "Attribution"),
    never("It is a good idea to check the oven before you leave."),
    never("The problem is that nobody reads the manual."),
    never("There are many ways to cook an egg well."),
    never("This is the case for most of the samples we collected."),
    never("The weather is a big reason people stay home."),
])
def x_is_a(ctx: Context) -> Iterator[Hit]:
    match = _IS_A.match(ctx.text)
    if not match:
        return
    term = _subject(match.group("term"))
    expl = match.group("expl").strip()
    if term is None or _NOT_DEFINING.match(expl):
        return
    yield Hit(term, expl)


_VERBS = (r"refers? to|denotes?|stands? for|is defined as|are defined as|describes?|"
          r"consists? (?:in|of)|corresponds? to|represents?|measures?|quantifies|"
          r"captures?|answers?|is the name (?:for|of)")
_REFERS = re.compile(
    _OPENER + _SUBJECT + r"\s*" + _ASIDE + r"\s+" + _ADVERB + r"(?P<verb>" + _VERBS + r")"
    r"\s*:?\s+(?P<expl>.{8,})$", re.IGNORECASE)


@shape("x-refers-to", gates=("refer", "denot", "stand", "defined as", "describ", "consist",
                             "correspond", "represent", "measure", "quantif", "captur",
                             "answer", "the name"),
       score=1.8, examples=[
    must("Label shift describes the converse problem, where the labels drift.",
         "Label shift", "converse problem"),
    must("Box bounds correspond to limiting each of the individual parameters.",
         "Box bounds"),
    must("Tax incidence answers: how much does the consumer pay?", "Tax incidence"),
    must("Entropy refers to the average surprise of a source.", "Entropy"),
    never("This refers to the problem we saw above."),
    never("The following table describes the results of all runs."),
])
def x_refers_to(ctx: Context) -> Iterator[Hit]:
    match = _REFERS.match(ctx.text)
    if not match:
        return
    term = _subject(match.group("term"))
    if term is None:
        return
    low = term.lower()
    if low.split()[-1] in {"table", "figure", "section", "chapter", "paper", "post", "list",
                            "following", "example", "image", "plot", "graph", "equation"}:
        return
    verb = match.group("verb").lower()
    relation: Relation = "definition" if verb.startswith(("refer", "denot", "stand", "is", "are",
                                                  "consist", "describ")) else "property"
    yield Hit(term, match.group("expl").strip(), relation)


_MEANS = re.compile(
    _OPENER + r"(?:the (?:word|term|phrase|concept)\s+)?" + _SUBJECT + r"\s+means\s+"
    r"(?P<expl>.{8,})$", re.IGNORECASE)


@shape("x-means", gates=(" means ",), score=2.2, examples=[
    must("Annealing means heating a metal and letting it cool slowly.", "Annealing",
         "heating a metal"),
    must("The word 'corrigibility' means able to be corrected by humans.", "corrigibility"),
    never("This means that the model is wrong about half the time."),
    never("What this means is that we need more data."),
])
def x_means(ctx: Context) -> Iterator[Hit]:
    match = _MEANS.match(ctx.text)
    if not match:
        return
    term = _subject(match.group("term"))
    if term is not None:
        yield Hit(term, match.group("expl").strip())


_OCCURS = re.compile(
    _OPENER + _SUBJECT + r"\s+(?:occurs|happens|arises|is present|exists)\s+"
    r"(?P<expl>(?:when|whenever|if|where)\b.{8,})$", re.IGNORECASE)


@shape("x-occurs-when", gates=("occur", "happen", "arise", "present", "exist"), score=1.8,
       examples=[
    must("Price gouging occurs when an emergency happens and stores raise prices.",
         "Price gouging", "when an emergency"),
    must("Overfitting happens when a model memorises noise in the training set.",
         "Overfitting"),
    never("It happens when you least expect it to happen."),
])
def x_occurs_when(ctx: Context) -> Iterator[Hit]:
    match = _OCCURS.match(ctx.text)
    if not match:
        return
    term = _subject(match.group("term"))
    if term is not None:
        yield Hit(term, match.group("expl").strip())


def _names_the_act(term: str, gerund: str) -> bool:
    """True if the term's head is the act the gerund does ("risk minimization, which is
    minimizing ..."): a nominalisation and its verb share their stem."""
    head = term.lower().split()[-1]
    stem = gerund.strip()[:-3].rstrip("e")
    return len(stem) >= 4 and head.startswith(stem[:max(4, len(stem) - 2)])


_WHICH_IS = re.compile(
    r"(?P<head>[\w\"“”'‘’*_ -]{3,60}?),\s+which\s+(?:is|are)\s+"
    r"(?P<expl>(?:(?:an?|the)\s|(?P<act>[a-z]{3,}ing\s))[^,.;]{8,})")


@shape("x-which-is", gates=(", which is", ", which are"), score=1.4, examples=[
    must("The worst case is a confounding variable, which is a variable that is "
         "correlated with both of them.", "confounding variable", "correlated"),
    must("Thus, _risk minimization_, which is minimizing the average loss on the sample, "
         "is a practical strategy.", "risk minimization", "minimizing the average loss",
         marked=("risk minimization",)),
    never("We chose the second option, which is the cheaper one."),
    never("The plan, which is using the old bridge for the convoy, is risky.",
          marked=("plan",)),
])
def x_which_is(ctx: Context) -> Iterator[Hit]:
    from cards.extract.shapes.nouns import np_before

    for match in _WHICH_IS.finditer(ctx.text):
        term = np_before(ctx.text, match.start("head") + len(match.group("head")))
        expl = match.group("expl").strip()
        if term is None or _NOT_DEFINING.match(expl):
            continue
        head = term.lower().split()[-1].rstrip("s")
        if head not in expl.lower() and term.lower() not in ctx.marked:
            continue  # "option, which is the cheaper one": the head noun is not restated
        if match.group("act") and not _names_the_act(term, match.group("act")):
            continue  # "the plan, which is using ...": only an act's name is an act
        yield Hit(term, expl)


#: Genus and differentia: "an imitation of ...", "a substance that ...", "that which ...".
_GENUS = re.compile(
    r"^(?:(?:an?|one)\s+(?:[\w-]+\s+){0,3}?[\w-]+,?\s+(?:of|that|which|who|whose|in which|"
    r"by which|through which|where|used to|used for|for which)\b|that which\b|those which\b)",
    re.IGNORECASE)
_NOT_GENUS = re.compile(r"\b(?:of (?:mine|ours|yours|his|hers|theirs)|lot of|bit of|couple of|"
                        r"number of|way of|matter of)\b", re.IGNORECASE)


@shape("x-is-a-genus", gates=(" is", " are"), score=2.5, examples=[
    must("Comedy is, as we have said, an imitation of characters of a lower type.",
         "Comedy", "imitation of characters"),
    must("A catalyst is a substance that speeds up a reaction.", "catalyst"),
    must("Character is that which reveals moral purpose.", "Character", "reveals moral"),
    never("The weather is a big reason people stay home."),
    never("Tom is a friend of mine from school."),
    never("This type of fruit is a source of vitamins."),
    never("A classic example of a mammal is a dog that barks."),
    never("The answer is a lot of patience and a little luck."),
    never("Lunch is the meal that I like best."),
])
def x_is_a_genus(ctx: Context) -> Iterator[Hit]:
    """An "X is a ..." whose predicate names a kind and says how this one differs: the
    textbook form of a definition, so stronger than a bare "X is a ..."."""
    for hit in x_is_a(ctx):
        if _GENUS.match(hit.explanation) and not _NOT_GENUS.search(hit.explanation[:40]):
            yield hit


_DIFFERS = re.compile(
    _OPENER + _SUBJECT + r"\s+(?:agrees?|differs?|is distinguished|are distinguished|"
    r"departs?)\s+(?:with|from)\s+(?P<other>[^,;]{2,40}?)\s*,?\s+in\s+"
    r"(?P<expl>(?:so far as|that|being|having|its|their|the|how)\b.{8,})$", re.IGNORECASE)


@shape("x-differs-from-y-in", gates=("agree", "differ", "distinguished", "depart"),
       score=2.2, examples=[
    must("Epic poetry agrees with Tragedy in so far as it is an imitation in verse.",
         "Epic poetry", "imitation in verse"),
    must("Mitosis differs from meiosis in that it yields two identical cells.", "Mitosis",
         "two identical cells"),
    never("She differs from me in many ways."),
    never("It agrees with the data in that the curve rises."),
])
def x_differs_from_y_in(ctx: Context) -> Iterator[Hit]:
    match = _DIFFERS.match(ctx.text)
    if not match:
        return
    term = _subject(match.group("term"))
    other = clean_term(match.group("other"))
    if term is None or other is None:
        return
    yield Hit(term, match.group("expl").strip(), "contrast", other=other)


_WHERE_SYMBOL = re.compile(
    r"(?:^|,\s*)where\s+(?:(?!(?:he|it|we|i|she|you|they|one)\s)[^\s,]{1,3}\s+|"
    r"\$[^$]{1,24}\$\s+)?(?:is|are|denotes)\s+"
    r"(?:the|an?)\s+(?P<rest>.{6,})$", re.IGNORECASE)
_PARTICIPLE = re.compile(r"^[a-z]+(?:ing|ed)$")


@shape("where-symbol-is-the-x", gates=("where ",), score=1.9, examples=[
    must("where l is the loss function measuring \"how bad\" the prediction is.",
         "loss function", "how bad"),
    must("The update subtracts the gradient, where η is the learning rate that scales "
         "each step.", "learning rate", "scales each step"),
    never("I never found out where the book is."),
    never("That is the town where he is the mayor."),
    never("Where is the station that the guide mentioned?"),
    never("where f is the procedure defined in the last section."),
])
def where_symbol_is_the_x(ctx: Context) -> Iterator[Hit]:
    """A formula's symbols glossed after it ("where l is the loss function measuring
    ..."): the phrase after "is the" names a quantity and the rest says what it does."""
    match = _WHERE_SYMBOL.search(ctx.text)
    if not match or ctx.text.rstrip().endswith("?"):
        return
    rest = match.group("rest")
    words = rest.split()
    cut = next((n for n, w in enumerate(words[1:5], start=1)
                if _PARTICIPLE.match(w) and n + 1 < len(words)
                and (words[n + 1].lower().strip("\"“'‘") in _FUNCTIONS
                     or words[n + 1][:1] in "\"“'‘")), None)
    term = np_after(" ".join(words[:cut]) if cut else rest, 0, max_words=4)
    if term is None or (len(term.split()) < 2 and rarity(term) >= 4.0):
        return  # "where f is the procedure ...": a generic noun names nothing
    after = rest[rest.find(term) + len(term):].strip(" ,") if term in rest else ""
    if len(after.split()) < 3:
        return
    yield Hit(term, after, "property")


#: Head nouns of named statements: "the X conjecture says ...", "X's law states ...".
_STATEMENT_HEADS = ("law", "laws", "conjecture", "theorem", "principle", "hypothesis", "thesis",
                    "lemma", "postulate", "paradox", "rule", "effect", "fallacy", "heuristic",
                    "axiom", "corollary", "identity")
_STATES = re.compile(
    _OPENER + _SUBJECT + r"\s+(?:says|states|holds|asserts|posits|claims|predicts|tells us|"
    r"suggests|implies|guarantees)\s*,?\s+(?P<expl>.{8,})$", re.IGNORECASE)


@shape("law-states", gates=("says", "states", "holds", "asserts", "posits", "claims",
                            "predicts", "tells us", "suggests", "implies", "guarantees"),
       score=2.4, examples=[
    must("The catastrophic convergence conjecture says, “big catastrophes come from "
         "power-seeking”.", "catastrophic convergence conjecture", "power-seeking"),
    must("The law of total expectation states that the mean of the conditional means is "
         "the mean.", "law of total expectation", "conditional means"),
    never("The paper says that the model is wrong."),
    never("My rule says nothing about weekends."),
])
def law_states(ctx: Context) -> Iterator[Hit]:
    """A named statement and what it says: the term's head names a law, theorem,
    conjecture or principle, so what follows is its content."""
    match = _STATES.match(ctx.text)
    if not match:
        return
    term = _subject(match.group("term"))
    expl = match.group("expl").strip()
    head = term.lower().split(" of ")[0].split()[-1] if term is not None else ""
    if term is None or head not in _STATEMENT_HEADS or \
            expl.lower().startswith(("nothing", "little", "so", "that it", "us that it")):
        return
    yield Hit(term, re.sub(r"^(?:that|us that)\s+", "", expl), "property")


_EXAMPLES_OF = re.compile(
    r"^(?P<list>[A-Z][\w-]*(?:\s[A-Z][\w-]*)?(?:,\s+[A-Z][\w-]*(?:\s[A-Z][\w-]*)?){0,6},?"
    r"\s+(?:and|or)\s+[A-Z][\w-]*(?:\s[A-Z][\w-]*)?)\s+are\s+(?:some\s+)?(?:of\s+the\s+)?(?:classic\s+|typical\s+|"
    r"familiar\s+)?(?:examples|cases|instances)\s+(?:of|in)\s+(?P<term>[^,;.]{3,50})\.?$")


@shape("list-are-examples-of-x", gates=(" examples ", " cases ", " instances "), score=1.8,
       examples=[
    must("Whist, Bridge, or Poker are some of the cases in trick-taking games.",
         "trick-taking games", "Whist, Bridge, or Poker"),
    must("Paris, Rome and Vienna are classic examples of capital cities.", "capital cities"),
    never("These, those and others are cases in point."),
    never("Most of the time, errors are cases of carelessness."),
])
def list_are_examples_of_x(ctx: Context) -> Iterator[Hit]:
    """"Chess, Go, Backgammon, or StarCraft are some of the cases in reinforcement
    learning": named instances of the term, listed before it."""
    match = _EXAMPLES_OF.match(ctx.text)
    if match is None:
        return
    term = clean_term(match.group("term").strip())
    if term is not None:
        yield Hit(term, match.group("list"), "example")


#: Passive verbs whose agent says what brings the subject about, with their active form.
AGENT_VERBS = {"caused": "causes", "produced": "produces", "aroused": "arouses",
               "triggered": "triggers", "driven": "drives", "determined": "determines",
               "governed": "governs", "controlled": "controls", "generated": "generates",
               "created": "creates", "induced": "induces", "measured": "measures"}
_BY_AGENT = re.compile(
    r"(?:^|(?<=[;:] ))(?:(?:for|thus|hence|so|but|and)\s+)?(?P<term>(?:the\s+)?[a-z][a-z-]{2,30}"
    r"(?:\s[a-z][a-z-]{2,30}){0,2})\s+(?:is|are)\s+(?:usually\s+|often\s+|mainly\s+)?"
    r"(?P<verb>" + "|".join(AGENT_VERBS) + r")\s+by\s+(?P<agent>[^,;.]{4,80})",
    re.IGNORECASE)


@shape("x-is-caused-by", gates=tuple(f" {v} by " for v in AGENT_VERBS), score=1.8,
       examples=[
    must("Rust is caused by moisture acting on bare iron, and scale by heat.", "rust",
         "moisture acting on bare iron"),
    must("It moves neither of them; for pity is aroused by unmerited misfortune, fear by "
         "the misfortune of a peer.", "pity", "unmerited misfortune"),
    never("The report was produced by the committee last year."),
    never("It is caused by many things."),
])
def x_is_caused_by(ctx: Context) -> Iterator[Hit]:
    """"Pity is aroused by unmerited misfortune": what brings the term about."""
    match = _BY_AGENT.search(ctx.text)
    if match is None:
        return
    raw = match.group("term")
    if raw.lower().split()[-1] in FUNCTION_WORDS or raw.lower() in ("it", "this", "that"):
        return
    if raw.lower().startswith("the ") and len(raw.split()) > 2:
        return  # "The report was produced by ...": one thing, not a concept
    term = clean_term(raw)
    if term is not None:
        yield Hit(term, match.group("agent").strip(), "property",
                  other=match.group("verb").lower())


_BEING = re.compile(r"(?:,|;|—|--)\s*the (?P<term>[A-Za-z][\w-]+(?: [a-z][\w-]+)?) being "
                    r"(?:merely |simply |only |just |itself )?(?P<expl>(?:a|an|the) "
                    r"[^,;.]{4,80}?)(?=[,;.]|$)")


@shape("the-x-being-a", gates=(" being a", " being an", " being the", " being merely",
                               " being simply", " being only"), score=1.8, examples=[
    must("Satire mocks the powerful, the Burlesque being merely a subdivision of the comic.",
         "Burlesque", "a subdivision of the comic"),
    never("He arrived late, the train being the only way to travel that day."),
    never("The house was dark, the door being a little open."),
])
def the_x_being_a(ctx: Context) -> Iterator[Hit]:
    """An absolute phrase that classifies a term in passing: "..., the Ludicrous being
    merely a subdivision of the ugly"."""
    for match in _BEING.finditer(ctx.text):
        term = clean_term(match.group("term"))
        if term is None or (term[:1].islower() and rarity(term) >= 4.0):
            continue  # "the train being the only way": an everyday noun, no term
        yield Hit(term, match.group("expl").strip())


_SIMPLE = re.compile(r"^(?:(?:But|And|So|Actually),?\s+)?" + _SUBJECT + r"\s+(?:is|are)\s+"
                     r"(?:(?:really|actually|quite|pretty|very|stupidly|surprisingly|fairly|"
                     r"remarkably|deceptively|conceptually)\s+)?(?:simple|straightforward)"
                     r"[.:!]?$")
#: A next sentence that goes on about something else, or only points.
_NOT_AN_ACCOUNT = re.compile(r"^(?:This|That|It|Here|But|However|Still|Yet|I|We|You)\b")


@shape("x-is-simple-then-explain", gates=(" simple", " straightforward"), score=2.2,
       examples=[
    must("Sourdough leavening is surprisingly simple.", "Sourdough leavening",
         "wild yeast in the starter", next="The wild yeast in the starter eats flour and "
                                           "gives off gas that lifts the dough."),
    never("The answer is simple.", next="Nobody asked the bakers what they wanted."),
    never("Sourdough leavening is surprisingly simple.", next="It takes a day or two."),
])
def x_is_simple_then_explain(ctx: Context) -> Iterator[Hit]:
    """"X is stupidly simple. Banks keep a fraction of deposits ...": the text calls X
    simple and then says how it works, in the next sentence."""
    match = _SIMPLE.match(ctx.text)
    if match is None or len(ctx.next.split()) < 6 or _NOT_AN_ACCOUNT.match(ctx.next):
        return
    term = clean_term(match.group("term"))
    if term is None or term.lower().split()[-1] in {"answer", "idea", "reason", "point",
                                                    "question", "solution", "rule", "fix"}:
        return
    yield Hit(term, ctx.next, "property", with_next=True)


#: "Since the objects of imitation are men in action, it follows that ...": the reason
#: clause states what the term is, and the sentence goes on from it.
_SINCE_X_ARE = re.compile(
    r"^(?:Since|As|Because|Given that)\s+(?:the\s+)?(?P<term>[a-z][\w-]*(?:\s+[a-z][\w-]*){1,3}?)"
    r"\s+(?:is|are)\s+(?P<expl>(?!(?:not|very|so|too|also|still|now|in|on|at|by|for|with|"
    r"from|to|of|no|being|likely|able|about|more|less|all|both)\b)[a-z][\w-]*(?:\s+[\w-]+){1,8}?)"
    r",\s+\w")
_QUANTIFIERS = frozenset({"most", "many", "some", "all", "few", "both", "several", "our",
                          "their", "its", "his", "her", "my", "your", "these", "those"})


@shape("since-x-are-y", gates=("since ", "as ", "because ", "given that "), score=1.6,
       examples=[
    must("Since the tools of carving are knives in motion, it follows that we must hold "
         "them firmly.", "tools of carving", "knives in motion"),
    never("Since the roads are wet, we stay home."),
    never("Since the new rules are in force, we must comply."),
    never("Since most people are busy at work, nobody came."),
    never("As the data points are noisy measurements, we smooth them."),
])
def since_x_are_y(ctx: Context) -> Iterator[Hit]:
    """A term the text names in a reason clause with what it is: only a term of more
    than one word, and an "of" phrase or a mark on it ("the objects of imitation")."""
    match = _SINCE_X_ARE.match(ctx.text)
    if match is None:
        return
    term = match.group("term")
    if term.split()[0] in _QUANTIFIERS or (" of " not in term and term.lower() not in
                                           ctx.marked):
        return
    yield Hit(term, match.group("expl"))


#: A list item that names a thing and says how it works: "means of combination, by which
#: compound elements are built from simpler ones".
_BY_WHICH = re.compile(r"^(?P<term>[A-Za-z][\w -]{2,50}?),\s+(?P<rel>by|through|with|in) which\s+"
                       r"(?P<expl>[a-z].{8,})$")


@shape("x-by-which", gates=(" which ",), score=2.2, examples=[
    must("means of leavening, by which a dense dough is made light and airy,",
         "means of leavening", "the means by which a dense dough"),
    must("Proofing baskets, in which the shaped loaves rest before baking.",
         "Proofing baskets", "the baskets in which"),
    never("Then the oven, by which time the dough had risen, was ready."),
])
def x_by_which(ctx: Context) -> Iterator[Hit]:
    """The relative clause is the definition: "the means by which ..."."""
    match = _BY_WHICH.match(ctx.text.strip())
    if match is None:
        return
    term = _subject(match.group("term"))
    if term is None or term.split()[0].lower() in ("then", "and", "but", "so"):
        return
    head = re.split(r"\s+of\s+", term, maxsplit=1)[0].split()[-1].lower()
    expl = match.group("expl").rstrip(" ,;.")
    if re.match(r"(?:time|point|moment|stage|case)\b", expl):
        return
    yield Hit(term, f"the {head} {match.group('rel')} which {expl}")


#: A comparison that ties the term's size to another thing's: "Larger model classes often
#: have bigger Rashomon sets".
_LARGER_HAVE = re.compile(
    r"^(?P<cause>(?:larger|bigger|deeper|wider|longer|richer|more complex|more expressive|"
    r"smaller|simpler|shallower|narrower) (?:[a-z-]+ ){0,2}[a-z-]+?s)"
    r" (?P<hedge>(?:often|usually|typically|generally|tend to|will) )?(?:have|get|show|"
    r"produce|contain) (?P<cmp>bigger|larger|more|fewer|smaller|higher|lower|wider|narrower)"
    r" (?P<term>[A-Za-z][\w-]*(?: [\w-]+){0,3}?)(?=,| and\b| than\b|\.|$)", re.IGNORECASE)


@shape("larger-x-have-bigger-t", gates=(" have ", " get ", " show ", " produce ", " contain "),
       score=1.8, examples=[
    must("Larger pastry schools often have bigger Croissant guilds and different guilds can "
         "bake very differently.", "Croissant guilds", "Larger pastry schools"),
    must("Deeper reaction networks tend to have more metastable states.",
         "metastable states", "Deeper reaction networks"),
    never("Larger cities have bigger problems."),
    never("Bigger dogs have more food than small ones."),
])
def larger_x_have_bigger_t(ctx: Context) -> Iterator[Hit]:
    """What grows the term: the answer is the thing whose size goes with it, so the term
    must be technical (a rare word, a capital or a mark), not "bigger problems"."""
    match = _LARGER_HAVE.match(ctx.text)
    if match is None:
        return
    term = clean_term(match.group("term"))
    if term is None or not (term.lower() in ctx.marked or rarity(term) < 4.0
                            or any(w[:1].isupper() for w in term.split())):
        return
    hedge = (match.group("hedge") or "").strip()
    yield Hit(term, match.group("cause"), "property",
              other=f"{hedge}|{match.group('cmp').lower()}")
