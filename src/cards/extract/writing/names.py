"""How a concept is named on a card: its spelling, number and article.

Why from the text: "What is covariate shift?" but "What is a catalyst?" and "What is the
bias-variance trade-off?" — the text's own usage decides, so the front reads as the
writer would have asked it.
"""

from __future__ import annotations

import re

from cards.extract.findings import FoundConcept
from cards.extract.ranking import GENERIC
from cards.extract.wordfreqs import zipf

#: Head nouns of named ideas: "<name> principle/law/..." is "the <name> principle".
NAMED_IDEA_HEADS = frozenset([
    "principle", "law", "effect", "problem", "theorem", "hypothesis", "paradox", "fallacy",
    "conjecture", "dilemma", "lemma", "curse", "razor", "thesis", "trade-off", "tradeoff",
    "rule",
])
#: Heads that are plural although they end in -s ("dynamics are").
PLURAL_HEADS = frozenset(["dynamics", "statistics", "economics", "ethics", "politics"])
#: Words ending in -s that are singular ("analysis", "bias", "loss").
_SINGULAR_S = re.compile(r"(?:ss|us|is|ics|ous|as|ys)$")
_VOWEL_LETTERS = frozenset("AEFHILMNORSX")


def indefinite(phrase: str) -> str:
    """"a" or "an" by sound (a vowel letter, except a you/w sound; a silent h; an
    abbreviation by its first letter's name: "an LLM")."""
    word = re.sub(r"^[\"“‘'(]+", "", phrase).split(" ")[0].split("-")[0]
    if len(word) > 1 and word.isupper():
        return "an" if word[0] in _VOWEL_LETTERS else "a"
    low = word.lower()
    if re.match(r"(?:uni|use|usu|uti|ura|ure|uro|eu|ewe|one|once|ubiq)", low):
        return "a"
    if re.match(r"(?:hour|honest|honou?r|heir)", low):
        return "an"
    return "an" if low[:1] in ("a", "e", "i", "o", "u") else "a"


#: Heads in -s that are singular as often as plural ("a means of abstraction").
_EITHER_NUMBER = frozenset({"series", "species", "news", "physics", "mathematics"})


def is_plural(term: str) -> bool:
    """True if the name is grammatically plural ("Rashomon sets", "dynamics", "objects of
    imitation": the head before an "of" phrase decides)."""
    head = re.split(r"\s+(?:of|for|in)\s+", term, maxsplit=1)[0]
    head = re.sub(r"^(?:the|a|an)\s+", "", head, flags=re.IGNORECASE)
    if head != term and " " not in head.strip() and head.lower() not in _EITHER_NUMBER:
        term = head
    last = term.split(" ")[-1].lower()
    if last in PLURAL_HEADS:
        return True
    if term.isupper():
        return False
    if " " not in term and term[:1].isupper():
        return False  # a proper name: "Orestes"
    if re.fullmatch(r"[A-Z]{2,}s", last.upper()[:-1] + "s") and term.endswith("s") and \
            term[:-1].isupper():
        return True  # "LLMs"
    return len(last) > 3 and last.endswith("s") and not _SINGULAR_S.search(last)


def display_name(concept: FoundConcept) -> str:
    """The concept's name as the front uses it: the finder's term, lower-cased when the
    capital only came from a sentence start or a list label ("Local optima: ...")."""
    term = concept.term.strip()
    first, _, rest = term.partition(" ")
    if first[:1].isupper() and first[1:].islower() and (
            _seen_lower(first, concept) or (rest and rest[:1].islower()
                                            and zipf(first.lower()) >= 4.0)):
        term = first.lower() + (" " + rest if rest else "")
    if not rest and _COMMON_NOUN_RE.search(first) and first[:1].isupper() and \
            first[1:].islower() and (_only_at_starts(first, concept)
                                     or _only_labels(concept)):
        term = first.lower()  # "Titration measures ...": capital only where sentences start
    parts = re.split(r"([ -])", term)
    capitals = [p for p in parts if p[:1].isupper() and p[1:].islower()]
    if capitals and all(zipf(p.lower()) >= COMMON_ZIPF for p in capitals):
        term = "".join(p.lower() if p in capitals else p for p in parts)  # "Price Ceiling"
    return term


