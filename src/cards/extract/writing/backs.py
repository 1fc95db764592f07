"""Backs: one idea, short, cut where a clause ends, standing on its own.

Why these rules (Wozniak's "minimum information", Matuschak's "focused"): a back of one
idea is recalled or not, and the review grades it honestly; a back that trails into a
second clause, or that leans on "this" from the sentence before, cannot be judged.
"""

from __future__ import annotations

import re

from cards.extract.writing import artefacts
from cards.extract.writing.hedges import personal

#: About this many words at most (issue 10: "about 20 words").
MAX_WORDS = 20
#: A back that cannot be cut at a clause may run this long before it is refused.
HARD_MAX_WORDS = 24
#: A cut leaves at least this many words: less is not yet the idea.
MIN_CUT_WORDS = 4

#: Where a clause ends: strong stops first, then a comma before a word that opens a new
#: clause or an aside.  A bare comma is never a cut: "A, B and C" is one phrase.
_STRONG_CUT_RE = re.compile(r"; | — | – | -- | - |: |(?<=[\w,.])--(?=\w)")
_COMMA_CUT_RE = re.compile(
    r",\s+(?=(?:which|who|whom|whose|where|when|while|whereas|so|but|yet|because|although|"
    r"though|since|unless|as|thus|thereby|hence|e\.g\.|i\.e\.|for example|for instance|not|"
    r"such as|including|like|especially|particularly|in particular|and (?:so|thus|hence|"
    r"then|therefore)|and (?:the|this|that|it|they|these|those|a|an|its|their) \w+ "
    r"(?:is|are|was|were|has|have|can|will|does|do|may|might|must)\b|\w+ing\b))")
_WORD_CUT_RE = re.compile(r" (?=(?:because|although|though|whereas|unless|so that|"
                          r"and there (?:is|are|was|were))\b)")
#: A parenthetical aside that a short back can do without.
_PAREN_RE = re.compile(r"\s*\([^()]{1,80}\)")
#: Openers that lean on a sentence the card does not show.
_DANGLING_START_RE = re.compile(
    r"^(?!that which\b)(?:this|that|these|those|it|its|they|them|their|he|she|his|her|such|"
    r"which|here|where|whereas|wherein|whereby|another|far as|"
    r"there(?! (?:is|are)\b)|however|instead|then|also|thus|hence|so|and|but|or|similarly|likewise|"
    r"otherwise|conversely|moreover|furthermore)\b", re.IGNORECASE)
#: A demonstrative standing for something unsaid ("this means", "of this", "do that.").
_DEMONSTRATIVE_RE = re.compile(
    r"\b(?:this|these|those)(?=\s*(?:[.,;:!?)]|$|\s(?:is|are|was|were|means|makes|"
    r"gives|lets|does|do|can|will|would|should|may|might|has|have|happens|works)\b))"
    r"|\b(?:of|do|does|like|than|with|about) that(?=\s*(?:[.,;:!?)]|$))",
    re.IGNORECASE)
