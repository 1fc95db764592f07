"""Fronts: a question specific to what the text says, whose answer is the back.

Why by relation: "What is X?" is the right question only when the back defines X.  When
the text says what X *does* ("X reduces the variance of ..."), the question asks for
that ("What does X reduce?"), so the answer is one thing and retrieving it is the work;
a contrast asks how X differs from Y; a purpose asks what X is for.  A relation this
module cannot phrase as a specific question gives no front (the writer then tries a
cloze), never "What does the text say about X?".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cards.extract.findings import Finding
from cards.extract.writing.names import is_plural

#: Verbs whose object is the answer: "X reduces Y" -> "What does X reduce?" / "Y".
TRANSITIVE = frozenset([
    "requires", "needs", "measures", "estimates", "predicts", "maximizes", "maximises",
    "minimizes", "minimises", "computes", "returns", "produces", "captures", "describes",
    "encodes", "uses", "assumes", "ensures", "preserves", "guarantees", "avoids", "prevents",
    "reduces", "increases", "decreases", "removes", "adds", "combines", "compares", "generates",
    "learns", "models", "represents", "approximates", "tracks", "quantifies", "controls",
    "determines", "limits", "penalizes", "penalises", "rewards", "optimizes", "optimises",
    "updates", "selects", "chooses", "stores", "explains", "causes", "creates", "contains",
    "replaces", "maps", "converts", "measures", "lowers", "raises", "improves", "speeds",
    "slows", "drives", "splits", "divides", "counts", "weighs", "assigns", "dictates", "states",
    "implies", "asserts", "says", "stipulates", "specifies",
])
#: Verb + preposition whose object is the answer: "X depends on Y" -> "What does X depend on?".
_PREP_VERB_RE = re.compile(
    r"^(?P<verb>depends?|relies|rely|acts?|operates?|focuses|focus|consists?|refers?|leads?|"
    r"belongs?|applies|apply|corresponds?|results?|converges?|reduces?|amounts?|"
    r"looks?|aims?|responds?|reacts?|works?) (?P<prep>on|upon|of|to|in|from|with|as|for|at|by)"
    r" (?P<rest>.+)$")
_VERB_OBJECT_RE = re.compile(r"^(?P<verb>[a-z]+) (?P<rest>.+)$")
_HELPS_RE = re.compile(r"^helps? (?:(?P<whom>us|you|people|researchers|users) )?(?:to )?"
                       r"(?P<verb>answer|understand|explain|see|find|decide|predict|identify|"
                       r"measure|estimate|compare|choose) (?P<rest>.{6,})$")
_MODAL_RE = re.compile(r"^(?P<modal>can|cannot|can't|may|must|should|will|tends? to|"
                       r"helps?(?: to)?|allows?|lets?) (?P<rest>.+)$")
_PURPOSE_RE = re.compile(r"^(?:(?:is |are )?(?:used |designed |meant |intended |there )?"
                         r"(?:to|for|in order to)) (?P<rest>.+)$")
_STOP = frozenset([
    "a", "an", "the", "of", "to", "in", "on", "for", "with", "by", "and", "or", "is", "are",
    "be", "as", "at", "from", "that", "this", "it", "its", "their", "which", "what", "how",
    "does", "do",
])


@dataclass(frozen=True, slots=True)
class Prompt:
    """A front and the words of the explanation that answer it."""

    front: str
    answer: str
    kind: str
    """The card kind for the id: "basic", "vs-<other>" (contrast)."""


#: "style of presentation", "type of content": a kind of something, named by its kind.
_KIND_OF_RE = re.compile(r"^(?:type|kind|sort|style|form|way|manner|mode|piece|part|set|number|"
                         r"amount|level|degree)s? of\b", re.IGNORECASE)


#: Verbs an idea is put as advice with ("add a multiplier to ..."): the idea is the act.
_ADVICE_VERBS = frozenset({"add", "use", "take", "make", "treat", "count", "measure", "keep",
                           "replace", "split", "weigh", "multiply", "divide", "compare", "train",
                           "let", "put", "set", "run", "cut", "ask", "track", "give", "build"})
_DOUBLED = frozenset({"put", "set", "run", "cut", "let"})


def gerund_of_advice(text: str) -> str:
    """ "Add a multiplier to account for algorithmic progress" -> "Adding a multiplier
    ...": an idea said as an imperative reads, on a card, as the act it proposes."""
    first, _, rest = text.partition(" ")
    verb = first.lower()
    if verb not in _ADVICE_VERBS or not rest:
        return text
    if verb in _DOUBLED:
        ing = verb + verb[-1] + "ing"
    elif verb.endswith("e") and not verb.endswith("ee"):
        ing = verb[:-1] + "ing"
    else:
        ing = verb + "ing"
    return f"{ing.capitalize() if first[:1].isupper() else ing} {rest}"


