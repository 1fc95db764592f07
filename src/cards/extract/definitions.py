"""Spot sentences that say what a term *is*: the best material for a basic card.

Each pattern is a way English prose introduces or explains a term, not a phrase from
the seeds: "X is a ...", "we define X as ...", "X: <explanation>" (a labelled list item),
"X (i.e. ...)", "... (i.e. X)", "...; this is a restatement of X", "the challenge of X is
that ...", "the idea of X ...: ...", "X = ...", "I understand X to be ...",
"the "X" which is ...", and "ABBR (expansion)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cards.extract.aliases import is_abbreviation_of
from cards.extract.terms import GENERIC_HEADS, STOPWORDS, technicality, tokens

_NP = r"[\"“‘']?(?P<term>[A-Za-z][\w\-’']*(?: [\w\-’']+){0,3}?)[\"”’']?"
_PATTERNS_ALL: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("define", re.compile(rf"\b[Ww]e define {_NP} as (?P<expl>.{{12,}})$")),
    ("define", re.compile(rf"^(?:The |An? )?{_NP} (?:is|are) defined as (?P<expl>.{{12,}})$")),
    ("define", re.compile(
        rf"\b(?:understand|define) (?:the |an? )?{_NP} (?:to be|as) "
        r"(?P<expl>(?:what|a|an|the|any|when) .{8,})$")),
    ("define", re.compile(
        rf"^[Bb]y {_NP},? (?:I|we) (?:mean|refer to) (?P<expl>(?:a|an|the|any|when) .{{8,}})$")),
    ("label", re.compile(
        r"^(?P<term>[A-Z][\w\-’']*(?: [\w\-’']+){0,3}): "
        r"(?!Same |See |As |Also |If |When |Whenever |Unless |Most |In |For |Yes|No\b)"
        r"(?P<expl>(?:[A-Z]|(?!if |when |whenever |unless |most |see |same |also )[a-z])"
        r"[^:]{20,})$")),
    # "- Activation plateaus: If the model's behavior changes ..., then ...": a list item
    # whose text is an argument or prediction about the label, not a definition of it
    ("claim", re.compile(
        r"^(?P<term>[A-Z][\w\-’']*(?: [\w\-’']+){0,3}): "
        r"(?P<expl>(?:If|Most|When|Whenever|Unless) [^:]{20,})$")),
    ("equals", re.compile(rf"^{_NP} = (?P<expl>.{{12,}})$")),
    ("of-is", re.compile(
        r"\b(?:challenge|point|idea|essence|gist|core|crux|definition|hallmark) of "
        rf"(?:the )?{_NP} is that (?P<expl>.{{12,}})$")),
    ("idea-of", re.compile(
        r"\b(?:idea|concept|notion) of (?:the )?(?P<term>[\w\-’']+(?: [\w\-’']+){0,3})"
        r"[^:]{0,30}: (?P<expl>.{8,})$")),
    ("restate", re.compile(
        r"^(?P<expl>.{12,}?)[;,] (?:this|which) is (?:just |simply |basically )?"
        r"(?:a restatement of|an instance of|an example of|called|known as) "
        rf"(?:the )?{_NP}(?:[/.,;]|$)")),
    ("is-a", re.compile(
        rf"^(?:The |An? )?{_NP}(?: of (?:a|an|the|your) [\w-]+| in this sense)? "
        r"(?:is|are|refers to|means|describes) "
        r"(?P<expl>(?:a|an|the|when|where|any|just|roughly|essentially|"
        r"one (?:where|that|which|who|in which|whose)|"
        r"how (?:much|many|far|often|well|likely|quickly|fast)) .{12,})$")),
    # "The frequency you start from is usually called the base rate": the subject says
    # what the named thing is
    ("called", re.compile(
        r"^(?P<expl>(?:The|A|An) [^,;:]{8,100}?) (?:is|are) (?:usually |often |commonly |"
        r"sometimes |also )?(?:called|known as|referred to as) (?:the |an? |your )?"
        r"(?P<term>[A-Za-z][\w\-’']*(?: [\w\-’']+){0,3}?)(?:[,.;]|$)")),
    # "A blameless postmortem, which plenty of teams claim to run, deserves a sentence:
    # it's a write-up ...": the term, an aside, then the explanation after the colon
    ("which-colon", re.compile(
        rf"^(?:The |An? )?{_NP}, which [^,:]{{3,80}}, [^,:]{{3,40}}: "
        r"(?:it's |it’s |it is |they're |they are )?"
        r"(?P<expl>(?:a|an|the|how|what|when|where) .{12,})$")),
    # "Learning rate warmup means starting ...", "Being calibrated means that ...": a gerund
    # or a that-clause says what the term amounts to
    ("means", re.compile(
        rf"^(?:The |An? |Being )?{_NP} means "
        r"(?P<expl>(?:that )?[a-z]+ing\b.{12,}|that .{12,})$")),
    # "The fix that helped me most was X: you pick ...", "what I'd call X: forecasts ...":
    # the term closes a clause and the colon opens its explanation
    ("colon-after", re.compile(
        r"\b(?:is|was|call|called|named|known as) (?:the |an? )?"
        r"(?P<term>[A-Za-z][\w\-’']*(?: [\w\-’']+){0,3}): (?P<expl>[a-z][^:]{20,})$")),
    # "the standard answer is a Pigouvian tax - a tax set equal to ...": an appositive
    ("appositive", re.compile(
        r"\b(?:is|was|are|were|use|called) (?:an?|the) "
        r"(?P<term>[A-Za-z][\w\-’']*(?: [\w\-’']+){0,3}) (?:-|—) "
        r"(?P<expl>(?:an?|the) [^-—]{12,}?)(?: - | — |\.?$)")),
    # "Calibration is about ..., while the inside view means reasoning from ...", "In
    # forecasting, resolution means how far ...": "X means" after a lead clause
    ("means", re.compile(
        r"(?:^(?:In|For|Among|Within|Under) [^,]{3,50}, |, (?:while|whereas) |; )"
        rf"(?:[Tt]he |[Aa]n? )?{_NP} means "
        r"(?P<expl>(?:that )?[a-z]+ing\b.{12,}|that .{12,}|"
        r"(?:how|what|when|where|whether) .{12,})$")),
    ("which-is", re.compile(
        rf"\b(?:the|a|an) \"{_NP}\",? which (?:is|are) (?P<expl>(?:a|an|the) .{{8,}})$")),
    ("ie-after", re.compile(r"(?P<np>[\w\- ’']{3,60}) \(i\.e\.,? (?P<expl>[^()]{2,})\)")),
    ("ie-before", re.compile(r"(?P<expl>[^():;]{12,}) \(i\.e\.,? (?P<term>[^()]{3,40})\)")),
    # 'having it "do what its user wants" (i.e. "human values" or "the ... problem")': the
    # quoted phrase is named by the first quoted alternative
    ("ie-quoted", re.compile(
        r"(?:^|\s)[\"“](?P<expl>[^\"“”()]{8,80})[\"”] \(i\.e\.,? [\"“](?P<term>[^\"“”()]{3,40})"
        r"[\"”](?: or [^()]{3,80})?\)")),
    # "By this, I mean a ..." / "That is, the ...": the term is in the previous sentence
    # (filled in by concepts.find_concepts, which sees the passage).
    ("by-this", re.compile(
        r"^By (?:this|that),? (?:I|we) (?:mean|refer to) (?P<term>)(?P<expl>(?:a|an|the) .{8,})$")),
    ("that-is", re.compile(
        r"^(?:That is|In other words|I\.e\.),? (?P<term>)(?P<expl>(?:a|an|the) [^,]{8,}[.!]?)$")),
    # "people trying to build X (let's call those "X researchers")": a name for a description
    ("call", re.compile(
        r"(?:^|, | than | more | has | have | is | are | — | - )(?P<expl>[^,();:]{10,80}?) "
        r"\((?:let's|let us|we'll|I'll|I) call (?:those|these|this|them|it|that) "
        rf"{_NP}\)")),
    # "Very cheap qualification evals, such that if ..." (a list item that explains a term)
    ("such-that", re.compile(
        r"^(?P<term>[A-Z][\w\-’']*(?: [\w\-’']+){0,4}), (?P<expl>such that .{12,})$")),
    # "(weight decay encourages spreading out ...)": a parenthetical statement about a term
    ("clause", re.compile(
        r"\((?P<expl>(?P<term>[a-z][\w\-’']*(?: [a-z][\w\-’']*){0,2}) "
        r"(?:encourages|prevents|favou?rs|requires|measures|penalizes|penalises|normalizes|"
        r"normalises|reduces|increases|shrinks|removes|makes|lets|allows|means) [^()]{12,})\)")),
)
_IS_A = next(p for k, p in _PATTERNS_ALL if k == "is-a")
#: A literal each pattern needs, tested first: regex work only where it can match.
_NEEDLES = {"define": ("define", "understand", " mean ", " refer to "), "label": (": ",),
            "claim": (": ",),
            "equals": (" = ",), "of-is": (" is that ",), "idea-of": (": ",),
            "restate": ("this is ", "which is "), "is-a": (" is ", " are ", " refers ", " means ",
                                                       " describes "),
            "which-is": (" which ",), "ie-after": ("(i.e",), "ie-before": ("(i.e",),
            "ie-quoted": ("(i.e",),
            "means": (" means ",), "called": (" called ", " known as ", " referred to as "),
            "which-colon": (", which ",), "colon-after": (": ",), "appositive": (" - ", " — "),
            "by-this": ("By th",), "that-is": ("That is", "In other words", "I.e."),
            "call": (" call ",), "such-that": (", such that ",), "clause": ("(",)}
_PATTERNS = tuple((kind, pattern, _NEEDLES[kind]) for kind, pattern in _PATTERNS_ALL)
_CUT_RE = re.compile(r",? (?:which means|which is why|so that|because|but|and thus)\b| - | — |; "
                     r"|, (?:like|e\.g\.|such as|for example) ")
#: Short enough to keep a "because ..." clause: it is part of what the term means.
MAX_BECAUSE_WORDS = 22
_BAD_START_TEXT = (
    """this that these those it they he she we you i there here what which who such my your
    our their his her its one each every some any"""
)
_BAD_START = frozenset(_BAD_START_TEXT.split())
_PRONOUNS = frozenset(
    ["this", "that", "these", "those", "it", "they", "he", "she", "we", "you", "i"])
#: Quote marks around or inside a term ("'secret' scratchpad"), not apostrophes in words.
_QUOTE_RE = re.compile(r"[\"“”‘]|(?<!\w)['’]|['’](?!\w)")
_VERB_START_RE = re.compile(r"^(?:have|has|had|be|is|are|was|were|do|does)\b")
_FIRST_PERSON_RE = re.compile(r"\b(?:I|I'm|I've|I'd|my|me|mine)\b")


@dataclass(frozen=True, slots=True)
class Explanation:
    """A term and the words of the sentence that explain it."""

    term: str
    text: str
    kind: str
    cue: str = ""  # words the front needs ("have higher" in "(i.e. have higher X)")


#: Where an appositive ("- a simulator whose ... is shaped like ...") may be cut short.
_APPOSITIVE_CUT_RE = re.compile(r",? (?:whose|which|who|that|because|so|but) |, ")
#: An appositive's length limit, in words of the whole explanation.
MAX_APPOSITIVE_WORDS = 28


def _trim(text: str) -> str:
    """Keep the first clause of an explanation so the answer stays short.

    A short head followed by a dash and a noun phrase ("what you get after fine-tuning -
    a simulator whose ...") keeps the appositive: it says what the thing is.  The
    appositive is cut at its last clause boundary within MAX_APPOSITIVE_WORDS.
    """
    text = text.strip().rstrip(".").strip()
    match = _CUT_RE.search(text)
    if (match and match.group(0).strip(", ") == "because"
            and len(_CUT_RE.split(text[match.end():], 1)[0].split())
            + len(text[:match.start()].split()) <= MAX_BECAUSE_WORDS):
        match = _CUT_RE.search(text, match.end())  # keep the reason, cut after it
    elif match and match.group(0) == " but":
        # "slower in the moment but improves long-term retention": one predicate contrasted
        # with another (no comma) is the definition; keep it up to the next comma
        clause = re.split(r", |; | - | — ", text[match.end():], maxsplit=1)[0]
        if len(text[:match.start()].split()) + len(clause.split()) + 1 <= MAX_BECAUSE_WORDS:
            return f"{text[:match.end()]}{clause}".strip(" ,;:")
    if match and len(text[: match.start()].split()) >= 4:
        head, rest = text[: match.start()], text[match.end():]
        if (match.group(0).strip() in ("-", "—") and len(head.split()) <= 8
                and re.match(r"(?:a|an|the) \w", rest)):
            whole = f"{head}{match.group(0)}{rest}"
            if len(whole.split()) > MAX_APPOSITIVE_WORDS:
                base = len(head) + len(match.group(0))
                cuts = [base + m.start() for m in _APPOSITIVE_CUT_RE.finditer(rest)
                        if len(whole[:base + m.start()].split()) <= MAX_APPOSITIVE_WORDS
                        and m.start() > 0]
                whole = whole[:cuts[-1]] if cuts else head
            text = whole
        else:
            text = head
    text = re.sub(r", [a-z]+$", "", text.strip(" ,;:"))  # ", written" (so that ...) goes
    return text.strip(" ,;:").strip()


def plausible_term(term: str) -> bool:
    """A short noun phrase, not a pronoun, clause or stop word."""
    words = [w for w, _, _ in tokens(term)]
    if not words or len(words) > 4 or len(term) > 50:
        return False
    if words[0].lower() in _BAD_START | STOPWORDS or words[-1].lower() in STOPWORDS:
        return False
    return any(w.lower() not in STOPWORDS for w in words)


def _last_np(text: str) -> str:
    """The run of content words right before a parenthesis ("Direct self-improvement")."""
    words = text.split(" ")
    out: list[str] = []
    for word in reversed(words):
        if not word or word.lower() in STOPWORDS or not re.match(r"^[\w\-’']+$", word):
            break
        out.append(word)
    return " ".join(reversed(out[:3]))


#: "X is desirable (i.e. ...)": the parenthesis explains X, not the adjective before it.
_COPULA_ADJ_RE = re.compile(r"^(?P<np>.+?) (?:is|are) (?:very |quite |more |less )?\w+$")
_GERUND_RE = re.compile(r"^[A-Za-z]+ing ")
#: "(i.e. have higher X)": a verb phrase naming a property; the front keeps the verb.
_HAS_TERM_RE = re.compile(
    r"^(?P<cue>(?:have|has|having|be|being) (?:a )?(?:higher|lower|more|less|greater|better|"
    r"worse|larger|smaller) )(?P<term>.+)$")
#: An evaluation, not a definition: "X is something novel", "X is a wonderful thing".
_EVALUATIVE_RE = re.compile(
    r"^(?:something|not|also|still|really|very|much|mostly|largely|so|too|pretty|quite|"
    r"probably|likely|"
    r"clearly|obviously|definitely|certainly|way|more|less|(?:an? )?(?:\w+ )?(?:thing|mess|"
    r"deal|problem|issue|mistake|distraction|shame|pity)\b)")
_NAMING_BOUNDARY_RE = re.compile(r"(?:.*(?:, | about how | that | where | when | which ))")


#: Label heads that introduce a remark, not a term ("Short version: ...").
_HEADING_WORDS = GENERIC_HEADS | frozenset(
    ["version", "summary", "note", "update", "edit", "caveat", "aside", "tangent", "tldr",
     "disclaimer", "context"])
#: An explanation that only points at a role ("the textbook example", "the usual one").
_EMPTY_HEADS = GENERIC_HEADS | frozenset(
    ["example", "one", "choice", "option", "fix", "instance"])
#: "the other common choice: <explanation>": an anaphoric lead-in before the colon.
_LEAD_IN_RE = re.compile(
    r"^(?:the|an?) one (?:that|which|who) [^:]{3,60}: |"
    r"^(?:the|an?) (?:other|same|usual|obvious|standard|common|main|simplest|\w+) "
    r"(?:(?:other|common|usual|standard|main|obvious) )?"
    r"(?:choice|option|one|answer|alternative|thing|example|candidate|tool|fix): ")


_LABEL_LEAD_RE = re.compile(r"^(?:the|The) (claim|idea|trick|point|gist) is that (?=\w)")


def _ie_after(match: re.Match[str], expl: str) -> tuple[str, str, str, str]:
    """Term, explanation, kind and cue for "X (i.e. ...)"."""
    np = match.group("np").strip()
    copula = _COPULA_ADJ_RE.match(np)
    if copula and len(_last_np(np).split()) == 1:
        np = _GERUND_RE.sub("", _last_np(copula.group("np")))  # "minimizing model entropy"
    term = _last_np(np)
    if _VERB_START_RE.match(expl):
        # "should be the martingale (i.e. have expected change zero)": only after an article
        article = re.search(r"\b(?:the|a|an) " + re.escape(term) + "$", np)
        return term, expl, ("ie-verb" if article else "skip"), ""
    if len(expl.split()) < 3:
        return term, expl, "ie-short", ""
    return term, expl, "ie-after", ""


def explanations(sentence: str) -> list[Explanation]:
    """Every term the sentence explains, with its explanation."""
    text = without_alias_asides(sentence.strip())  # "X (also called Y) is ..." explains X
    found: list[Explanation] = []
    for kind, pattern, needles in _PATTERNS:
        if not any(needle in text for needle in needles):
            continue
        for match in pattern.finditer(text):
            found_kind, cue = kind, ""
            raw = match.group("expl")
            expl = raw.strip().rstrip(".").strip() if kind == "clause" else _trim(raw)
            term = "" if kind == "ie-after" else match.group("term")
            if kind == "label" and (inner := _IS_A.match(raw.strip())):
                # "Nested file: Mesa-optimization is when ...": the item defines its own
                # subject; the label is a heading, not the term
                term, expl, found_kind = inner.group("term"), _trim(inner.group("expl")), "is-a"
            if kind == "ie-after":
                term, expl, found_kind, cue = _ie_after(match, expl)
            elif kind == "ie-before" and (has := _HAS_TERM_RE.match(term.strip())):
                term, cue, found_kind = has.group("term"), has.group("cue").strip(), "ie-has"
                expl = _NAMING_BOUNDARY_RE.sub("", expl, count=1)
            if found_kind == "skip":
                continue
            if kind == "restate":
                expl = re.sub(r"^(?:[A-Z]\w+ly|In short|In other words), ", "", expl)
            elif kind == "call":  # the description starts after the last clause boundary
                expl = re.split(r", | than | more | has | have | is | are | — | - ", expl)[-1]
                expl = re.sub(r"^(?:(?:and|more|also|many|some) )+", "", expl)
            elif kind == "such-that":  # "Very cheap qualification evals": drop the modifiers
                words = term.split(" ")
                while len(words) > 2 or (len(words) > 1 and words[0].lower() in STOPWORDS):
                    if words[0].lower() not in STOPWORDS and technicality(words[0]) >= 1.0:
                        break
                    words.pop(0)
                term = " ".join(words)
            if kind in ("by-this", "that-is"):
                if _FIRST_PERSON_RE.search(expl) or _INVISIBLE_RE.search(expl):
                    continue
                found.append(Explanation("", expl, kind))
                continue
            if kind == "colon-after" and any(
                    w.lower() in STOPWORDS - {"of"} for w, _, _ in tokens(term)):
                continue  # "is expensive to fake: ..." closes a clause, not a name
            if kind == "label" and term.split(" ")[-1].lower() in _HEADING_WORDS:
                continue  # "Short version: ..." is a heading, whatever follows
            if kind == "label" and (lead := _LABEL_LEAD_RE.match(expl)):
                # "Predictive processing: the claim is that ...": what the idea claims
                expl, found_kind, cue = expl[lead.end():], "of-is", lead.group(1).lower()
            if kind == "is-a":
                if " means " in text[match.start("term"):match.start("expl")]:
                    found_kind = "means"  # "Resolution means how far ...": a meaning
                lead = _LEAD_IN_RE.match(expl)
                if lead and len(expl[lead.end():].split()) >= 6:
                    expl = expl[lead.end():]  # "the other common choice: you get ..."
                words = re.findall(r"[\w'-]+", expl)
                if len(words) <= 4 and words[-1].lower() in _EMPTY_HEADS:
                    continue  # "Carbon taxes are the textbook example": says nothing
            short_ok = found_kind in ("ie-short", "ie-verb")
            if not plausible_term(term) or (len(expl.split()) < 3 and not short_ok):
                continue
            if _FIRST_PERSON_RE.search(expl) or (
                    _VERB_START_RE.match(expl) and found_kind not in ("ie-verb", "ie-quoted")):
                continue
            if kind == "is-a" and _EVALUATIVE_RE.match(
                    re.sub(r"^(?:a|an|the|just|roughly|essentially) ", "", expl)):
                continue
            if _INVISIBLE_RE.search(expl) or (
                    kind == "ie-after" and expl.split(" ")[0].lower() in _PRONOUNS):
                continue
            expl = re.sub(r"^(?:just|simply|basically|essentially) ", "", expl)
            term = _QUOTE_RE.sub("", term.strip())
            if all(e.term.lower() != term.lower() for e in found):
                found.append(Explanation(term, expl, found_kind, cue))
            if kind == "restate":  # "a restatement of X/Y": Y is restated too
                other = re.match(rf"/{_NP}(?:[.,;]|$)", text[match.end("term") + (
                    1 if text[match.end("term"):match.end("term") + 1] in "\"”’'" else 0):])
                if other and plausible_term(other.group("term")):
                    found.append(Explanation(_QUOTE_RE.sub("", other.group("term")), expl, kind))
    if not found and text != sentence.strip() and (does := _ALIAS_DOES_RE.match(text)):
        # "The log score (also called ...) assigns the logarithm of ...": an aliased
        # subject and what it does
        term, expl = does.group("term"), _trim(does.group("expl"))
        if plausible_term(term) and len(expl.split()) >= 4 and not _FIRST_PERSON_RE.search(
                expl) and not _INVISIBLE_RE.search(expl):
            found.append(Explanation(_QUOTE_RE.sub("", term), expl, "alias-does"))
    return found


_ALIAS_DOES_RE = re.compile(
    rf"^(?:The |An? )?{_NP} (?P<expl>(?!is\b|was\b|has\b|does\b|seems\b|sounds\b|looks\b)"
    r"[a-z]{3,}s\b .{12,})$")


def participle_fragment(text: str) -> bool:
    """True for a phrase with a participle and no finite verb ("each head representing
    >1 feature"): what follows "Instead of"/"Rather than" is never a definition."""
    words = re.findall(r"[A-Za-z'’]+", text.lower())
    participle = any(re.fullmatch(r"\w{3,}(?:ing|ed)", w) and w not in _NOT_PARTICIPLES
                     for w in words)
    return participle and not any(w in _FINITE_VERBS for w in words)


_NOT_PARTICIPLES = frozenset(["thing", "something", "nothing", "anything", "everything",
                              "string", "king", "ring", "spring", "during", "hundred",
                              "feed", "speed", "need", "seed", "bed", "red", "bleed"])
_FINITE_VERBS = frozenset(["is", "are", "was", "were", "has", "have", "had", "does", "do",
                           "did", "can", "could", "will", "would", "shall", "should",
                           "may", "might", "must", "means"])


#: Something the learner cannot see on a card: a figure, "the red points", "above", "here".
_INVISIBLE_RE = re.compile(
    r"\b(?:figure|fig\.|graph|chart|diagram|table|plot|image|screenshot|picture|"
    r"(?:red|blue|green|orange|yellow|black|grey|gray|purple|dashed|dotted) "
    r"(?:line|lines|points?|dots?|curves?|bars?|region|area)|here|"
    r"(?:above|below)(?! (?:it|them|that|this|its|their|the|a|an|zero|average|\d))|"
    r"the following|shown|see)\b", re.IGNORECASE)


def refers_to_unseen(text: str) -> bool:
    """True if a sentence points at something a card cannot show (figures, "above", "here")."""
    return bool(_INVISIBLE_RE.search(text))


_PAREN_RE = re.compile(r"\(([^()]{2,60})\)")

_ALIAS_CUE = r"(?:also called|also known as|also termed|a\.k\.a\.?|aka)"
#: "X (also called Y) ...", "X (also known as Y)", "X, a.k.a. Y, ...": Y names X.
_ALIAS_ASIDE_RE = re.compile(
    rf" \({_ALIAS_CUE} (?P<p_alias>[^()]{{2,50}}?)\)|"
    rf", {_ALIAS_CUE} (?P<c_alias>[^,;:()]{{2,50}}?)(?:,|(?=[.;:]?$))")


def without_alias_asides(sentence: str) -> str:
    """The sentence with its "(also called Y)" / ", a.k.a. Y," asides removed."""
    if "also " not in sentence and "a.k.a" not in sentence and " aka " not in sentence:
        return sentence
    return _ALIAS_ASIDE_RE.sub("", sentence)


def alias_pairs(sentence: str) -> list[tuple[str, str]]:
    """Pairs (term, alias) written "X (also called Y)", "X (also known as Y)", "X, a.k.a. Y,"."""
    if "also " not in sentence and "a.k.a" not in sentence and " aka " not in sentence:
        return []
    pairs: list[tuple[str, str]] = []
    for match in _ALIAS_ASIDE_RE.finditer(sentence):
        alias = _QUOTE_RE.sub("", (match.group("p_alias") or match.group("c_alias")).strip())
        term = _last_np(sentence[: match.start()].rstrip(" ,"))
        if (plausible_term(term) and plausible_term(alias)
                and term.lower() != alias.lower()):
            pairs.append((_QUOTE_RE.sub("", term), alias))
    return pairs


def abbreviations(sentence: str) -> list[tuple[str, str]]:
    """Pairs (abbreviation, expansion) written as "ABBR (expansion)" or "expansion (ABBR)"."""
    pairs: list[tuple[str, str]] = []
    for match in _PAREN_RE.finditer(sentence):
        inside = match.group(1).strip()
        before = sentence[: match.start()].rstrip()
        before_words = re.findall(r"[\w\-’']+", before)
        upper = inside[:-1].isupper() or inside.isupper()
        if re.fullmatch(r"[A-Z][A-Za-z]{1,5}s?", inside) and upper:
            for n in range(2, 7):
                phrase_words = before_words[-n:]
                phrase = " ".join(phrase_words)
                if is_abbreviation_of(inside, phrase):
                    start = before.rfind(phrase_words[0])
                    pairs.append((inside, before[start:]))
                    break
        elif before_words and is_abbreviation_of(before_words[-1], inside):
            pairs.append((before_words[-1], inside))
    return pairs


_TERM = r"(?P<term>[A-Za-z][\w’']*(?:-[\w’']+)*(?: [A-Za-z][\w’']*(?:-[\w’']+)*){0,3}?)"
_TERM_GREEDY = _TERM.replace("{0,3}?", "{0,3}")
#: Sentences whose grammatical subject is a term and which say what it is or does.  They
#: admit a term mentioned only once; drafting.py decides whether the cloze stands alone.
_SUBJECT_RES = (
    # "In a causal-masked transformer, attention layers can query ..."
    re.compile(rf"^In (?:a|an) {_TERM}, (?:\w+ ){{2,}}"),
    # "A consequence-blind simulator that predicts ... will still predict ..."
    re.compile(rf"^(?:A|An|The) {_TERM} (?:that|which) [^,;]{{3,80}}? "
               r"(?:will|can|is|are|does)\b"),
    # "And techniques like iterative amplification further shrink ..."
    re.compile(rf"^(?:And |But |So )?\w+s (?:like|such as) {_TERM_GREEDY} "
               r"(?:the|a|an|more|less)\b"),
    # "It's the loss landscape an parameter-function map that are responsible for ..."
    re.compile(rf"^It(?:'s|’s| is) (?:the )?{_TERM} (?:and|an|or) "),
    re.compile(rf"^It(?:'s|’s| is) (?:the )?[\w -]{{3,40}}? (?:and|an|or) (?:the )?{_TERM} that "
               r"(?:is|are)\b"),
    # "The definition of frontier AI is wide because ..."
    re.compile(rf"^The (?:definition|notion|concept|meaning) of {_TERM} (?:is|are|means)\b"),
    # "... to enforce value (prediction accuracy) myopia by placing stop gradients ..."
    re.compile(r"^(?:It is possible to |You can |One can )?[^.]{0,60}?\b(?:enforce|achieve|induce|"
               r"implement|obtain|ensure|prevent) (?:[\w-]+ )?(?:\([^()]{1,40}\) )?"
               r"(?P<term>[a-z][\w-]+) by [a-z]+ing\b"),
    # "Algorithmic progress can enable more performance ..."
    re.compile(rf"^(?:(?:A|An) )?{_TERM} (?:just |deliberately |simply |only )?"
               r"(?:can|enables?|allows?|lets|prevents?|encourages?|requires?|"
               r"relies on|rely on|depends on|depend on|measures?|predicts?|shrinks?|"
               r"removes?|strengthens?|weakens?|schedules?|introduces?|sends?|picks?|"
               r"selects?|assigns?|rewards?|punishes?|penali[sz]es?|estimates?|"
               r"says that|states that|holds that|describes how|explains why) "),
)


_GENERIC_MODIFIERS = frozenset(
    ["classic", "standard", "traditional", "modern", "naive", "vanilla", "basic", "usual",
     "typical"])


def subject_terms(sentence: str) -> list[str]:
    """Terms a sentence is about: its subject (or scene) when the sentence is an explanation."""
    out = []
    for pattern in _SUBJECT_RES:
        match = pattern.match(sentence)
        if not match:
            continue
        words = match.group("term").split(" ")
        if pattern is _SUBJECT_RES[2]:  # "like X further shrink the": drop the verb phrase
            words.pop()
            while len(words) > 1 and (words[-1] in ("further", "also", "still", "often")
                                      or words[-1].endswith("ly")):
                words.pop()
        if len(words) > 1 and words[0].lower() in _GENERIC_MODIFIERS:
            words.pop(0)  # "Classic RSI" is RSI
        term = " ".join(words)
        if plausible_term(term):
            out.append(term)
    return out


#: "[lead: ]if <condition>, <consequence>": a conditional that says when something holds.
_CONDITIONAL_RE = re.compile(
    r"^(?:[^:]{0,200}: )?(?P<cond>(?:[Ii]f (?!it\b|this\b|that\b|so\b|not\b)[^,]{8,160}|"
    r"As [^,]{8,100} (?:grows|increases|shrinks|decreases|rises|falls)), .{12,})$")
_TERM_STOP = frozenset(STOPWORDS - {"of"})
#: Where a conditional names a term: "if X satisfies Y", "... look like Y", "..., Y will ...".
_CONDITIONAL_TERM_RES = (
    re.compile(r"^[Ii]f [^,]{3,80}? (?:satisf(?:y|ies)|obeys?|follows?|violates?) "
               r"(?:the |a |an )?(?P<term>[A-Za-z][\w’'-]*(?: [\w’'-]+){0,4})"),
    re.compile(r", [^,]{3,80}? (?:looks?|behaves?|acts?) like (?:a |an |the )?"
               r"(?P<term>[A-Za-z][\w’'-]*(?: [\w’'-]+){0,4})"),
    # "As the size of the model class grows, more models will ...": the growing thing
    re.compile(r"^As (?:the )?(?:(?:size|number|complexity|scale|amount|dimension) of )?"
               r"(?:the )?(?P<term>[A-Za-z][\w’'-]*(?: [\w’'-]+){0,3}?) "
               r"(?:grows|increases|shrinks|decreases|rises|falls),"),
    re.compile(r"^[Ii]f [^,]{8,160}, (?:by default, |then )?(?:the )?(?P<term>[A-Za-z][\w’'-]*"
               r"(?: [\w’'-]+){0,3}?) (?:will|would|tends? to|can|cannot)\b"),
)
#: "X only ever provide A and rarely if ever provide B": A set against B as objects.
_CONTRAST_OBJECT_RE = re.compile(
    r"\b(?:provides?|gives?|yields?|produces?|offers?|finds?|detects?) "
    r"(?P<term>[A-Za-z][\w’'-]*(?: [\w’'-]+){0,3}?) (?:and|but) (?:rarely|never|seldom|not)\b")


#: "... doesn't improve perplexity but does improve downstream task performance".
_CONTRAST_EFFECT_RE = re.compile(
    r"\b(?:doesn't|doesn’t|does not|don't|don’t|do not|didn't|didn’t|did not) "
    r"(?:improve|change|affect|increase|reduce|raise|lower|hurt|help) "
    r"(?P<term>[A-Za-z][\w’'-]*(?: [\w’'-]+){0,3}?) but (?:does|do|did|still)\b")


#: "Prompts let you sharpen the superposition of simulacra before ...": what a thing lets
#: one do to the term (generic "you").
_LETS_YOU_RE = re.compile(
    r"^(?:[A-Z][\w-]*s|[A-Z][\w-]* [\w-]+s) (?:lets?|allows?|helps?) you(?: to)? [a-z]+ "
    r"(?:the |a |an )?(?P<term>[A-Za-z][\w’'-]*(?: [\w’'-]+){0,4})")


def _cut_at_stopword(phrase: str) -> str:
    """"Brownian motion at a large" -> "Brownian motion"; "law of total expectation" stays."""
    words = phrase.split(" ")
    out: list[str] = []
    for i, word in enumerate(words):
        low = word.lower()
        if low in _TERM_STOP or (low == "of" and (i + 1 == len(words)
                                                  or words[i + 1].lower() in STOPWORDS)):
            break
        out.append(word)
    return " ".join(out)


def conditional_part(sentence: str) -> str:
    """The "if ..., ..." part of a conditional sentence (after a lead-in colon), or ""."""
    if "f " not in sentence and not sentence.startswith("As "):
        return ""
    match = _CONDITIONAL_RE.match(sentence)
    return match.group("cond") if match else ""


def conditional_terms(sentence: str) -> list[str]:
    """Terms a conditional sentence says something about (the condition or the outcome)."""
    cond = conditional_part(sentence)
    out = []
    for pattern in _CONDITIONAL_TERM_RES if cond else ():
        match = pattern.search(cond)
        if match:
            term = _cut_at_stopword(match.group("term").rstrip(".,;:"))
            if plausible_term(term):
                out.append(term)
    return out


def contrast_objects(sentence: str) -> list[str]:
    """"... only ever provide existence proofs and rarely ..." -> ["existence proofs"]."""
    out = []
    if " you " in sentence and (lets := _LETS_YOU_RE.match(sentence)):
        term = _cut_at_stopword(lets.group("term").rstrip(".,;:"))
        if " " in term and plausible_term(term):
            out.append(term)
    if " and " not in sentence and " but " not in sentence:
        return out
    matches = [*_CONTRAST_OBJECT_RE.finditer(sentence), *_CONTRAST_EFFECT_RE.finditer(sentence)]
    return out + [m.group("term") for m in matches if plausible_term(m.group("term"))]