#: Comparisons and references with nothing to compare or refer to.
_DANGLING_PHRASE_RE = re.compile(
    r"\b(?:we|they|it|you|one|i)\s+(?:can|could|do|does|did|will|would|should|must|"
    r"cannot|can't|won't|don't)(?:\s+not)?\s*[,;]"  # "In fact, we can, and ...": ellipsis
    r"|\b(?:much|even|far|a lot|way) (?:more|less|better|worse|[a-z]{3,}er)\b(?!.*\bthan\b)"
    r"|\b(?:needs?|requires?|uses?|gives?|takes?|makes?|yields?) (?:a |an )?(?:more|less|"
    r"fewer)\b(?!.*\bthan\b)"
    r"|\bthe (?:\w+ )?(?:former|latter|above|following|converse|opposite|reverse)\b"
    r"|\bthe (?:first|second|third|fourth|fifth|last|next|previous|other) (?:thing|one|"
    r"step|point|kind|type|part|case)\b|\bhere\b"
    r"|\b(?:this|these|those)\b|\b(?:in |by )?doing so\b|\bto do so\b"
    r"|\bsuch\b(?! as\b| that\b)|\bthe same(?=\s*[.,;:]|$)|\bhere(?=\s*[.,;:]|$)"
    r"|\bas (?:above|below|before|mentioned)\b"
    r"|\b(?:above|below|earlier|before)(?=\s*[.,;:]|$)|\baforementioned\b|\bsee\b"
    r"|\b(?:the|these|those)(?: [\w-]+){1,3} (?:above|below)\b"
    r"|\bjust (?:described|seen|shown|mentioned|defined)\b"
    r"|\bwe have (?:just )?(?:seen|described|shown|defined)\b|^one\b(?! of\b)"
    r"|\b(?:figure|fig\.|table|equation|eq\.|section|chapter|exercise)\s*\(?\d"
    r"|\bthe (?:two|three|four|five) (?!(?:of|or|and)\b)[a-z]+s\b"
    r"|\bas (?:shown|seen|discussed|described|mentioned|noted)\b|^same\b"
    r"|\bthe (?:red|blue|green|orange|black|gr[ae]y|dashed|dotted|solid|left|right|top|"
    r"bottom) (?:points?|lines?|curves?|dots?|boxes?|areas?|regions?|panels?|bars?)\b"
    r"|\b(?:the|this|that) (?:case|one|idea|approach|method|example|problem)\s*[.]?$"
    r"|^(?:an?|the) (?:similar|further|related|parallel|analogous|like) (?:instance|example|"
    r"case|illustration)\b",
    re.IGNORECASE)
#: A verdict is not an explanation ("is important", "a good idea").
_VERDICT_RE = re.compile(
    r"^(?:(?:very|really|quite|so|also|not|more|less|most|pretty|super|extremely)\s+)*"
    r"(?:important|useful|interesting|crucial|key|great|good|bad|hard|easy|tricky|"
    r"confusing|subtle|nice|helpful|powerful|essential|wrong|right|true|false|fine|cool|"
    r"simple|obvious|a (?:good|bad|great|big|key|useful) (?:idea|thing|deal|point|one))"
    r"\b[^,;]{0,25}$", re.IGNORECASE)
#: What a definition's back cannot open with: a reason, a condition, a bare verb, a
#: connective ("What is X?" -> "Because ...", "Have expected change zero").
_NOT_A_DEFINITION_RE = re.compile(
    r"^(?:because|since|as|so|and|but|or|if|unless|then|same|also|not|very|have|has|had|"
    r"be|do|does|did|make|makes|get|gets|go|see|note|yes|no|depending|according|given|"
    r"assuming|of course|bad|good|stupid|great|powerful|useful|important|especially|"
    r"can|could|cannot|will|would|may|might|must|should|used|called|known|seen|shown|done|"
    r"interesting|the fact that|what's|"
    # a free relative can say what a thing is ("what you get after fine-tuning")
    r"what(?!\s+(?:you|one|people|we|they)\s+(?:get|obtain|see|have|call|end up with|"
    r"are left with)\b)|"
    # an instruction is not what a thing is ("Avoid spikiness by ...", "Find a ...")
    r"avoid|find|use|take|try|keep|give|let|consider|add|remove|set|put|choose|pick|compute|"
    r"apply|ensure|build|train|learn|stop|start|run|look|respond|imagine|suppose|assume|"
    r"write|ask|think|"
    r"particularly|even|only|just|still|remote|one of|"
    r"(?!family|assembly|supply|anomaly|monopoly|italy)[a-z]+ly)\b", re.IGNORECASE)
#: A back that stops mid-phrase (a wrapped line cut it): "All that extends from."
_OPEN_END_RE = re.compile(
    r"(?<!ed )(?<!made )(?<!begin )(?<!start )\b(?:of|to|from|with|in|on|at|for|about)\W*$|"
    r"\b(?:a|an|the|by|into|than|and|or|nor|but|as|that|"
    r"which|who|whose|its|their|his|her|being|is|are|was|were|be|not|no|very|most|"
    r"so|if|when|where|while|because|between|neither|some|any|each|every)\W*$|"
    r"(?<!n't )(?<!not )(?<!\bus )(?<!\bit )(?<!\bthem )\beither\W*$",
    re.IGNORECASE)