def _study(heading: str | None) -> str | None:
    """The study a section reports, from its heading ("Case study: using stents to prevent
    strokes" -> "“Using stents to prevent strokes”")."""
    if not heading:
        return None
    match = re.match(r"^(?:case study|study|example)\s*[:—–-]\s*(?P<what>.{6,80})$", heading,
                     re.IGNORECASE)
    if match is None:
        return None
    what = match.group("what").strip(" .")
    return f"“{what[:1].upper()}{what[1:]}”"


def base_form(verb: str) -> str:
    """The bare verb after "does": "reduces" -> "reduce", "applies" -> "apply"."""
    special = {"does": "do", "has": "have", "is": "be", "goes": "go"}
    if verb in special:
        return special[verb]
    if verb.endswith("ies") and len(verb) > 4:
        return verb[:-3] + "y"
    if re.search(r"(?:ches|shes|sses|xes|zzes)$", verb):
        return verb[:-2]
    return verb[:-1] if verb.endswith("s") and not verb.endswith("ss") else verb


def ask(finding: Finding, name: str) -> Prompt | None:
    """The question the finding answers about the concept called ``name`` (with its
    article), or None when no specific question fits."""
    explanation = re.sub(r"^(?:that|which)\s+(?!which\b)", "", finding.explanation.strip())
    plural = is_plural(name)
    be, do = ("are", "do") if plural else ("is", "does")
    relation = finding.relation
    if relation == "contrast" and finding.other:
        return Prompt(f"How {do} {name} differ from {finding.other}?", explanation,
                      f"vs-{finding.other}")
    if relation == "abbreviation" and finding.other:
        defined = abbreviation_definition(finding)
        if defined is not None:
            return Prompt(f"What {be} {name}?", defined, "basic")
        short, long = finding.other, finding.term
        if len(short) > len(long):
            short, long = long, short
        if _says_more(finding.quote, short):
            # "BFGS (...) refines at each step an approximation of the Hessian": what the
            # letters stand for is not what the text teaches; what the thing does is
            return _what_it_does(finding.quote, short)
        verb = "do" if re.fullmatch(r"[A-Z]{2,}s", short) else "does"
        return Prompt(f"What {verb} {short} stand for?", long, "basic")
    if relation == "question":
        return Prompt(f"What question {do} {name} answer?", explanation, "question")
    if relation == "example":
        if re.match(r"(?:by|in|on|to|from|with|for|at|via|through|when|if)\b", explanation,
                    re.IGNORECASE):
            return None  # "(e.g. by building ...)": an example of doing, not of the thing
        if finding.shape.startswith("list-are-examples") or re.search(
                r"\b(?:etc|and so on|and so forth)\b", explanation):
            return None  # an open list has no one answer: the examples cue the concept
            # instead, as a cloze
        if _KIND_OF_RE.match(_bare(name)):
            return None  # "an example of style of presentation": a phrase, not a concept
        return Prompt(f"What is an example of {_bare(name)}?", explanation, "basic")
    if "+members" in finding.shape and finding.other:
        who, verb = finding.other.split("|", 1)  # "What did the patients in ... receive?"
        base = {"received": "receive", "got": "get", "took": "take"}.get(verb, verb)
        study = _study(finding.block.heading)
        lead = f"In the study {study}, what" if study else "What"
        return Prompt(f"{lead} did the {who} in {name} {base}?",
                      explanation[:1].upper() + explanation[1:], "members")
    if finding.shape.startswith("use-x-to") and finding.other:
        # "we could use X to reveal Y": what X can be used to reveal is Y
        return Prompt(f"What can {name} be used to {finding.other}?",
                      explanation[:1].upper() + explanation[1:], "use")
    if finding.shape.startswith("larger-x-have-bigger-t") and finding.other:
        # "Larger model classes often have bigger Rashomon sets": how the two sizes go
        # together, asked with both named and the comparison as the answer
        measure = _MEASURE_OF.get(finding.other.split("|", 1)[1], "size")
        cause = re.match(r"(?P<adj>more \w+|\w+) (?P<noun>.+)$", explanation)
        if cause is None:
            return None
        of = _MEASURE_OF.get(cause.group("adj").lower(), "size")
        said = finding.quote.strip().rstrip(".")
        said = said[max(said.lower().find(explanation.lower()), 0):]  # from "Larger ..."
        said = re.split(r",| and (?=[a-z]+ [a-z]+ (?:in|of|can|may|will)\b)", said)[0]
        said = re.sub(re.escape(finding.term), "ones" if is_plural(finding.term) else "one",
                      said, flags=re.IGNORECASE)  # the front names the term
        return Prompt(f"How does the {measure} of {_bare(name)} relate to the {of} of "
                      f"{cause.group('noun')}?", said[:1].upper() + said[1:], "grows")
    if finding.shape.startswith("n-kinds-of-x") and finding.other:
        count, kind, of = finding.other.split("|", 2)  # "What are the six parts of tragedy?"
        items = re.sub(r"^into\s+", "", explanation, flags=re.IGNORECASE)
        setting = _SETTING_LEAD_RE.match(finding.quote)
        lead = f"In {setting.group(1)}, what" if setting else "What"
        whole = name[:1].lower() + name[1:] if name[1:2].islower() else name
        asked = of[len("which "):] if of.startswith("which ") else ""
        if asked:  # "What are the three differences which distinguish artistic imitation?"
            return Prompt(f"{lead} are the {count} {kind} which {asked}?",
                          items[:1].upper() + items[1:], "parts")
        return Prompt(f"{lead} are the {count} {kind} of {of or whole}?",
                      items[:1].upper() + items[1:], "parts")
    if finding.shape.startswith("x-method-for"):
        # "for finding roots" -> "Finding roots": the question already says "used for"
        goal = re.sub(r"^for\s+", "", explanation, flags=re.IGNORECASE)
        return Prompt(f"What {be} {name} used for?", goal[:1].upper() + goal[1:], "basic")
    if relation == "purpose":
        purpose = _PURPOSE_RE.match(explanation)
        if purpose:
            return Prompt(f"What {be} {name} used for?", "To " + purpose.group("rest")
                          if not explanation.startswith("for ") else purpose.group(0),
                          "basic")
        return Prompt(f"What {be} {name} for?", explanation, "basic")
    if finding.shape.startswith(("is-called-x", "thing-i-call-x-when", "we-say-x")) and \
            finding.other and "|" in finding.other:
        subject, said = finding.other.split("|", 1)  # "When is a study said to be blind?"
        subject = re.sub(r"^(?:the|this|such|an?)\s+", "", subject, flags=re.IGNORECASE)
        named = _bare(name)
        if named.lower().endswith(" " + subject.lower()):  # "simple action" of "an action"
            named = named[:-len(subject) - 1].lower()
        if is_plural(subject):  # "When are variables called associated?"
            return Prompt(f"When are {subject} {said} {named}?", explanation, "basic")
        subject = ("an " if subject[:1].lower() in "aeiou" else "a ") + subject
        return Prompt(f"When is {subject} {said} {named}?", explanation, "basic")
    if finding.shape.startswith("x-is-caused-by") and finding.other:
        from cards.extract.shapes.copula import AGENT_VERBS
        active = AGENT_VERBS.get(finding.other)  # "What arouses pity?"
        agent = explanation[:1].lower() + explanation[1:] if explanation[1:2].islower() else (
            explanation)
        return Prompt(f"What {active} {_bare(name)}?", agent, "basic") if active else None
    if finding.shape.startswith("we-call-the-first-x") and finding.other:
        place, kind = finding.other.split("|", 1)  # the name is the answer, its place the cue
        return Prompt(f"{explanation}, what is the {place} {kind} called?",
                      f"The {_bare(name)}", "called")
    if finding.shape.startswith("x-to-be-marked-quality") and finding.other:
        head, quality = finding.other.split("|", 1)  # "for a factorization to be compatible"
        article = "an" if head[:1] in "aeiou" else "a"
        return Prompt(f"What does it mean for {article} {head} to be {quality}?",
                      explanation[:1].upper() + explanation[1:], "meaning")
    if finding.shape.startswith("this-restates-x"):
        # "...; this is just a restatement of X": the clause is what the law says
        return Prompt(f"What does {name} state?", explanation, "basic")
    if finding.shape.startswith("law-states"):
        return _statement(finding, explanation, name)
    if finding.shape.startswith("idea-of-x") and finding.other == "idea":
        noun = re.search(r"[Tt]he (idea|notion|concept|point) of", finding.quote)
        kind = noun.group(1) if noun else "idea"
        return Prompt(f"What is the {kind} of {name}?", gerund_of_advice(explanation), "idea")
    if finding.shape.startswith("aspect-of-x") and finding.other:
        return Prompt(f"What is {_a_or_the(finding.quote, finding.other)} {finding.other} "
                      f"of {_bare(name)}?", explanation, slug_kind(finding.other))
    if finding.shape.startswith("to-make-x") and finding.other:
        return Prompt(f"How {be} {name} {finding.other}?", explanation, "how")
    if finding.shape.startswith("x-abbreviated-act-if") and finding.other:
        subject, abbr = finding.other.split("|", 1)  # "When does a firm ... (PPD)?"
        words = finding.term.split()
        act = " ".join([*words[:-1], base_form(words[-1])])
        article = "an" if subject[:1] in "aeiou" else "a"
        return Prompt(f"When does {article} {subject} {act} ({abbr})?", explanation, "basic")
    if finding.shape.startswith("in-an-x-clause"):
        inside = _inside_setting(explanation, name)
        if inside is not None:
            return inside
    if finding.shape.startswith("in-marked-x-we"):
        in_it = _in_setting(explanation, name)
        if in_it is not None:
            return in_it
    if finding.shape.startswith("x-is-simple-then-explain"):
        # "X is stupidly simple. Banks keep ...": the next sentence says how X works
        return Prompt(f"How {do} {name} work?", explanation, "how")
    if relation in ("property", "claim"):
        if relation == "property" and explanation[1:2].islower():
            explanation = explanation[:1].lower() + explanation[1:]  # "Models ..." -> "models"
        return _property(explanation, name, do)
    if relation == "definition":
        if finding.shape.startswith("by-x") and _ADJECTIVE_RE.match(name):
            # "By unusual, I mean strange words ...": the writer's sense of an adjective
            return Prompt(f"What is meant by “{name}”?", explanation, "basic")
        if _GERUND_RE.match(explanation) and finding.shape.startswith("label-colon"):
            # "Newton methods: using the Hessian": how the method works
            return Prompt(f"How {do} {name} work?",
                          "By " + explanation[:1].lower() + explanation[1:], "basic")
        aim = _IMPERATIVE_RE.match(explanation)
        if aim and finding.shape.startswith(("label-colon", "entry-")):
            # "Mild optimization: avoid spikiness by ...": an approach, said as advice
            return Prompt(f"What {do} {name} aim to do?",
                          "To " + explanation[:1].lower() + explanation[1:], "basic")
        if finding.shape.startswith("label-colon") and _STATEMENT_RE.match(explanation) and \
                not finding.term.replace("-", "").isupper():
            # "Basin of intent alignment: smart AIs should modify themselves ...": the
            # label names a claim; the claim is what the label means
            return Prompt(f"What is meant by {name}?", explanation, "meant")
        has = re.match(r"(?i)have (?P<what>(?!to\b|been\b|no\b)\w.{5,})$", explanation)
        if has:
            # "the martingale (i.e. have expected change zero)": the gloss says what
            # the thing has, so the card asks for that, not for what it is
            what = has.group("what")
            one = re.sub(r"^the (?=[a-z])", "a ", name) if not plural else name
            one = re.sub(r"^a (?=[aeiou])", "an ", one)  # "the martingale" -> "a martingale"
            return Prompt(f"What property {do} {one} have?", what[:1].upper() + what[1:],
                          "has")
        return Prompt(f"What {be} {name}?", explanation, "basic")
    return None