#: A capitalised word this common is a common noun set in title case ("Metaphor").
COMMON_ZIPF = 3.3


#: Names that are no concept: a generic head, a reference to the page, a verb at the end.
_NOT_A_NAME_RE = re.compile(
    r"^(?:the |a |an )?(?:example|examples|thing|things|case|way|point|idea|part|kind|type|"
    r"result|results|reason|question|answer|problem|issue|fact|one|other|same|above|below|"
    r"following|one)(?:$|\s+(?:of|in|for|where|when|that|which)\b)"
    r"|^(?:the |a |an )?(?:lot|number|couple|set|kind|type|sort|classic example|part|"
    r"piece|bit|version|form) of\b|^(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)\b"
    r"|\bin (?:every|each|any) "
    r"| and the |\s(?:point|thing|things|way|issue|case|aspect|bit|"
    r"stuff|matter|fact)$"
    r"|^(?:subtitle|title|author|authors|date|tags|summary|abstract|keywords|permalink|"
    r"translator|editor|credits|notes?|source|update|edit|contents|direct|indirect|answer|"
    r"description|overview|introduction|conclusion|background|motivation|discussion)$"
    r"|^(?:current|modern|recent|new|old|today's|future|present|early|late)\s(?!or\s)"
    r"|\b(?:post|comment|paper|article|thread|essay|chapter|section|figure|table)s?\b"
    r"|\s(?:include|includes|is|are|was|were|has|have|do|does|can|will|means?)$",
    re.IGNORECASE)


def is_name(term: str) -> bool:
    """True if ``term`` can stand on a card as the name of a concept."""
    from cards.extract.writing.fronts import TRANSITIVE

    first = term.strip().split(" ")[0].lower()
    if " " in term.strip() and (first in TRANSITIVE or first in ("determines", "changes")):
        return False  # "determines tax incidence": a verb phrase
    words = term.strip().split()
    if len(words) >= 3 and re.fullmatch(r"[a-z]{3,}ing", words[0].lower()) and \
            words[1].lower() not in ("rate", "set", "data", "curve", "problem"):
        return False  # "enforcing off-switch corrigibility and ...": an activity, said long
    if len(words) > 1 and words[0].lower() in ("word", "term", "phrase", "name", "symbol",
                                               "letter"):
        return False  # "the word predicate": a mention of a word, not the idea
    if words[0].lower() in ("real", "true") and (len(words) > 2 or (
            words[1:] and (words[1].lower() in _GENERIC_HEADS or words[1].lower() in GENERIC))):
        return False  # "the real problem", "the true mode of interpretation" (but "real
        # wage", "true positive" name ideas)
    if len(words) >= 3 and words[1].lower() == "of" and words[0].lower() in _GENERIC_HEADS:
        return False  # "values of numerals", "goal of methods": a label, not an idea
    if re.fullmatch(r"[A-Z][a-z]+ of [A-Z][a-z]+", term.strip()):
        return False  # "Oedipus of Sophocles", "Tereus of Sophocles": a work, not an idea
    if words and re.fullmatch(r"[a-z][a-z-]*['’]s", words[0]) and len(words) > 1:
        return False  # "network's substrate": a possession of something the text names
    if not words or adverb(words[0]) or adverb(words[-1]) or _NOT_A_HEAD_RE.search(term):
        return False
    return not _NOT_A_NAME_RE.search(term.strip())


#: Heads that say "some aspect of" rather than name an idea ("the goal of methods").
_GENERIC_HEADS = frozenset({
    "value", "values", "goal", "goals", "aim", "aims", "purpose", "use", "uses", "role",
    "roles", "kind", "kinds", "type", "types", "name", "names", "number", "numbers", "list",
    "lists", "set", "sets", "part", "parts", "size", "result", "results", "effect", "effects",
    "benefit", "benefits", "advantage", "advantages", "problem", "problems", "example",
    "examples", "meaning", "definition", "idea", "point"})