#: A back that is a sentence with its own subject ("The model encodes ..."), not a
#: phrase defining the term; only a subject that is the term itself may do that.
_CLAUSE_RE = re.compile(
    r"^(?P<subject>(?:the|a|an|most|many|some|each|every|all|its|their|our|these|those)"
    r"(?:\s+(?!(?:that|which|who|whose|where|when|what|how|whatever)\b)[\w'’/-]+){0,5}?)"
    r"\s+(?:is|are|was|were|has|have|had|can|could|will|would|"
    r"may|might|must|should|does|do|did|also|then|only|never|always|often|usually|"
    r"encodes|depends|becomes|grows)\b", re.IGNORECASE)
#: A gloss that is a bare verb phrase ("should be the martingale (i.e. have expected
#: change zero)"): it says what the term does, and "something that has ..." is too vague
#: a definition (blind review r11), so such a gloss gives no "What is X?" card.
BARE_VERBS = {"have": "has", "be": "is", "do": "does", "make": "makes", "get": "gets",
               "give": "gives", "take": "takes", "keep": "keeps", "stay": "stays"}
_IDIOM_RE = re.compile(r"^(?:a |an |the )?(?:work in progress|thing|mess|problem|issue|"
                       r"concern|question|open question|matter of taste|big deal)$"
                       r"|^(?:a|an|the) (?:\w+ ){0,2}(?:assumption|choice|idea|approach|thing|"
                       r"option|way|move|step|bet)(?: to (?:make|take|use|try))?$",
                       re.IGNORECASE)
_CONNECTIVE_RE = re.compile(r"^(?:(?:that|which)(?!(?:\s+[\w-]+){0,3}\s+which\b)|simply|"
                            r"just|basically|"
                            r"essentially|actually|really|roughly|for instance|for example|"
                            r"e\.g\.|i\.e\.|namely|technically|strictly speaking|in fact|"
                            r"of course|indeed),?\s+",
                            re.IGNORECASE)
#: "than" with no comparison before it: the comparison was cut off.
_LONE_THAN_RE = re.compile(r"^(?!.*\b(?:more|less|fewer|rather|other|[a-z]{2,}er)\b.*\bthan\b)"
                           r".*\bthan\b", re.IGNORECASE)


#: A trailing aside that points elsewhere in the text: ", as I'll talk about later".
_ASIDE_TAIL_RE = re.compile(
    r",?\s+as (?:I|we|you)(?:'ll|’ll| will| shall| can| have| did)? [^,.;]*$"
    r"|,?\s+as (?:discussed|shown|seen|explained|mentioned|noted|described) [^,.;]*$",
    re.IGNORECASE)
#: Words that carry meaning: a back without two of them is a name, a number or code.
_CONTENT_WORD_RE = re.compile(r"\b[a-z][a-z'’-]{2,}\b")


def strip_aside(text: str) -> str:
    """Drop a trailing aside that points elsewhere in the text."""
    return _ASIDE_TAIL_RE.sub("", text.rstrip(". ")).strip()


def words(text: str) -> int:
    """Word count as a reader counts words."""
    return len(text.split())


#: A comparison set off by commas, which the sentence reads the same without
#: ("doctors are, just like the patients, unaware of ...").
_COMMA_ASIDE_RE = re.compile(r",\s+(?:just\s+|much\s+)?(?:like|as with|unlike)\s[^,]{3,40},(?=\s)")