#: A statement with its own subject and a finite verb, not a condition or a reason
#: ("The model encodes information along particular directions").
_STATEMENT_RE = re.compile(
    r"^(?!(?:if|when|whenever|because|since|although|though|unless|while|as|so|but|and|or|"
    r"then|same|see|note|this|that|these|those|it|they|we|you|i|he|she)\b)"
    r"(?:the |a |an |most |many |some |each |every |all |no )?(?:[\w'’/-]+,? ){0,6}?"
    r"(?:is|are|was|were|has|have|can|could|will|would|may|might|must|should|does|do|"
    r"[a-z]{3,}s)\b(?! of\b)", re.IGNORECASE)


#: A method glossed by what it does, as a gerund ("using the Hessian", "approximating").
_GERUND_RE = re.compile(r"^(?!(?:during|nothing|something|anything|everything|being|"
                        r"string|king|thing|spring|ring|wing)\b)[a-z]{3,}ing\s+\w",
                        re.IGNORECASE)
#: A lone adjective ("unusual", "ornamental"): a sense the writer gives it, not a thing.
_ADJECTIVE_RE = re.compile(r"^[a-z]+(?:al|ous|ive|ful|ary|ic|able|ible|ent|ant)$")
#: Advice in the imperative after a label ("Low impact: find a criterion ..."): what the
#: approach aims to do, not what it is.
_IMPERATIVE_RE = re.compile(r"^(?:avoid|find|use|keep|make|get|build|train|learn|stop|prevent|"
                            r"reduce|increase|ensure|minimi[sz]e|maximi[sz]e|limit|restrict|"
                            r"choose|pick|try|aim|look for|search for)\s+\w", re.IGNORECASE)