def adverb(word: str) -> bool:
    """True for an adverb in -ly ("slightly", "concretely", "knowably"), not a noun that
    ends so ("supply", "assembly", "anomaly")."""
    low = word.lower()
    if not low.endswith("ly") or len(low) < 5:
        return False
    if low.endswith(("ally", "ily")):
        return True
    stem = low[:-2]
    return zipf(stem) >= 3.0 or (low.endswith("bly") and zipf(low[:-1] + "e") >= 2.5)


#: Phrases that are no noun: an infinitive inside ("point to notice").
_NOT_A_HEAD_RE = re.compile(
    r"^(?:right|wrong|true|false|good|bad|better|worse|best|worst|important|useful|possible|"
    r"necessary|same|different|interesting|clear|obvious|likely|unlikely)$"
    r"|(?<!respect)\sto\s[a-z]+$|\s(?:well|too|also|only|much|more|less|again)$"
    r"|^(?:thereby|therefore|thus|hence|main|key|better|best|worse|worst|certain|various|"
    r"several|many|few|such|own|whole|entire|big|small|great|good|bad|particular|"
    r"specific|given|certain|some|any|other|new|old)\s"
    r"|\s(?:kind|sort|form|claim|goal|goals|one|ones|part|parts)$", re.IGNORECASE)
#: A lone adjective or -ing form: a name only where the text defines it as one.
_MODIFIER_RE = re.compile(r"^[A-Za-z]+(?:ic|al|ous|ive|ful|less|able|ible|ary|ed|ing)$")
#: A one-word name this common in English ("right", "body") needs the text to define it.
EVERYDAY_ZIPF = 4.8
#: A name this long is a phrase the text quoted, not a term, unless the text marks it.
MAX_NAME_WORDS = 4


def needs_definition(term: str) -> bool:
    """True if the name is an everyday word or a long phrase: only a place that defines
    it (a definition shape, an entry, the term's mark) may give it a card."""
    words = term.strip().split()
    if len(words) > MAX_NAME_WORDS:
        return True
    if len(words) == 1 and _MODIFIER_RE.match(term.strip()):
        return True
    return len(words) == 1 and not term.isupper() and zipf(term.lower()) >= EVERYDAY_ZIPF


_PRONOUNS = frozenset(["it", "this", "that", "which", "they", "these", "those", "what", "one",
                       "there", "who", "he", "she", "we", "i", "you", "also", "not", "then"])


def modified_noun(adjective: str, concept: FoundConcept) -> str | None:
    """"continuous variable" where the text says "the rate variable is said to be
    continuous" or "I call a plot 'epeisodic'": a lone adjective names the noun it
    classifies, and that noun phrase is the concept."""
    adj = re.escape(adjective.lower())
    patterns = (
        # "is said to be a *numerical* variable", "the *response* variable": the mark
        # covers the modifier only, and a head noun of technical writing follows it
        rf"\b(?:an?|the)\s+[\"“‘'*_]?{adj}[\"”’'*_]?\s+(?P<head>[a-z]{{3,}})\b",
        rf"\b(?P<noun>[a-z]{{3,}})\s+(?:is|are)\s+(?:said to be|called|termed|known as)\s+"
        rf"(?:an?\s+)?[\"“‘']?{adj}\b",
        rf"\bcall(?:s|ed)?\s+(?:an?|the|such)\s+(?P<noun>[a-z]{{3,}})\s+[\"“‘']?{adj}\b",
    )
    for finding in concept.findings[:6]:
        low = finding.quote.lower()
        if adjective.lower() not in low:
            continue
        for pattern in patterns:
            match = re.search(pattern, low)
            if match is None:
                continue
            groups = match.groupdict()
            if groups.get("head") is not None:
                if groups["head"] in TECHNICAL_HEADS:
                    return f"{adjective} {groups['head']}"
                continue
            noun = groups["noun"]
            if noun not in _PRONOUNS and zipf(noun) >= 3:
                return f"{adjective} {noun}"
    return None