def cut(text: str, limit: int = MAX_WORDS) -> str | None:
    """``text`` cut at the last clause boundary that keeps it within ``limit`` words, or
    None if no clause boundary does (a cut mid-phrase would change what it says)."""
    text = text.strip().rstrip(".").strip()
    if words(text) <= limit:
        return text
    shorter = _COMMA_ASIDE_RE.sub("", _PAREN_RE.sub("", text))
    if words(shorter) <= limit and artefacts.problems(shorter) == artefacts.problems(text):
        return shorter
    text = shorter
    for regex in (_STRONG_CUT_RE, _COMMA_CUT_RE, _WORD_CUT_RE):
        cuts = [m.start() for m in regex.finditer(text)
                if MIN_CUT_WORDS <= words(text[:m.start()]) <= limit]
        if cuts:
            return text[:cuts[-1]].rstrip(" ,;:")
    return text if words(text) <= HARD_MAX_WORDS else None


def one_idea(text: str) -> str:
    """Drop a second independent clause or an example after the first full idea."""
    contrast = re.search(r",\s+(?:while|whereas)\s", text)
    if contrast:  # "Photos, while the test set ...": the contrast is another idea
        return text[:contrast.start()]
    for regex in (_STRONG_CUT_RE, _COMMA_CUT_RE):
        match = regex.search(text)
        if match and words(text[:match.start()]) >= MIN_CUT_WORDS and not _OPEN_END_RE.search(
                text[:match.start()].rstrip(" ,;:")):  # "... are, like the patients, unaware"
            after = text[match.end():]
            if regex is _STRONG_CUT_RE or re.match(
                    r"(?:e\.g\.|i\.e\.|for example|for instance|such as|including|like|"
                    r"especially|while|whereas|and (?:the|this|that|it|they|these|those|a|an|"
                    r"its|their) )",
                    after):
                return text[:match.start()].rstrip(" ,;:")
    return text


def general(text: str) -> str:
    """ "Another common downfall is ..." as "A common downfall is ...": the sentence counts
    on from a list the card does not show; as one of its kind it says the same."""
    match = re.match(r"Another\s+(?P<next>\w)", text)
    if match is None:
        return text
    article = "An" if match.group("next").lower() in "aeiou" else "A"
    return article + text[len("Another"):]


def dangling(text: str) -> bool:
    """True if the text leans on something it does not say."""
    return bool(_DANGLING_START_RE.match(text) or _DEMONSTRATIVE_RE.search(text)
                or _DANGLING_PHRASE_RE.search(text))


#: Where a later clause may be dropped to lose a reference the card cannot show: the
#: clause cuts, and a comma before "and"/"or" opening a clause of its own.
_LATER_CLAUSE_RE = re.compile(
    r"; | — | – | -- |: |,\s+(?=(?:which|while|whereas|because|since|so that)\s)"
    r"|,\s+(?=(?:and|or|but|so)\s+(?:it|they|this|that|these|those|the|we|you|there|he|she|"
    r"its|their|his|her|one)\s)"
    r"|,\s+(?=and\s+[\"“]?[a-z]{2,}s(?:-[a-z]+)?[\"”]?\s)")  # ", and reads off ...": a second verb


def cut_before_dangling(text: str) -> str:
    """The text up to the clause before its first dangling reference, when the idea is
    whole without it ("it can take many numerical values, and it is sensible to add
    those values" -> "it can take many numerical values"); else the text unchanged."""
    if not dangling(text) or _DANGLING_START_RE.match(text):
        return text
    found = [m.start() for m in (_DEMONSTRATIVE_RE.search(text),
                                 _DANGLING_PHRASE_RE.search(text)) if m is not None]
    first = min(found)
    cuts = [m.start() for m in _LATER_CLAUSE_RE.finditer(text)
            if m.start() < first and words(text[:m.start()]) >= MIN_CUT_WORDS + 1]
    if not cuts:
        return text
    shorter = text[:cuts[-1]].rstrip(" ,;:")
    return text if dangling(shorter) or _OPEN_END_RE.search(shorter) else shorter


def circular(text: str, names: list[str]) -> bool:
    """True if every content word of the back only restates the name's own words ("What is
    procedural abstraction? An abstraction of a procedure."): it teaches nothing."""
    content = [w for w in re.findall(r"[a-z][a-z-]{3,}", text.lower())
               if w not in ("that", "this", "with", "from", "which", "into", "thing")]
    own = {w[:5] for name in names for w in re.findall(r"[a-z][a-z-]{3,}", name.lower())}
    return bool(content) and all(w[:5] in own for w in content)