#: What we do in a setting, said with a verb, its object and how ("we break up the
#: population into many groups"): the front keeps the act, the back says how.
_WE_ACT_HOW_RE = re.compile(
    r"^we (?:only |first |then |simply )?(?P<verb>[a-z]{3,})(?P<particle> up| out| down| apart)?"
    r" (?P<object>(?:the|our|each|every|all) (?:[a-z-]+ ){0,2}?[a-z-]+)"
    r" (?P<how>(?:into|by|with|using|through|via) .{4,})$", re.IGNORECASE)
#: What we have in a setting ("we have access to training features"): the back is what.
_WE_HAVE_RE = re.compile(r"^we (?:only )?have access to (?P<what>.{4,})$", re.IGNORECASE)


def _shares_a_word(answer: str, name: str) -> bool:
    """True if the answer holds a content word of the name (by its stem): the front then
    hands over part of the answer."""
    stems = {w.lower().rstrip("s") for w in re.findall(r"[A-Za-z]{4,}", name)}
    return any(w.lower().rstrip("s") in stems for w in re.findall(r"[A-Za-z]{4,}", answer))


def _in_setting(explanation: str, name: str) -> Prompt | None:
    """ "In a cluster sample, we break up the population into many groups": the question
    asks how the act is done in that setting, so the setting is the cue and the answer is
    the one thing the sentence says about it."""
    text = explanation.rstrip(" .")
    act = _WE_ACT_HOW_RE.match(text)
    if act and act.group("verb").lower() not in ("are", "have", "can", "will", "may", "must"):
        how = act.group("how")
        if _shares_a_word(how, name):
            return None  # "In a cluster sample, ...? Into many groups, called clusters."
        verb = act.group("verb").lower() + (act.group("particle") or "")
        return Prompt(f"In {name}, how do we {verb} {act.group('object')}?",
                      how[:1].upper() + how[1:], "how")
    have = _WE_HAVE_RE.match(text)
    if have:
        what = re.sub(r",\s+which\s+we\b.*$", "", have.group("what"))  # "..., which we use"
        return Prompt(f"In {name}, what do we have access to?", what[:1].upper() + what[1:],
                      "access")
    return None


