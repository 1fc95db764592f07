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
from cards.extract.terms import STOPWORDS, tokens

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
        r"(?!Same |See |As |Also |If |When |In |For |Yes|No\b)(?P<expl>[A-Z][^:]{20,})$")),
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
        rf"^(?:The |An? )?{_NP} (?:is|are|refers to|means|describes) "
        r"(?P<expl>(?:a|an|the|when|where|any|just|roughly|essentially) .{12,})$")),
    ("which-is", re.compile(
        rf"\b(?:the|a|an) \"{_NP}\",? which (?:is|are) (?P<expl>(?:a|an|the) .{{8,}})$")),
    ("ie-after", re.compile(r"(?P<np>[\w\- ’']{3,60}) \(i\.e\.,? (?P<expl>[^()]{8,})\)")),
    ("ie-before", re.compile(r"(?P<expl>[^():;]{12,}) \(i\.e\.,? (?P<term>[^()]{3,40})\)")),
)
#: A literal each pattern needs, tested first: regex work only where it can match.
_NEEDLES = {"define": ("define", "understand", " mean ", " refer to "), "label": (": ",),
            "equals": (" = ",), "of-is": (" is that ",), "idea-of": (": ",),
            "restate": ("this is ", "which is "), "is-a": (" is ", " are ", " refers ", " means ",
                                                       " describes "),
            "which-is": (" which ",), "ie-after": ("(i.e",), "ie-before": ("(i.e",)}
_PATTERNS = tuple((kind, pattern, _NEEDLES[kind]) for kind, pattern in _PATTERNS_ALL)
_CUT_RE = re.compile(r",? (?:which means|which is why|so that|because|but|and thus)\b| - | — |; ")
_BAD_START_TEXT = (
    """this that these those it they he she we you i there here what which who such my your
    our their his her its one each every some any"""
)
_BAD_START = frozenset(_BAD_START_TEXT.split())
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


def _trim(text: str) -> str:
    """Keep the first clause of an explanation so the answer stays short."""
    text = text.strip().rstrip(".").strip()
    match = _CUT_RE.search(text)
    if match and len(text[: match.start()].split()) >= 4:
        text = text[: match.start()]
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


def explanations(sentence: str) -> list[Explanation]:
    """Every term the sentence explains, with its explanation."""
    text = sentence.strip()
    found: list[Explanation] = []
    for kind, pattern, needles in _PATTERNS:
        if not any(needle in text for needle in needles):
            continue
        for match in pattern.finditer(text):
            term = _last_np(match.group("np")) if kind == "ie-after" else match.group("term")
            expl = _trim(match.group("expl"))
            if kind == "restate":
                expl = re.sub(r"^(?:[A-Z]\w+ly|In short|In other words), ", "", expl)
            if not plausible_term(term) or len(expl.split()) < 3:
                continue
            if _FIRST_PERSON_RE.search(expl) or _VERB_START_RE.match(expl):
                continue
            expl = re.sub(r"^(?:just|simply|basically|essentially) ", "", expl)
            term = _QUOTE_RE.sub("", term.strip())
            if all(e.term.lower() != term.lower() for e in found):
                found.append(Explanation(term, expl, kind))
    return found


_PAREN_RE = re.compile(r"\(([^()]{2,60})\)")


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