#: Head nouns that a marked modifier often classifies in technical writing ("a *discrete*
#: variable", "a *double-blind* setup"): the phrase, not the modifier, is the concept.
TECHNICAL_HEADS = frozenset([
    "variable", "variables", "sample", "samples", "study", "studies", "setup", "design",
    "group", "groups", "method", "methods", "model", "models", "function", "functions",
    "distribution", "distributions", "effect", "effects", "bias", "error", "errors", "test",
    "tests", "statistic", "data", "set", "sets", "process", "procedure", "procedures",
    "expression", "expressions", "plot", "plots", "matrix", "rule", "rules", "loop", "problem",
    "problems", "evaluation", "order", "notation", "form", "forms", "operator", "operators",
    "space", "spaces", "curve", "curves", "shock", "shocks", "market", "markets",
])


#: Endings of common nouns (no proper name ends so): "titration", "microeconomics".
_COMMON_NOUN_RE = re.compile(r"(?:tion|sion|ics|ism|ity|ness|ment|ance|ence|ogy|phy|sis|ing|"
                             r"ure|age|ship|hood|ery|acy)$")


def _only_at_starts(word: str, concept: FoundConcept) -> bool:
    """True if every capitalised mention of the word in the concept's places opens a
    sentence (or a block), so the capital says nothing about the name."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")
    seen = False
    for finding in concept.findings:
        text = finding.block.text
        for match in pattern.finditer(text):
            before = text[:match.start()].rstrip(" \"“‘'*_(")
            if before and not before.endswith((".", "!", "?", ":", ";")):
                return False
            seen = True
    return seen


def _only_labels(concept: FoundConcept) -> bool:
    """True if the term only stands as a list or glossary label ("\\item[Randomization.]"),
    which is capitalised whatever the word."""
    return all(f.shape.startswith(("entry-", "label-")) for f in concept.findings)


def _seen_lower(word: str, concept: FoundConcept) -> bool:
    """True if the text writes this word in lower case somewhere in the concept's places."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])")
    return any(pattern.search(f.block.text) for f in concept.findings)


def with_article(name: str, concept: FoundConcept) -> str:
    """The name with the article the text gives it ("a catalyst", "the mask", "entropy")."""
    if name.lower().startswith(("the ", "a ", "an ")) or is_plural(name):
        return name
    if re.search(r"['’]s\b", name) or (name.replace("-", "").isupper()):
        return name  # "Newcomb's problem", "Le Chatelier's rule", "BATNA"
    words = name.split(" ")
    if len(words) > 1 and (words[-1].lower() in NAMED_IDEA_HEADS or _OF_IDEA_RE.match(name)):
        return f"the {name}"
    defined = _defining_article(name, concept)
    if defined is not None:
        return f"{defined} {name}"
    votes = _votes(name, concept)
    if not votes:
        return f"{indefinite(name)} {name}" if _count_noun(name) else name
    best = max(set(votes), key=lambda v: (votes.count(v), -votes.index(v)))
    if best == "the" and votes.count("a") == votes.count("the") and _count_noun(name):
        best = "a"  # as often "a" as "the": a kind of thing, asked for in general
    if best == "a":
        return f"{indefinite(name)} {name}"
    return f"the {name}" if best == "the" else name


#: "law of supply", "principle of least action": one named idea, so "the".
_OF_IDEA_RE = re.compile(r"^(?:law|principle|theory|paradox|problem|rule|method|axiom|theorem|"
                         r"basin|curse|tragedy|hypothesis|conjecture|fallacy|unity|dilemma)"
                         r"s? of\s", re.IGNORECASE)
#: Heads of mass nouns and processes: no article when the text gives none.
_MASS_RE = re.compile(r"(?:ing|ness|ity|ion|ism|ance|ence|ics|ure|ship|dom|th|ment|cy|"
                      r"ogy|ery|age|ia|ae|data|ware|shift)$")


def _count_noun(name: str) -> bool:
    """A lower-case name whose head noun is countable ("secret scratchpad")."""
    head = re.split(r"\s+of\s+", name, maxsplit=1)[0].split(" ")[-1]  # "means of ..."
    return (name[:1].islower() and head.isalpha() and len(head) > 2
            and not _MASS_RE.search(head.lower()) and " " in name)