def mentions(text: str, names: list[str]) -> bool:
    """True if the text names one of ``names`` (the answer would be on the front)."""
    low = text.lower()
    for name in names:
        stem = name.lower().rstrip("s")
        if len(stem) >= 3 and re.search(rf"(?<![\w-]){re.escape(stem)}(?:s|es)?(?![\w-])", low):
            return True
    return False


def defines(text: str, names: list[str]) -> bool:
    """True if ``text`` can answer "What is X?": a phrase (not a reason, a condition, a
    bare verb, or a sentence about something else)."""
    if _NOT_A_DEFINITION_RE.match(text) or _IDIOM_RE.match(text.rstrip(".")):
        return False
    if _VERB_FIRST_RE.match(text):
        return False  # "Overfits in the same way ...": what it does, not what it is
    if _PASSIVE_FIRST_RE.match(text):
        return False  # "Required wherever a statement is proved": when it is needed
    if _BARE_GENUS_RE.match(text.rstrip(".")):
        return False  # "A mathematical trick": a kind with nothing to tell it apart
    rank = _RANK_ONLY_RE.match(text.rstrip("."))
    if rank and names and rank.group("head").rstrip("s") in names[0].lower():
        return False  # "The most basic random sample": a ranking of its kind, no more
    clause = _CLAUSE_RE.match(text)
    if clause and clause.group("subject").split()[-1].lower() in _PRONOUNS:
        return True  # "the amount of compute it would take": a relative clause, no subject
    return clause is None


_PRONOUNS = frozenset({"it", "they", "we", "you", "he", "she", "one", "i"})
#: A superlative and the term's own head: "the most basic random sample".
_RANK_ONLY_RE = re.compile(r"^(?:the|a|an)\s+(?:most|least|simplest|best|commonest)\s+"
                           r"(?:[\w-]+\s+){0,2}(?P<head>[\w-]+)$", re.IGNORECASE)
#: A genus alone, at most one modifier before it: "a mathematical trick", "a technique".
_BARE_GENUS_RE = re.compile(r"^(?:an?|the|some)\s+(?:[\w-]+\s+){0,2}(?:trick|technique|method|"
                            r"approach|idea|concept|notion|way|tool|thing|term|process|device|"
                            r"strategy|procedure)s?$", re.IGNORECASE)
#: "One that ...", "ones which ...": the kind of thing, said without its noun.
_ONE_THAT_RE = re.compile(r"^(?:(?P<one>one|ones|those)\s+(?=(?:that|which|who|whose|where|"
                          r"in which|for which|by which|with|whose)\b)|(?=(?:in|of|by|through|for|"
                          r"from|under) which\b))", re.IGNORECASE)


def kind_for_one(text: str, names: list[str]) -> str:
    """ "One that you never look at" for a secret scratchpad -> "A scratchpad that you
    never look at": the head noun of the term stands in for "one"."""
    match = _ONE_THAT_RE.match(text)
    if match is None or not names:
        return text
    head = names[0].split()[-1].lower()
    rest = text[match.end():]
    rest = rest[:1].lower() + rest[1:]
    if (match.group("one") or "").lower() in ("ones", "those") or (head.endswith("s")
                                                        and not head.endswith("ss")):
        return f"{head} {rest}"
    article = "an" if head[:1] in "aeiou" else "a"
    return f"{article} {head} {rest}"


#: A back opening with a third-person verb and its object or preposition.
#: A passive participle then a condition or an agent: what happens to it, not what it is.
_PASSIVE_FIRST_RE = re.compile(r"^(?:[a-z]+ed|required|needed|found|given|made|seen)\s+"
                               r"(?:wherever|whenever|when|where|if|unless)\b",
                               re.IGNORECASE)