#: What a part can do in a setting: "attention layers can query the previous layers'
#: activations ...".
_PART_CAN_RE = re.compile(
    r"^(?P<subject>(?:the |an? |each |every )?[A-Za-z][\w'’-]*(?: [a-z][\w'’-]*){0,2}?)"
    r" (?P<modal>can|may|must|will|should|cannot|can't)"
    r" (?P<verb>(?!be\b|have\b|do\b|also\b|only\b|not\b)[a-z]{3,})"
    r" (?P<object>(?!(?:to|on|in|at|by|for|with|from|of|that|if|when|as)\b).{8,})$")


def _inside_setting(explanation: str, name: str) -> Prompt | None:
    """ "In a causal-masked transformer, attention layers can query ...": the setting and
    the part are the cue, what the part can act on is the answer."""
    part = _PART_CAN_RE.match(explanation.rstrip(" ."))
    if part is None:
        return None
    subject = part.group("subject")
    if subject.split()[0] not in ("I", "We", "You") and subject[1:2].islower():
        subject = subject[:1].lower() + subject[1:]
    if subject.split()[0].lower() in ("i", "we", "you", "it", "they", "this", "that"):
        return None
    what = part.group("object")
    return Prompt(f"In {name}, what {part.group('modal')} {subject} {part.group('verb')}?",
                  what[:1].upper() + what[1:], "part")