def _defining_article(name: str, concept: FoundConcept) -> str | None:
    """The article the text gives the name where it defines it ("By the 'unusual' I
    mean ..."): that place says how the name is used, whatever the passing mentions do."""
    best = concept.findings[0] if concept.findings else None
    if best is None or best.relation != "definition":
        return None
    opening = re.match(rf"(an?)\s+{re.escape(name)}\s+(?:is|was)\s+(?:that|one)\s+(?:which|who)\b",
                       best.quote, re.IGNORECASE)
    if opening is not None and best.shape.startswith("x-is-a"):
        return indefinite(name)  # "A whole is that which has ...": a kind of thing
    if not best.shape.startswith(("by-x", "i-call", "explanation-(the-x)")):
        return None
    match = re.search(rf"\b(the|an?)\s+[\"“‘'*_]?{re.escape(name)}[\"”’'*_]?(?![\w-])",
                      best.quote, re.IGNORECASE)
    if match is None:
        return None
    article = match.group(1).lower()
    return "the" if article == "the" else indefinite(name)


def _votes(name: str, concept: FoundConcept) -> list[str]:
    """How the text introduces the name at each mention: "the", "a" or "" (bare).

    Plain string search, not a pattern per name: the writer asks this of every candidate
    that reaches a question, and compiling a pattern for each was a fifth of the draft."""
    words = re.split(r"[- ]", name.lower())
    forms = {" ".join(words), "-".join(words), name.lower()}
    votes: list[str] = []
    seen: set[int] = set()
    for finding in concept.findings:
        if id(finding.block) in seen:
            continue
        seen.add(id(finding.block))
        text = finding.block.text
        low = text.lower()
        found = sorted({(at, len(form)) for form in forms for at in _find_all(low, form)})
        for at, size in found:
            if at < 8 and not low[:at].strip(" *_") and low[at + size:at + size + 1] == ".":
                continue  # a label ("Treatment group. Patients in ..."), bare as labels are
            vote = _vote_at(text, low, at, at + size)
            if vote is not None:
                votes.append(vote)
    return votes


def _find_all(text: str, part: str) -> list[int]:
    out, at = [], text.find(part)
    while at >= 0:
        out.append(at)
        at = text.find(part, at + 1)
    return out


_QUOTE_MARKS = "\"“”‘’'*_"
_WORD_CHAR = re.compile(r"[\w-]")
_MODIFIER_AFTER = re.compile(r" [a-z]+ (?:is|are)\b", re.IGNORECASE)


def _vote_at(text: str, low: str, start: int, end: int) -> str | None:
    """The vote of one mention at ``text[start:end]``, or None if it is no mention of the
    name on its own (part of a longer word, a possessive, a modifier of a noun)."""
    after = end + 1 if end < len(text) and text[end] in _QUOTE_MARKS else end
    if after < len(text) and _WORD_CHAR.match(text[after]):
        return None
    if low.startswith(("'s", "’s"), after) and (after + 2 >= len(text)
                                                 or not text[after + 2].isalnum()):
        return None
    if after == end and _MODIFIER_AFTER.match(text, end):
        return None  # "the Shoggoth model is ...": a modifier (a quoted name stands alone)
    lead = start - 1 if start > 0 and text[start - 1] in _QUOTE_MARKS else start
    if lead > 0 and _WORD_CHAR.match(text[lead - 1]):
        return None
    article = re.search(r"\b(the|an?)\s+$", low[max(0, lead - 8):lead])
    if article:
        return "the" if article.group(1) == "the" else "a"
    before = text[max(0, start - 60):start].rstrip(" \"“*_")
    last = re.search(r"(\w+)$", before)
    return "" if last is None or last.group(1).lower() in _BARE_BEFORE else None


_BARE_BEFORE = frozenset([
    "is", "are", "was", "were", "be", "been", "of", "in", "on", "for", "with", "about", "by",
    "from", "to", "as", "and", "or", "like", "into", "than", "without", "call", "called",
    "calls", "use", "uses", "using", "used", "mean", "means", "meant", "that", "whether",
    "through", "via", "under", "over", "against", "between", "during", "after", "before",
    "because", "if", "when", "while", "term", "termed", "named", "known",
])