_VERB_FIRST_RE = re.compile(r"^[a-z]+[^s\W]s\s+(?:the|a|an|in|on|to|by|with|its|their|all|"
                            r"any|more|less|itself)\b", re.IGNORECASE)


#: A cross-reference whose target (a link, an equation number) the reader skipped.
_EMPTY_REFERENCE_RE = re.compile(r"\s*\((?:see|cf\.?|e\.g\.)?\s*(?:also\s*)?\)")
#: "such" before a capitalised name points back to where the text named it; the name
#: alone says the same.
_SUCH_NAMED_RE = re.compile(r"\bsuch (?=[A-Z][a-z])")
#: "answers such questions by explaining ...": the questions the text asked before; with
#: the method that follows, "answers questions by ..." says what the thing does.
_SUCH_QUESTIONS_RE = re.compile(r"\b(answers|handles|addresses|tackles) such (?=[a-z]+s by\b)")


#: A definition that opens with the symbol of the thing defined ("f is above all its
#: tangents" under "A convex function:"): the symbol stands for "one".
_SYMBOL_SUBJECT_RE = re.compile(r"^[B-HJ-Zb-hj-z]\s+(is|are|has|have)\s+")


#: An intensifier after the back's article: "an entire field", "the whole class".
_INTENSIFIED_RE = re.compile(r"^(An?|The)\s+(?:entire|whole|very)\s+(?=[a-z])", re.IGNORECASE)


def make_back(explanation: str, names: list[str] | None = None,
              definition: bool = False, minimum: int = 2, question: bool = False) -> str | None:
    """The explanation as a back, or None if it cannot be one (too thin, a verdict,
    dangling, personal, an artefact, no clause boundary within the limit, it names the
    very term the front asks for, or — for ``definition`` — it does not define)."""
    text = artefacts.repair(explanation)
    text = _CONNECTIVE_RE.sub("", text).strip().rstrip(".").strip()
    text = _SUCH_NAMED_RE.sub("", text)  # "accompanied by such Reversal": the named idea
    text = _SUCH_QUESTIONS_RE.sub(r"\1 ", text)
    text = _EMPTY_REFERENCE_RE.sub("", text)  # "(see )": a pointer whose target was skipped
    text = strip_aside(text).rstrip(",;:").strip()
    text = _INTENSIFIED_RE.sub(lambda m: "A " if m.group(1).lower().startswith("a") else "the ",
                               text)  # "An entire field of research" -> "A field ..."
    if not text:
        return None
    counted = text[:1].lower() + text[1:] if words(text) >= 3 else text
    if len(_CONTENT_WORD_RE.findall(counted)) < minimum:
        return None  # "Google Brain", "20px 0 40px", "Test time": not an explanation
    if names and _SYMBOL_SUBJECT_RE.match(text):
        text = kind_for_one(_SYMBOL_SUBJECT_RE.sub(r"one that \1 ", text), names)
    if definition:
        text = kind_for_one(text, names or [])
    text = one_idea(text)
    shortened = cut(text)
    if shortened is None:
        return None
    text = cut_before_dangling(shortened)
    if words(text) < 2 or _VERDICT_RE.match(text) or dangling(text) or personal(text):
        return None
    if _OPEN_END_RE.search(text) or (text.endswith("?") and not question) or \
            _LONE_THAN_RE.match(text):
        return None
    if re.match(r"(?:most|many|some|all|few|several)\s", text, re.IGNORECASE) and words(
            text) <= 4:
        return None  # "Most economists agree": a verdict about the term, not the term
    if names and (mentions(text, names) or circular(text, names)):
        return None
    if definition and not defines(text, names or []):
        return None
    if artefacts.problems(text, names or ()):
        return None
    text = text[0].upper() + text[1:]
    text = text[:-1] + "." if text.endswith("!") else text
    if text.endswith(("\"", "”")) and text[-2:-1] not in ".!?":
        return text + "."  # a quoted word ends the back; the sentence still needs its stop
    return text if text.endswith((".", ")", "\"", "”", "?")) else text + "."