_DOES_AFTER_ABBR_RE = re.compile(
    r"\)\s+(?P<verb>[a-z]{3,}s)\s+(?P<when>(?:at each|at every|on each|on every|in each) "
    r"(?:step|iteration|round|stage)\s+)?(?P<object>(?:an?|the|its|their|each) .{6,})$")


def _what_it_does(quote: str, short: str) -> Prompt | None:
    """ "BFGS (...) refines at each step an approximation of the Hessian" -> "What does
    BFGS refine at each step?" / "An approximation of the Hessian"."""
    at = quote.find(f"({short})")
    tail = quote[quote.find(")", at if at >= 0 else 0):] if ")" in quote else ""
    does = _DOES_AFTER_ABBR_RE.match(tail.rstrip(" ."))
    if does is None or does.group("verb") not in TRANSITIVE | _REFINING:
        return None
    when = f" {does.group('when').strip()}" if does.group("when") else ""
    what = does.group("object")
    verb = "do" if re.fullmatch(r"[A-Z]{2,}s", short) else "does"
    return Prompt(f"What {verb} {short} {base_form(does.group('verb'))}{when}?",
                  what[:1].upper() + what[1:], "does")


#: Verbs of gradual improvement whose object is the answer ("refines an approximation").
_REFINING = frozenset({"refines", "constrains", "builds", "keeps", "maintains"})


def _says_more(quote: str, short: str) -> bool:
    """True if the sentence that spells out an abbreviation goes on to say what the thing
    does or is ("non-negative matrix factorization (NMF) constrains its factors to be
    positive"): an acronym card is made only when the text says nothing more."""
    at = quote.find(f"({short})")
    if at < 0:
        at = quote.find(short)
        if at < 0:
            return False
        rest = quote[at + len(short):]
        rest = rest[rest.find(")") + 1:] if ")" in rest else rest
    else:
        rest = quote[at + len(short) + 2:]
    words = re.findall(r"[A-Za-z][\w'’-]*", rest)
    return len(words) >= 3 and bool(re.match(r"\s*(?!(?:is|was|has|does)\b)[a-z]{3,}s\b",
                                              rest))


def abbreviation_definition(finding: Finding) -> str | None:
    """What "X (ABBR) is/means/refers to ..." says X is, when the sentence says more than
    what the letters stand for."""
    if not finding.other:
        return None
    pattern = re.compile(
        rf"{re.escape(finding.term)}\s*\(\s*{re.escape(finding.other)}\s*\),?\s+"
        r"(?:is|are|refers to|means|denotes|describes)\s+"
        r"(?P<rest>(?:a|an|the|one|any|each|every|when|where|how|what)\s.+?)\.?$",
        re.IGNORECASE)
    match = pattern.search(finding.quote)
    return match.group("rest") if match else None


_STATES_VERB_RE = re.compile(r"\b(says|states|holds|asserts|posits|claims|predicts|tells us|"
                             r"suggests|implies|guarantees)\b", re.IGNORECASE)
_QUOTED_STATEMENT_RE = re.compile(r"^[“\"](?P<said>[^”\"]{8,})[”\"]")


def _statement(finding: Finding, explanation: str, name: str) -> Prompt | None:
    """A named law, conjecture or principle and what it says: "What does the catastrophic
    convergence conjecture say?"; a quoted statement is the back without its quotes."""
    verb = _STATES_VERB_RE.search(finding.quote)
    if verb is None:
        return None
    said = verb.group(1).lower()
    ask_verb = "tell us" if said == "tells us" else base_form(said)
    quoted = _QUOTED_STATEMENT_RE.match(explanation)
    answer = quoted.group("said").strip(" ,.") if quoted else explanation
    return Prompt(f"What does {name} {ask_verb}?", answer[:1].upper() + answer[1:], "basic")


