"""Shapes where the text gives a name: "we call this X", "is called X", "known as X",
"By 'X' I mean ...", "we use X to mean ...", "I call a plot 'X' in which ...", and the
definition split over two sentences ("We call this matrix the X. It describes ...").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cards.extract.shapes import Context, Hit, must, never, shape
from cards.extract.shapes.nouns import DEICTIC, FUNCTION_WORDS, clean_term, np_after, np_before

_NAMING = r"(?:called|termed|named|dubbed|known as|referred to as|said to be)"
_IS_CALLED = re.compile(
    r"^(?P<subject>.{3,}?)\s*,?\s+(?:is|are|was|were|will be|can be|may be)\s+"
    r"(?:(?:often|usually|commonly|also|sometimes|then|now|simply|generally|typically|"
    r"therefore|thus|collectively|formally)\s+)*" + _NAMING + r"\s+(?P<rest>.+)$",
    re.IGNORECASE)


def _pronoun_subject(subject: str) -> bool:
    words = subject.lower().split()
    return bool(words) and (words[0] in DEICTIC or words[0] == "such") and len(words) <= 4


#: A subject that opens with the condition under which the name applies.
_CONDITION_SUBJECT = re.compile(r"^(?P<cond>(?:When|Whenever|If|Once)\s.{8,}?),\s+"
                                r"(?P<subj>(?:the|a|an|such|this)\s[\w -]{2,40}|they|it)$")
#: A reason before the name: "Because the responses are categories, state is called a
#: categorical variable" -- the subject is the running example, the reason the rule.
_REASON_SUBJECT = re.compile(r"^(?:Because|Since|As)\s(?P<cond>.{8,}?),\s+"
                             r"(?P<subj>(?:the\s)?[\w-]{2,30})$")


@shape("is-called-x", gates=("called", "termed", "named", "dubbed", "known as",
                             "referred to as", "said to be"), score=2.6, examples=[
    must("The leftmost element in the list is called the operator.", "operator",
         "leftmost element"),
    must("Expressions such as these, formed by delimiting a list of expressions within "
         "parentheses, are called combinations.", "combinations", "delimiting"),
    must("This is called distribution shift.", "distribution shift", "same distribution",
         previous="In many cases training and test sets do not come from the same "
                  "distribution."),
    must("The convention of placing the operator to the left of the operands is known as "
         "prefix notation.", "prefix notation"),
    must("Studies where the researchers assign treatments to cases are called experiments.",
         "experiments"),
    must("When the cooks keep the diners unaware of the recipe, the meal is said to be "
         "secret.", "secret", "When the cooks keep the diners unaware"),
    must("All pupils in the town form the population, and pupils who are chosen are "
         "collectively called the sample.", "sample", "pupils who are chosen"),
    never("On the other hand, the rainfall variable is said to be continuous."),
    must("In general, a draw is referred to as “fair lot” if each ticket has an equal "
         "chance of being picked.", "fair lot", "If each ticket has an equal chance"),
    must("For this reason, the town variable is said to be sparse since it can only take "
         "a few values.", "sparse", "it can only take a few values"),
    must("When two towns share one road, they are called linked towns.", "linked towns",
         "two towns share one road"),
    never("Sun exposure is what is called a lurking factor."),
    must("This alternative “soak first and then boil” cooking method is known as cold "
         "starting.", "cold starting", "The “soak first and then boil” cooking method"),
    must("Because the answers themselves are colours, hue is called a nominal feature, and "
         "its values are called shades.", "nominal feature", "When the answers themselves"),
    must("The first card in the row is called the trump, and the other cards are called "
         "followers.", "followers", "the cards other than the trump"),
    never("Because it was late, Tom is called Slowpoke."),
    never("He was called away before the meeting could end."),
    never("The function is called with two arguments."),
])
def is_called_x(ctx: Context) -> Iterator[Hit]:
    match = _IS_CALLED.match(ctx.text)
    if not match:
        return
    rest = match.group("rest")
    if re.match(r"(?:with|by|on|from|for|in|to|away|upon|back|off|out)\b", rest, re.I):
        return
    term = np_after(rest, 0)
    if term is None:
        return
    subject = match.group("subject").strip(" ,")
    condition = _CONDITION_SUBJECT.match(subject)
    if condition is not None:  # "When researchers keep ..., the study is said to be blind."
        naming = re.search(_NAMING, ctx.text[match.start("rest") - 20:match.start("rest")],
                           re.IGNORECASE)
        said = naming.group(0).lower() if naming else "called"
        subj = condition.group("subj").strip()
        if subj.lower() in ("they", "it"):  # "..., they are called associated variables"
            if len(term.split()) < 2:
                return
            subj = term.split()[-1]
        yield Hit(term, condition.group("cond").strip(" ,"), other=f"{subj}|{said}")
        return
    reason_first = _REASON_SUBJECT.match(subject)
    if reason_first is not None:
        if len(term.split()) < 2:
            return  # "Because it moves, it is called a mover": no kind to ask about
        said = ctx.text[match.end("subject"):match.start("rest")].lower()
        naming = re.search(_NAMING, said)
        yield Hit(term, "When " + reason_first.group("cond").strip(" ,"),
                  other=f"{term.split()[-1]}|{naming.group(0) if naming else 'called'}")
        return
    if _pronoun_subject(subject):
        if not ctx.previous:
            return
        yield Hit(term, ctx.previous, with_previous=True)
        return
    subject = _LEAD_CONNECTIVE.sub("", subject.rsplit(", and ", 1)[-1])
    subject = _QUOTED_DEMONSTRATIVE.sub("The ", subject)
    if re.search(r"\b(?:is|are)\s+what$", subject, re.IGNORECASE):
        return  # "Sun exposure is what is called a confounding variable": an instance
    said = ctx.text[match.end("subject"):match.start("rest")].lower()
    quoted = _QUOTED_NAME.match(rest)
    if quoted is not None:  # 'referred to as “simple random” if ...': the quoted name whole
        term, after = quoted.group("name"), rest[quoted.end():]
    else:
        after = rest[rest.find(term) + len(term):] if term in rest else ""
    reason = _REASON_AFTER.match(after)
    if reason is not None and (reason.group("conj").lower() in ("if", "when")
                               or "said to be" in said):
        # "the population variable is said to be discrete since it can only take ..."
        head = subject.split()[-1].lower() if subject.split() else ""
        if head in ("which", "that", "who") or not head.isalpha():
            head = term.split()[-1].lower()
        conj = "If" if reason.group("conj").lower() == "if" else "When"
        naming = re.search(_NAMING, said)
        yield Hit(term, f"{conj} {reason.group('why').strip(' ,')}",
                  other=f"{head}|{naming.group(0) if naming else 'called'}")
        return
    if "said to be" in said and not re.match(r"(?:an?|any|every|each|such)\s", subject,
                                             re.IGNORECASE):
        return  # "the unemployment rate variable is said to be continuous": an instance
    yield Hit(term, subject)
    yield from _the_others(rest, term)


#: "..., and the other elements are called operands": a second name, for the rest.
_THE_OTHERS = re.compile(r",?\s+and\s+the\s+other\s+(?P<kind>[a-z][\w -]{1,30}?)\s+(?:is|are)"
                         r"\s+(?:also\s+)?" + _NAMING + r"\s+(?P<rest>.+)$", re.IGNORECASE)


def _the_others(rest: str, first: str) -> Iterator[Hit]:
    """The second name of a sentence that names one member and then the others ("The
    leftmost element is called the operator, and the other elements are called
    operands"): the others are the members other than the first one named."""
    at = rest.find(first)
    match = _THE_OTHERS.search(rest, at + len(first)) if at >= 0 else None
    if match is None:
        return
    other = np_after(match.group("rest"), 0)
    if other is None or other.lower() == first.lower():
        return
    article = "the " if re.search(rf"\bthe\s+{re.escape(first)}", rest, re.IGNORECASE) else ""
    yield Hit(other, f"the {match.group('kind')} other than {article}{first}")


#: What makes the name apply, said after it: "... is said to be discrete since it ...".
_REASON_AFTER = re.compile(r"^\s*,?\s*(?P<conj>since|if|when|as)\s+(?P<why>.{8,}?)\.?$",
                           re.IGNORECASE)
#: "This alternative “fully expand and then reduce” method": the quoted words describe
#: the method whole, so the demonstrative (and "alternative") can go.
_QUOTED_DEMONSTRATIVE = re.compile(r"^(?:This|That)\s+(?:(?:alternative|other|new|second|"
                                   r"latter|former)\s+)?(?=[“\"][^”\"]{6,}[”\"])")
#: A name given in quotes, taken whole ("simple random", not "random").
_QUOTED_NAME = re.compile(r"^[\"“‘'](?P<name>[^\"”’']{3,40})[\"”’']")
#: A connective that opens the subject without being part of it.
_LEAD_CONNECTIVE = re.compile(r"^(?:On the other hand|In contrast|By contrast|However|In general|"
                              r"Similarly|Likewise|Thus|Hence|Therefore|Instead),\s*",
                              re.IGNORECASE)


_CALLED_APPOSITIVE = re.compile(
    r"(?P<head>[^,]{3,}?),?\s+(?:(?:often|usually|commonly|sometimes|also)\s+)?"
    r"(?:called|termed|dubbed|known as)\s+(?P<rest>[^,;.]+)(?:[,;.]|$)", re.IGNORECASE)


@shape("x-called-appositive", gates=("called", "termed", "dubbed", "known as"), score=2.2,
       examples=[
    must("Such nesting of definitions, called block structure, is the simplest solution.",
         "block structure", "nesting of definitions"),
    must("There is an entire field of research, called matrix factorization, that studies "
         "how to break up matrices.", "matrix factorization",
         "an entire field of research that studies how to break up matrices"),
    must("We write code following a layout convention known as indenting, in which each "
         "nested form starts further right.", "indenting",
         "a layout convention in which each nested form starts further right"),
    never("We called him yesterday to ask about it."),
    must("The rows hold records, called entries, which list one sale each.", "entries",
         "The rows hold records"),
    never("The leftmost element in the list is called the operator."),
])
def x_called_appositive(ctx: Context) -> Iterator[Hit]:
    for match in _CALLED_APPOSITIVE.finditer(ctx.text):
        head = match.group("head")
        if re.search(r"\b(?:is|are|was|were|be|been|we|they|i|you|he|she)\s*$", head, re.I):
            continue
        term = np_after(match.group("rest"), 0)
        if term is not None:
            explanation = _appositive_explanation(ctx.text, match, head)
            # the whole sentence (no phrase the name is given to): a claim, for a cloze
            yield Hit(term, explanation,
                      "claim" if explanation == ctx.text else "definition")


#: The relative clause after "X, called Y," that says what the X does or is.
_RELATIVE_AFTER = re.compile(r"^\s*,?\s*(?P<rel>(?:that|which|who|where|in which|by which|"
                             r"through which|whereby)\s.{6,})$", re.IGNORECASE)
#: Where the noun phrase a name is given to may begin: after "There is", a participle or a
#: preposition other than "of" (which continues the phrase); at the head's start a verb
#: may follow ("The columns represent characteristics, called variables").
_NP_START = re.compile(r"(?:\bthere\s+(?:is|are|was|were)\s+|\b(?:following|using|adopting|"
                       r"with|via|into|onto|from|for|in|on|by|as|under|through)\s+)"
                       r"(?=(?:an?|the)\s)", re.IGNORECASE)
#: Phrases that point at something else the text said: no definition of a name.
_POINTING_NP = re.compile(r"^(?:the\s+(?:other|same|latter|former|first|second|last|next)|"
                          r"another)\b", re.IGNORECASE)


def _appositive_explanation(text: str, match: re.Match[str], head: str) -> str:
    """"There is an entire field of research, called X, that studies ...": the noun phrase
    the name is given to ("an entire field of research") and what follows it ("that
    studies ..."); the whole sentence where that phrase cannot be told for sure ("The
    columns represent characteristics, called variables": a verb stands before it)."""
    starts = list(_NP_START.finditer(head))
    noun = head[starts[-1].end():].strip() if starts else ""
    if len(noun.split()) < 3 or _POINTING_NP.match(noun):
        return text
    relative = _RELATIVE_AFTER.match(text[match.end():])
    rel = relative.group("rel").strip() if relative else ""
    return f"{noun} {rel}".strip()


_WE_CALL = re.compile(
    r"\b(?:we|they|i|you|one|people|statisticians|economists|researchers|authors|"
    r"mathematicians|physicists|programmers|engineers)\s+(?:will\s+|shall\s+|often\s+|"
    r"usually\s+|sometimes\s+|also\s+|can\s+|may\s+|might\s+|typically\s+|generally\s+)*"
    r"(?:call|term|name|dub|refer to)\s+(?:this|these|that|those|it|them|such)\s+"
    r"(?P<rest>.+)$", re.IGNORECASE)
#: "this matrix the X": a noun after the pronoun, then the name with its article.
_NOUN_THEN_NAME = re.compile(r"^(?:[\w-]+\s+){1,2}?(?=(?:the|an?)\s|[\"“'‘*_])", re.IGNORECASE)


def _named(rest: str) -> str:
    """What follows "call this": the name, past a noun the pronoun takes ("matrix")."""
    rest = re.sub(r"^as\s+", "", rest)
    noun = _NOUN_THEN_NAME.match(rest)
    return rest[noun.end():] if noun else rest


@shape("we-call-this-x", gates=("call", "term", "name", "dub", "refer to"), score=2.8,
       examples=[
    must("Statisticians call this covariate shift because the problem arises from a shift "
         "in the covariates.", "covariate shift", "shift in the covariates",
         previous="We assume the distribution of inputs may change over time."),
    must("We call this quantity the margin.", "margin",
         previous="The distance between the boundary and the nearest point matters."),
    never("We call them every week to check in."),
])
def we_call_this_x(ctx: Context) -> Iterator[Hit]:
    match = _WE_CALL.search(ctx.text)
    if not match:
        return
    rest = _named(match.group("rest"))
    term = np_after(rest, 0, max_words=4)
    if term is None:
        return
    at = rest.find(term)
    after = rest[at + len(term):] if at >= 0 else ""
    reason = re.search(r"\b(?:because|since|as|when|if|where)\b.{8,}", after)
    if reason:
        yield Hit(term, reason.group(0), with_previous=bool(ctx.previous))
    elif ctx.previous:
        yield Hit(term, ctx.previous, with_previous=True)


_CALL_END = re.compile(
    r"\b(?:we|i|they|people)\s+(?:will\s+|shall\s+)?call\s+(?:this|these|it|them|such)"
    r"\s+(?P<rest>[^,;]{1,70}?)\.?$",
    re.IGNORECASE)
_FOLLOWS = re.compile(r"^(?:It|This|They|These|That|Such \w+)\s+(?:is|are|describes?|"
                      r"measures?|gives?|tells?|holds?|records?|counts?|has|have|"
                      r"shows?|says?|means?|captures?|consists?|represents?)\b",)


@shape("we-call-it-then-explain", gates=("call",), score=3.0, examples=[
    must("We call this matrix the confusion matrix.", "confusion matrix",
         "describes how often", next="It describes how often each class is mistaken for "
                                     "another."),
    never("We call this matrix the confusion matrix.", next="Figures follow below."),
])
def we_call_it_then_explain(ctx: Context) -> Iterator[Hit]:
    match = _CALL_END.search(ctx.text)
    if not match or not _FOLLOWS.match(ctx.next):
        return
    term = np_after(_named(match.group("rest")), 0, max_words=4)
    if term is not None:
        yield Hit(term, ctx.next, with_next=True)


_BY_MEAN = re.compile(
    r"\b[Bb]y\s+(?:the\s+)?(?:term\s+|word\s+)?(?P<q>[\"“'‘*_]?)(?P<term>[^,\"”'’*_]{2,50}?)"
    r",?(?P=q)[\"”'’]?,?\s+(?:I|we|you|they|one)\s+(?:here\s+|simply\s+|just\s+|will\s+|"
    r"shall\s+|usually\s+)?mean\s+(?P<expl>.{8,})$")


@shape("by-x-we-mean", gates=(" mean ",), score=3.0, examples=[
    must("By 'Diction' I mean the mere metrical arrangement of the words.", "Diction",
         "metrical arrangement"),
    must("By 'ornate prose,' I mean prose into which rhythm and song enter.",
         "ornate prose", "rhythm and song"),
    must("By the Complication I mean all that extends from the beginning of the action.",
         "Complication"),
    must("The plot is the imitation of the action, for by plot I here mean the arrangement "
         "of the incidents.", "plot", "arrangement of the incidents"),
    must("By reward hacking we mean a policy exploiting flaws in its reward.",
         "reward hacking"),
    never("By the way, I mean to write more about this."),
    never("By then I mean to have finished the report."),
])
def by_x_we_mean(ctx: Context) -> Iterator[Hit]:
    for match in _BY_MEAN.finditer(ctx.text):
        raw = match.group("term")
        if raw.lower().strip() in {"way", "then", "now", "this", "that", "it", "contrast"}:
            continue
        term = clean_term(raw)
        if term is not None:
            yield Hit(term, match.group("expl").strip())


_WHICH_IS_CALLED = re.compile(
    r",\s+(?:which|that)\s+(?:is|are)\s+(?:often\s+|usually\s+|commonly\s+|sometimes\s+)?"
    r"(?:called|known as|termed|referred to as)\s+(?P<rest>[^,;]+?)\s*(?:[,;.]|$)")
_ARTICLE = re.compile(r"(?:^|(?<=\s))(?:the|an?)\s", re.IGNORECASE)


def _named_phrase(before: str) -> str | None:
    """The noun phrase a "which is called" names: from the first article of the clause
    before it, past the clause's own subject ("The ledger keeps a running total")."""
    clause = re.split(r"[,;:()]", before)[-1]
    starts = [m.start() for m in _ARTICLE.finditer(clause)]
    if starts and not clause[:starts[0]].strip():
        starts = starts[1:]  # the clause's subject; the name goes to its object
    if not starts:
        return None
    phrase = clause[starts[0]:].strip()
    return phrase if 2 <= len(phrase.split()) <= 24 else None


@shape("np-which-is-called-x", gates=("which is called", "which are called",
                                      "which is known as", "which are known as",
                                      "which is termed", "which is referred to as"),
       score=2.4, examples=[
    must("Cooks prefer it to the “boil first and then season” method that most kitchens "
         "use, which is called early salting.", "early salting",
         "the “boil first and then season” method that most kitchens use"),
    must("The ledger keeps a running total, which is called the balance.", "balance",
         "a running total"),
    never("The trip, which is called off, was planned for May."),
    never("They met John, which is called a friend by everyone."),
])
def np_which_is_called_x(ctx: Context) -> Iterator[Hit]:
    """ "..., the X method that ..., which is called Y": the noun phrase before the
    relative clause is what the name names."""
    for match in _WHICH_IS_CALLED.finditer(ctx.text):
        rest = match.group("rest")
        if re.match(r"(?:off|up|out|away|back|on|for|by|in|to)\b", rest):
            continue
        phrase = _named_phrase(ctx.text[:match.start()])
        term = np_after(rest, 0, max_words=4)
        if term is not None and phrase is not None:
            yield Hit(term, phrase)


_IDEA_OF = re.compile(r"\b[Tt]he (?:idea|notion|concept|point) of (?P<term>[\w-]+(?: [\w-]+){0,3}?)"
                      r"(?: (?:tempting|appealing|attractive|simple|clear|natural|is simple))?"
                      r":\s+(?P<expl>[a-z].{8,})$")


@shape("idea-of-x-colon", gates=("idea of", "notion of", "concept of", "point of"), score=2.2,
       examples=[
    must("This makes the idea of tidal credit tempting: add a bonus to account for the "
         "moon's pull.", "tidal credit", "add a bonus"),
    must("The point of a moat is simple: keep the attackers away from the walls.", "moat",
         "keep the attackers away"),
    never("I like the idea of tidal credit: it sounds fun."),
])
def idea_of_x_colon(ctx: Context) -> Iterator[Hit]:
    """ "the idea of X (tempting): <what it is>" -- the words after the colon give the
    idea itself."""
    match = _IDEA_OF.search(ctx.text)
    if not match:
        return
    expl = match.group("expl").strip()
    if re.match(r"(?:it|this|that|they|we|i|you)\b", expl, re.IGNORECASE):
        return  # "the idea of X: it sounds fun": a verdict, not the idea
    term = clean_term(re.sub(r"^(?:an?|the)\s+", "", match.group("term")))
    if term is not None:
        yield Hit(term, expl, relation="property", other="idea")


_ASPECT_OF = re.compile(
    r"(?:^|[,;]\s+|\b(?:But|And|So)\s+)(?:(?:part|much|some) of\s+)?[Tt]he\s+"
    r"(?P<aspect>challenge|difficulty|problem|goal|aim|purpose|key insight|insight|trick|"
    r"essence|core idea|main idea)\s+of\s+(?P<term>[\w-]+(?: [\w-]+){0,3}?)\s+is\s+"
    r"(?P<kind>that|to)\s+(?P<expl>.{8,})$")


@shape("aspect-of-x-is", gates=(" of ",), score=1.9, examples=[
    must("But part of the challenge of tidal locking is that the moon loses spin faster "
         "than it gains heat.", "tidal locking", "the moon loses spin"),
    must("The goal of crop rotation is to keep the soil from losing its nitrogen.",
         "crop rotation", "keep the soil"),
    never("The problem of the day is that nobody came."),
    never("The goal of this post is to explain things."),
])
def aspect_of_x_is(ctx: Context) -> Iterator[Hit]:
    """ "The goal of X is to ...", "the challenge of X is that ...": one named side of X."""
    match = _ASPECT_OF.search(ctx.text)
    if not match:
        return
    raw = match.group("term")
    if re.match(r"(?:this|that|these|those|the|a|an|my|our|your|his|her|their|its|it)\b",
                raw, re.IGNORECASE) or raw.lower() in ("day", "week", "game", "story"):
        return
    term = clean_term(raw)
    if term is None:
        return
    expl = match.group("expl").strip()
    if match.group("kind") == "to":
        expl = "To " + expl
    yield Hit(term, expl, relation="property", other=match.group("aspect").lower())


_BY_THIS_MEAN = re.compile(r"^By (?:this|that)\s*,?\s+(?:I|we)\s+(?:just\s+|simply\s+|here\s+)?"
                           r"mean\s+(?P<expl>(?:an?|the|one|some)\s.{8,})$")
#: Words of a gloss that say only what kind of thing it is, never the term's own head.
_KIND_WORDS = frozenset({"thing", "way", "kind", "sort", "type", "form", "case", "idea"})


@shape("by-this-i-mean", gates=("by this", "by that"), score=2.8, examples=[
    must("By this, I mean a testing approach which starts with tiny tests and widens "
         "them.", "phased testing", "testing approach",
         previous="I think that phased testing should be used during long training runs."),
    must("By this we mean a pricing scheme where every seat costs the same.",
         "flat pricing", "pricing scheme", previous="Most venues now use flat pricing."),
    never("By this, I mean a testing approach which starts with tiny tests.",
          previous="I think we should slow down."),
    never("By this I mean that we should slow down.",
          previous="I think phased testing should be used."),
])
def by_this_i_mean(ctx: Context) -> Iterator[Hit]:
    """A definition of a term in the sentence before, whose head the gloss repeats: "I
    think phased testing should be used. By this, I mean a testing approach which ..." """
    match = _BY_THIS_MEAN.match(ctx.text)
    if not match or not ctx.previous:
        return
    gloss = match.group("expl")
    for word in re.findall(r"[a-z][a-z-]{3,}", gloss.lower())[:4]:
        if word in _KIND_WORDS:
            continue
        found = re.search(rf"\b{re.escape(word)}\b", ctx.previous, re.IGNORECASE)
        if found is None:
            continue
        term = np_before(ctx.previous, found.end(), max_words=3)
        if term is not None and " " in term:
            yield Hit(term, gloss.strip(), with_previous=True)
        return


_TAKE_TO_BE = re.compile(
    r"\b(?:I|[Ww]e|[Tt]hey|[Oo]ne|[Pp]eople)\s+(?:usually\s+|generally\s+|often\s+|will\s+|shall\s+)?"
    r"(?:understand|take|define|use|consider)\s+(?P<term>(?:the\s+|an?\s+)?[\"“'‘]?[\w-]+"
    r"(?:\s[\w-]+){0,2}?[\"”'’]?)\s+(?:to\s+(?:be|mean)|as\s+meaning)\s+"
    r"(?P<expl>(?:an?|the|what|whatever|any|one|some|those|ones)\s.{8,})$")


@shape("x-to-be", gates=(" to be ", " to mean ", "as meaning"), score=2.6, examples=[
    must("Usually I understand the mask to be what you get after fine-tuning a model.",
         "mask", "what you get after fine-tuning"),
    must("We define a stable matching to be one in which no pair would rather swap.",
         "stable matching", "no pair would rather swap"),
    never("We take the learning rate to be 0.1 throughout."),
    never("I consider the results to be promising."),
    must("I consider stale loaves to be those which crack when they are pressed.",
         "stale loaves", "crack when they are pressed"),
    never("They understand the risk to be worth it."),
])
def x_to_be(ctx: Context) -> Iterator[Hit]:
    match = _TAKE_TO_BE.search(ctx.text)
    if match:
        term = clean_term(match.group("term"))
        if term is not None:
            yield Hit(term, match.group("expl").strip())


_USE_TO_MEAN = re.compile(
    r"\b(?:we|I|they|people|economists|researchers)\s+(?:will\s+|shall\s+|often\s+)?use\s+"
    r"(?:the\s+(?:term|word|phrase)\s+)?(?P<term>[\"“'‘*_]?[^,\"”'’]{2,50}?[\"”'’*_]?)\s+"
    r"to\s+(?:mean|refer to|denote|describe|designate)\s+(?P<expl>.{8,})$", re.IGNORECASE)


@shape("we-use-x-to-mean", gates=("to mean", "to refer", "to denote", "to describe",
                                  "to designate"), score=3.0, examples=[
    must("We use the term 'agent' to mean anything that acts on its environment.", "agent",
         "acts on its environment"),
    must("Economists use rent to mean income from a scarce factor.", "rent"),
    never("We use a hammer to drive the nails into the wall."),
])
def we_use_x_to_mean(ctx: Context) -> Iterator[Hit]:
    match = _USE_TO_MEAN.search(ctx.text)
    if match:
        term = clean_term(match.group("term"))
        if term is not None:
            yield Hit(term, match.group("expl").strip())


_I_CALL_IN_WHICH = re.compile(
    r"\b(?:I|we)\s+(?:will\s+|shall\s+)?call\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}"
    r"[\"“'‘](?P<term>[^\"”'’]{2,40})[\"”'’]\s*,?\s+(?P<expl>(?:in which|which|when|where|"
    r"that|if|whose)\b.{8,})$")


@shape("i-call-x-in-which", gates=("call",), score=3.0, examples=[
    must("I call a plot 'epeisodic' in which the episodes succeed one another without "
         "probable sequence.", "epeisodic", "succeed one another"),
    never("I call my mother 'mum' on most days."),
])
def i_call_x_in_which(ctx: Context) -> Iterator[Hit]:
    match = _I_CALL_IN_WHICH.search(ctx.text)
    if match:
        term = clean_term(match.group("term"))
        if term is not None:
            yield Hit(term, match.group("expl").strip())


_THING_I_CALL = re.compile(
    r"^(?:An?|The)\s+(?P<head>[a-z]{3,20})\s+(?:which|that)\s.{4,120}?,\s+(?:I|we)\s+"
    r"(?:will\s+|shall\s+)?call\s+(?P<term>[A-Z]?[a-z]{3,20}),?\s+(?P<expl>(?:when|if|where)"
    r"\s.{8,})$")


@shape("thing-i-call-x-when", gates=(" call ",), score=2.8, examples=[
    must("A song which is short and simple in the sense above, I call Plain, when the tune "
         "moves without a change of key.", "Plain song", "the tune moves"),
    never("A friend who lives nearby, I call often, when the weather is bad."),
])
def thing_i_call_x_when(ctx: Context) -> Iterator[Hit]:
    """"An action which is one and continuous ..., I call Simple, when the change ...":
    the writer names a kind of the thing the sentence opens with, and says when it is so."""
    match = _THING_I_CALL.match(ctx.text)
    if match is None or match.group("term").lower() in {"often", "again", "back", "home"}:
        return
    head = match.group("head")
    if clean_term(head) is None:
        return
    article = "an" if head[:1] in "aeiou" else "a"
    yield Hit(f"{match.group('term')} {head}", match.group("expl").strip(),
              other=f"{article} {head}|called")


_WE_SAY = re.compile(
    r"\b(?:we|one|let[’']s|let us|i)\s+(?:will\s+|shall\s+|can\s+)?say\s+(?:that\s+)?"
    r"(?P<subject>(?:the\s+|an?\s+|any\s+|every\s+)?[\w-]+(?:\s[\w-]+)?)\s+"
    r"(?:is|are)\s+(?P<rest>[\"“'‘*_]?[\w-]+(?:\s[\w-]+)?[\"”'’*_]?.*)$", re.IGNORECASE)
#: The condition of a stipulated predicate: "... is non-obstructive when activating it ...".
_SAY_CONDITION = re.compile(r"^(?P<pred>.{2,60}?)\s*,?\s+(?P<conj>when|whenever|if|iff)\s+"
                            r"(?P<cond>.{12,})$", re.IGNORECASE)
_NOT_A_TERM = frozenset({"fine", "true", "false", "good", "bad", "right", "wrong", "okay", "ok",
                         "possible", "clear", "likely", "unlikely", "sure", "important", "yes",
                         "no", "done", "ready", "here", "there"})


def _marked_predicate(rest: str, marked: str) -> str:
    """The marked predicate, with the symbol it needs when the mark stops before it
    ("_non-obstructive with respect to_ $S$": the mark ends on "to")."""
    lead = len(rest) - len(rest.lstrip("\"“'‘*_"))
    pred = rest[:lead + len(marked)]
    if pred.split()[-1].lower() in FUNCTION_WORDS:
        after = re.match(r"[\"”'’*_]*\s+(\w{1,3})\b", rest[len(pred):])
        if after:
            pred = f"{pred} {after.group(1)}"
    return pred


@shape("we-say-x", gates=(" say ",), score=2.0, examples=[
    must("If a variable is not bound, we say that it is free.", "free"),
    never("We say that it is fine to go home now."),
    must("Let’s say the robot is docile toward the crew when switching it on never lowers "
         "what the crew can reach.", "docile toward the crew", "switching it on never lowers",
         marked=("docile toward the crew",)),
    must("We say a lock is _safe with respect to_ K if no key outside K opens it.",
         "safe with respect to K", "no key outside K", marked=("safe with respect to",)),
    must("We say that a kettle is primed if its water has been boiled once already.",
         "primed", "water has been boiled"),
    never("Let's say the answer is yes when he asks again."),
    never("I say the plan is good if it works."),
])
def we_say_x(ctx: Context) -> Iterator[Hit]:
    """"We say that X is Y": a stipulated name.  With its condition ("..., when ...",
    "if ...") the card asks when a thing is said to be Y; without one the sentence is a
    cloze on the name."""
    match = _WE_SAY.search(ctx.text)
    if not match:
        return
    rest = match.group("rest")
    marked = next((m for m in sorted(ctx.marked, key=len, reverse=True)
                   if len(m) > 3 and rest.lower().lstrip("\"“'‘*_").startswith(m)), None)
    condition = _SAY_CONDITION.match(rest)
    if condition is not None:
        pred = _marked_predicate(rest, marked) if marked else condition.group("pred")
        term = clean_term(pred) if marked or len(pred.split()) <= 2 else None
        subject = match.group("subject")
        if term is None or term.lower() in _NOT_A_TERM or subject.split()[-1].lower() in DEICTIC:
            return
        conj = "If" if condition.group("conj").lower().startswith("if") else "When"
        yield Hit(term, f"{conj} {condition.group('cond').strip()}",
                  other=f"{subject}|said to be")
        return
    term = np_after(rest, 0, max_words=2)
    if term is None or term.lower() in _NOT_A_TERM:
        return
    yield Hit(term, ctx.text)


_DEFINE_AS = re.compile(
    r"\b(?:we|i|one|they|you|let us|let's|authors?)\s+(?:can\s+|will\s+|shall\s+|could\s+|"
    r"may\s+|might\s+|now\s+|formally\s+|simply\s+|first\s+|then\s+)*(?P<verb>define|defines|"
    r"think of|view|regard|treat|interpret)\s+(?P<term>[\"“'‘*_`]?[^,;:\"”'’]{2,50}?"
    r"[\"”'’*_`]?)\s+as\s+(?P<expl>.{8,})$", re.IGNORECASE)


@shape("we-define-x-as", gates=("define", "think of", "view", "regard", "treat",
                                "interpret"), score=2.8, examples=[
    must("We define the margin as the distance from the boundary to the nearest point.",
         "margin", "distance from the boundary"),
    must("I think of “power” as “the average ability to achieve goals”.", "power",
         "average ability", marked=("power",)),
    never("We treat missing values as zeros in this table."),
    never("I think of it as a kind of game."),
    never("We define success as we go along."),
])
def we_define_x_as(ctx: Context) -> Iterator[Hit]:
    """"We define X as Y" defines; "I think of X as Y", "we view X as Y" frame a term
    the writer marks ("I think of 'power' as ...") and only then count."""
    match = _DEFINE_AS.search(ctx.text)
    if not match:
        return
    term = clean_term(match.group("term"))
    expl = match.group("expl").strip()
    if term is None or re.match(r"(?:we|i|you|they|it|if|long|well|much|soon)\b", expl, re.I):
        return
    if not match.group("verb").lower().startswith("define") and term.lower() not in ctx.marked:
        return
    yield Hit(term, expl)


_SO_CALLED = re.compile(r"\bso[- ]called\s+(?P<rest>[\"“'‘*_]?[A-Za-z].{2,80})", re.IGNORECASE)


@shape("so-called-x", gates=("so-called", "so called"), score=1.6, examples=[
    must("Prices cannot rise above P1 because of a so-called price ceiling.", "price ceiling"),
    must("The cell divides by the so-called spindle apparatus, which pulls chromosomes "
         "apart.", "spindle apparatus"),
    never("The so-called experts were wrong again."),
    must("Here the helper is not quite a tool but rather a recipe for a tool, a so-called "
         "tool schema.", "tool schema", "a recipe for a tool"),
])
def so_called_x(ctx: Context) -> Iterator[Hit]:
    """"a so-called X": the writer introduces X as a name of its own."""
    from cards.extract.termhood import rarity

    for match in _SO_CALLED.finditer(ctx.text):
        term = np_after(match.group("rest"), 0, max_words=4)
        if term is None or not (len(term.split()) >= 2 or rarity(term) < 4.0):
            continue
        gloss = _APPOSED_BEFORE.search(ctx.text[:match.start()])
        if gloss is not None and ctx.text[match.end():].strip(" .") == "":
            np = re.split(r"\b(?:but rather|rather than|but|not|is|are|was|were)\s+",
                          gloss.group("np"))[-1]
            yield Hit(term, np)  # "... but rather an abstraction of a procedure, a so-called X"
        else:
            yield Hit(term, ctx.text, "claim")


#: The noun phrase a "so-called X" stands in apposition to, ending the sentence
#: ("square is ... an abstraction of a procedure, a so-called procedural abstraction").
_APPOSED_BEFORE = re.compile(r"\b(?P<np>(?:an?|the)\s[^,;]{4,80}?),\s+(?:an?|the)\s*$",
                             re.IGNORECASE)


_THAT_IS_A = re.compile(
    r"\b(?:that|this|it)(?:['’]s|\s+is|\s+was|\s+are|\s+would be)\s+(?:an?\s+|the\s+)?")


@shape("that-is-a-marked-x", gates=("'s ", "’s ", " is ", " was ", " are ", " be "),
       score=2.2, needs_mark=True, examples=[
    must("When demand for umbrellas rises, that's a demand shock because people want "
         "more of them.", "demand shock", "demand for umbrellas rises",
         marked=("demand shock",)),
    must("If a bond pays less than inflation, this is a negative real yield.",
         "negative real yield", marked=("negative real yield",)),
    never("That's a really good point.", marked=("really",)),
    never("When prices rise, that's a demand shock for sure.", marked=()),
    never("When it rains, that's a shame.", marked=()),
    never("If a variable is not bound, we say that it is free.", marked=("free",)),
])
def that_is_a_marked_x(ctx: Context) -> Iterator[Hit]:
    """"When X happens, that's a *Y* because ...": the sentence names a marked term for
    the situation its first clause describes; the card is a cloze on the name."""
    low = ctx.low
    for match in _THAT_IS_A.finditer(ctx.text):
        after = low[match.end():]
        for marked in ctx.marked:
            if len(marked) > 3 and after.startswith(marked) and \
                    re.match(r"[\W_]*(?:$|because|since|as|when|if|where|[,.;:—–])",
                             after[len(marked):]):
                before = ctx.text[:match.start()].strip(" ,")
                if len(before.split()) < 3 or re.search(r"\b(?:that|say|says|said)$", before):
                    continue  # "we say that it is free": we-say-x's sentence
                term = clean_term(ctx.text[match.end():match.end() + len(marked)])
                if term is not None and term.lower() == marked:
                    # "When X happens, that's a Y": Y is when X happens
                    situation = re.match(r"(?:When|Whenever|If)\s+(?P<what>.+)$", before)
                    if situation:
                        yield Hit(term, "when " + situation.group("what"), "definition")
                    else:
                        yield Hit(term, before, "claim")


#: "...; this is just a restatement of X": the clause before says what X states.
_A_RESTATEMENT = (r"(?:(?:just|simply|merely|essentially|basically|really|only)\s+)?"
                  r"(?:a|one|another)\s+(?:re-?statement|reformulation|formulation|statement|"
                  r"version|way of stating|rephrasing)\s+of\s+(?P<rest>.+)$")
_RESTATES = re.compile(r"^(?P<said>.{20,}?)(?:;|,\s+which|\s+—|\s+–)\s+(?:(?:this|that)\s+)?"
                       r"(?:is|are)\s+" + _A_RESTATEMENT, re.IGNORECASE)
_RESTATES_ALONE = re.compile(r"^(?:This|That|It)\s+is\s+" + _A_RESTATEMENT, re.IGNORECASE)


@shape("this-restates-x", gates=("statement of", "formulation of", "version of",
                                 "phrasing of", "way of stating"), score=2.6, examples=[
    must("Technically, a fair bettor's credence over time should be a martingale; this is "
         "just a restatement of the conservation of expected evidence.",
         "conservation of expected evidence", "credence over time"),
    must("This is simply a restatement of the law of large numbers.", "law of large numbers",
         "average of many draws",
         previous="The average of many draws settles near the expected value."),
    never("The meeting ran long; this is a version of the plan we agreed on."),
    never("This is a version of the game for two players.",
          previous="Each player draws a card."),
])
def this_restates_x(ctx: Context) -> Iterator[Hit]:
    """A named law or principle after what it says ("...; this is just a restatement of
    the conservation of expected evidence"): the card asks what the law states."""
    match = _RESTATES.match(ctx.text)
    said = match.group("said") if match else None
    if match is None:
        match = _RESTATES_ALONE.match(ctx.text)
        said = ctx.previous or None
    if match is None or said is None:
        return
    rest = re.split(r"/", match.group("rest"), maxsplit=1)[0]
    term = np_after(rest, 0, max_words=6)
    if term is None or not _LAW_HEAD_RE.search(term):
        return
    yield Hit(term, said.strip(), relation="property", with_previous=said is ctx.previous)


#: The name of something that states a fact: a law, principle, theorem, conservation rule.
_LAW_HEAD_RE = re.compile(r"\b(?:law|principle|theorem|rule|conservation|lemma|conjecture|"
                          r"hypothesis|identity|inequality|postulate|axiom|property|"
                          r"equation|paradox|effect)\b", re.IGNORECASE)


#: "X might now be a more accurate term than RSI for Z": the writer proposes a name.
_TERM_FOR = re.compile(
    r"^(?:I think (?:that )?|Maybe |Perhaps )?(?P<term>[\w\"“”'‘’ -]{3,60}?)\s+"
    r"(?:is|might (?:now )?be|may (?:now )?be|would be|could be|seems)\s+(?:now\s+)?"
    r"(?:an?|the)\s+(?:(?:more|less|much|far)\s+)?(?:better|accurate|good|useful|apt|fitting|"
    r"clearer|precise|descriptive)?\s*(?:term|name|label|word)\b(?:\s+than\s+[^,]{1,30}?)?"
    r"\s+for\s+(?P<what>[^.;]{4,})", re.IGNORECASE)
#: The next sentence spells out what the name means.
_SPELLED = re.compile(r"^(?:That is|I\.e\.|In other words|Namely|By which I mean|Meaning),?\s+"
                      r"(?P<expl>.{8,})$", re.IGNORECASE)


@shape("x-is-a-term-for", gates=(" term ", " name ", " label ", " word "), score=2.6,
       examples=[
    must("I think that slow brewing might now be a more accurate term than cold brew for "
         "this kind of coffee.", "slow brewing", "steeping the grounds",
         next="That is, steeping the grounds in cool water for a whole day."),
    never("I think that slow brewing might be a better term for this coffee.",
          next="It tastes smoother."),
    never("Bob is a good name for a dog.", next="That is, a short one."),
])
def x_is_a_term_for(ctx: Context) -> Iterator[Hit]:
    """A name the writer proposes, spelled out in the next sentence ("... might now be a
    more accurate term than RSI for a possible source of foom. That is, the creation of
    accessory tools for capability increase")."""
    match = _TERM_FOR.match(ctx.text)
    spelled = _SPELLED.match(ctx.next) if match else None
    if match is None or spelled is None:
        return
    term = np_before(match.group("term"), len(match.group("term")))
    if term is None or len(term.split()) < 2:
        return  # a one-word proposal ("Bob") is a nickname, not a term
    yield Hit(term, spelled.group("expl").strip(), with_next=True)


#: "When ..., we label the first variable the explanatory variable and the second the
#: response variable": two names for the two parts of one situation.
_FIRST_AND_SECOND = re.compile(
    r"^(?P<cond>(?:When|If|Whenever|Where)\s[^,]{8,120}),\s+(?:we|one|they|people)\s+"
    r"(?:(?:usually|often|typically|then)\s+)?(?:label|call|name|term)\s+the\s+"
    r"(?P<first>first|former)\s+(?P<noun>[a-z][\w-]*(?:\s(?!the\b|an?\b)[a-z][\w-]*)?)\s+"
    r"(?:the\s+|an?\s+)?"
    r"(?P<a>[^,;]{3,40}?),?\s+and\s+the\s+(?P<second>second|latter)(?:\s+(?P=noun))?\s+"
    r"(?:the\s+|an?\s+)?(?P<b>[^,;.]{3,40}?)\.?$")


@shape("we-call-the-first-x", gates=("the first", "the former"), score=2.6, examples=[
    must("When one dough rises faster than another, we label the first dough the lively "
         "dough and the second the sluggish dough.", "lively dough",
         "When one dough rises faster than another"),
    must("When one dough rises faster than another, we label the first dough the lively "
         "dough and the second the sluggish dough.", "sluggish dough"),
    never("When we met, we called the first guest a hero and the second a fool, sadly."),
])
def we_call_the_first_x(ctx: Context) -> Iterator[Hit]:
    """Each name, asked for by its place: "When ..., what is the first variable called?"
    (the term is the answer; the situation the sentence sets is the cue)."""
    match = _FIRST_AND_SECOND.match(ctx.text)
    if match is None:
        return
    cond, noun = match.group("cond"), match.group("noun")
    for place, group in (("first", "a"), ("second", "b")):
        term = clean_term(match.group(group))
        if term is None or len(term.split()) < 2:
            continue  # "a hero": a role in a story, not a named kind
        yield Hit(term, cond, other=f"{place}|{noun}")


#: 'Rohin Shah suggests "empirical corrigibility": we actually end up able to correct the
#: AI': a proposed name, a colon, and the situation it names.
_SUGGESTS_NAME = re.compile(
    r"(?:(?P<who>\b[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,2})\s+)?"
    r"\b(?:suggests?|proposes?|prefers?|coins?|coined|introduces?|introduced|uses?)\s+"
    r"(?:the\s+(?:term|name|phrase)\s+)?[\"“‘'](?P<term>[^\"”’']{3,40})[\"”’']\s*:\s+"
    r"(?P<expl>[a-z][^:;]{8,200}?)\.?$")


@shape("suggests-x-colon", gates=("suggest", "propose", "prefer", "coin", "introduce",
                                  "use"), score=2.4, examples=[
    must("Instead of \u201cslow bread\u201d, Ann Lee suggests \u201ccold proofing\u201d: the "
         "dough rises overnight in the fridge.", "cold proofing", "rises overnight"),
    never("She suggests \u201cmore salt\u201d: it was bland."),
])
def suggests_x_colon(ctx: Context) -> Iterator[Hit]:
    """The proposed name of a situation the clause after the colon describes."""
    match = _SUGGESTS_NAME.search(ctx.text)
    if match is None:
        return
    term = clean_term(match.group("term"))
    if term is None or len(term.split()) < 2 or term.split()[0].lower() in FUNCTION_WORDS:
        return  # "more salt": advice, not a name
    expl = match.group("expl").strip()
    who = match.group("who")
    yield Hit(term, "when " + expl if not re.match(r"(?:when|if|where)\b", expl) else expl,
              other=who if who and who.split()[0] not in ("I", "We", "They", "It") else None)