def _property(explanation: str, name: str, do: str) -> Prompt | None:
    """What the text says X does: the verb goes to the front, its object to the back."""
    prep = _PREP_VERB_RE.match(explanation)
    if prep:
        verb = prep.group("verb")
        base = base_form(verb) if do == "does" else verb
        return Prompt(f"What {do} {name} {base} {prep.group('prep')}?", prep.group("rest"),
                      "basic")
    allows = _ALLOWS_RE.match(explanation)
    if allows:  # "allow us to attribute to-and-from specific hidden layers"
        verb = allows.group("verb").lower()
        base = base_form(verb if verb.endswith("s") else verb + "s")
        to = "" if base == "let" else " to"
        rest = allows.group("rest")
        return Prompt(f"What {do} {name} {base} {allows.group('whom')}{to} do?",
                      rest[:1].upper() + rest[1:], "allows")
    modal = _MODAL_RE.match(explanation)
    if modal and modal.group("modal") in ("can", "may"):
        return Prompt(f"What can {name} do?", explanation, "basic")
    helps = _HELPS_RE.match(explanation)
    if helps:  # "helps us answer what the network detects"
        whom = f"{helps.group('whom')} " if helps.group("whom") else ""
        return Prompt(f"What {do} {name} help {whom}{helps.group('verb')}?", helps.group("rest"),
                      "basic")
    participle = _PARTICIPLE_RE.match(explanation)
    if participle:  # "the loss function measuring how bad the prediction is"
        third = _THIRD_OF_GERUND.get(participle.group("verb").lower())
        if third in TRANSITIVE:
            return Prompt(f"What {do} {name} {base_form(third)}?", participle.group("rest"),
                          "basic")
    verb_object = _VERB_OBJECT_RE.match(explanation)
    if verb_object:
        verb = verb_object.group("verb")
        third = verb if do == "does" else verb + "s"
        if third in TRANSITIVE:
            base = base_form(third)
            return Prompt(f"What {do} {name} {base}?", verb_object.group("rest"), "basic")
        if do == "does" and verb in DOING_VERBS:
            return Prompt(f"What does {name} do?", explanation, "basic")
    return None


#: What a comparative compares: "bigger Rashomon sets" -> their size.
_MEASURE_OF = {"larger": "size", "bigger": "size", "smaller": "size", "more": "number",
               "fewer": "number", "higher": "level", "lower": "level", "wider": "width",
               "narrower": "width", "deeper": "depth", "shallower": "depth", "longer": "length",
               "richer": "richness", "simpler": "simplicity", "more complex": "complexity",
               "more expressive": "expressiveness"}


#: A field the sentence sets itself in: "In programming, we deal with ...".
_SETTING_LEAD_RE = re.compile(r"^In ((?!this\b|that\b|other\b|previous\b|the\b)[a-z][\w -]{2,30}),"
                              r"\s")


#: What a thing makes possible: "allow us to attribute ...", "lets you sharpen ...".
_ALLOWS_RE = re.compile(r"^(?:also |now |then )?(?P<verb>allows?|lets?|enables?) "
                        r"(?P<whom>us|you|one|researchers|users|people|readers) (?:to )?"
                        r"(?!(?:do|be|see|say|think|get|go|make|it|this|that)\b)"
                        r"(?P<rest>[a-z][\w-]*\s.{5,})$", re.IGNORECASE)


#: A participle phrase after the name ("X measuring how bad ..."): what X does.
_PARTICIPLE_RE = re.compile(r"^(?P<verb>[a-z]{3,}ing)\s+(?P<rest>.{6,})$", re.IGNORECASE)
#: The -ing forms whose third person is a transitive verb of the front.
_THIRD_OF_GERUND = {
    "measuring": "measures", "describing": "describes", "computing": "computes",
    "capturing": "captures", "counting": "counts", "estimating": "estimates",
    "representing": "represents", "quantifying": "quantifies", "encoding": "encodes",
    "determining": "determines", "predicting": "predicts", "controlling": "controls",
    "specifying": "specifies",
}


#: Verbs after which "What does X do?" asks for what the text says: a plural noun
#: ("laws", "arguments") or an adverb ("perhaps") in that place asks nothing.
DOING_VERBS = frozenset([
    "helps", "dictates", "allows", "lets", "enables", "works", "acts", "serves", "keeps",
    "turns", "breaks", "moves", "runs", "tells", "shows", "reveals", "decides", "finds",
    "searches", "looks", "iterates", "converges", "solves", "evaluates", "applies", "builds",
    "constructs", "forces", "pushes", "pulls", "drives", "protects", "blocks", "filters",
    "transforms", "translates", "rewrites", "simulates", "samples", "ranks", "sorts",
    "takes", "maps", "returns", "converts", "computes", "encodes", "decodes", "outputs",
])


def _a_or_the(quote: str, aspect: str) -> str:
    """ "one" when the text says it is part of the story ("part of the challenge of X is
    ..."): the card must not claim it is the whole."""
    return "one" if re.search(rf"\b(?:part|some) of the {re.escape(aspect)}\b", quote,
                              re.IGNORECASE) else "the"


def slug_kind(aspect: str) -> str:
    """The card kind of an aspect card's id ("key insight" -> "key-insight")."""
    return aspect.replace(" ", "-")


def _bare(name: str) -> str:
    return re.sub(r"^(?:a|an|the) ", "", name)


#: A heading that only numbers a chapter or section: "VI", "12", "Chapter IV".
_NUMBER_HEADING_RE = re.compile(r"^\s*(?:(?:chapter|part|book|section)\s+)?(?:[IVXLC]+|\d+)"
                                r"\.?\s*$", re.IGNORECASE)
_SMALL_WORDS = frozenset({"of", "the", "a", "an", "and", "or", "in", "on", "to", "for"})


def _work_title(title: str) -> str | None:
    """A book's title as a front names it: "THE POETICS OF ARISTOTLE" -> "The Poetics of
    Aristotle"; None for a title too long to stand in a question."""
    words = title.strip(" .:").split()
    if not words or len(words) > 6:
        return None
    if title.isupper():
        words = [w.lower() if i and w.lower() in _SMALL_WORDS else w.capitalize()
                 for i, w in enumerate(words)]
    return " ".join(words)


def gives_away(front: str, back: str) -> bool:
    """True if every content word of the back is already on the front."""
    content = [w for w in re.findall(r"[a-z][a-z'-]+", back.lower()) if w not in _STOP]
    if not content:
        return True
    front_words = set(re.findall(r"[a-z][a-z'-]+", front.lower()))
    return all(w in front_words or w.rstrip("s") in front_words for w in content)


#: A one-word name this common asks "which sense?" on its own ("What is the scope?").
CONTEXT_ZIPF = 4.0
#: Headings that say where in a document, not what about.
_PLACE_HEADING_RE = re.compile(r"^(?:summary|introduction|overview|conclusions?|exercises?|"
                               r"discussion|notes?|background|preface|appendix|references|"
                               r"further reading|key (?:ideas|points|definitions)|contents|"
                               r"future (?:directions|work)|related work|open (?:questions|"
                               r"problems)|limitations|motivation|results|methods|experiments|"
                               r"setup|preliminaries|examples?|acknowledge?ments)$",
                               re.IGNORECASE)


def in_context(front: str, name: str, heading: str | None, title: str | None = None) -> str:
    """The front with its section as context when the concept's name is an everyday word
    ("In the context of local names, what is the scope?"), so the question has one
    answer; unchanged when the heading says nothing more than the name.  Under a heading
    that is only a number ("VI"), the work's title is the context of every front: "In The
    Poetics of Aristotle, what is the plot?" asks for that book's sense of the word."""
    from cards.extract.markup import title_term
    from cards.extract.wordfreqs import zipf

    stands = re.match(r"What (?:does|do) (?P<short>\S+) stand for\?$", front)
    bare = stands.group("short") if stands else _bare(name)
    if not front.startswith(("What ", "How ", "Why ", "When ", "Where ", "Which ")):
        return front
    if heading and _NUMBER_HEADING_RE.match(heading) and title:
        # a book in numbered chapters: each definition is its author's ("In The Poetics
        # of Aristotle, what is a vowel?" is not the phonetician's vowel)
        work = _work_title(title)
        if work is not None and bare.lower().rstrip("s") not in work.lower():
            return f"In {work}, {front[:1].lower()}{front[1:]}"
        return front
    acronym = bare.replace("-", "").isupper() and len(bare) <= 4
    if not (heading or title) or " " in bare or (zipf(bare.lower()) < CONTEXT_ZIPF
                                                   and not acronym):
        return front  # a short acronym ("AU") stands for many things: it gets context too
    topic = title_term(heading) if heading else None
    if (topic is None or _PLACE_HEADING_RE.match(topic) or bare.lower().rstrip("s") in
            topic.lower()) and title and title != heading:
        # "Future directions", or a heading that only names the term ("Empirical Risk and
        # Risk"): the document's subject instead
        topic = title_term(title)
    if topic is None or _PLACE_HEADING_RE.match(topic) or bare.lower().rstrip("s") in \
            topic.lower():
        return front
    words = topic.split()
    title_case = all(w[:1].isupper() for w in words if w.lower() not in _SMALL_WORDS)
    topic = " ".join(w if (w.isupper() or (title_case and any(
        p[1:] != p[1:].lower() for p in w.split("-"))) or (not title_case and w[1:] != w[
            1:].lower())) else w.lower() for w in words)  # "Making Things Human-Scale"
    return f"In the context of {topic}, {front[:1].lower()}{front[1:]}"
