"""Scrape artefacts: what a reader can leave in visible text that must never reach a card.

Why a separate module: every piece of card text (a back, a cloze sentence, a front's
term) passes the same check, so a sidenote glued to a word or a lost formula is refused
in one place.  Harmless artefacts are repaired (a markdown escape ``\\_``, an HTML
entity, runs of spaces inside a phrase, a lone quote mark at an edge); anything that
would change what the text says is refused.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from cards.extract.wordfreqs import zipf

#: A markdown backslash escape: ``\_`` ``\*`` ``\[`` ...; the backslash is noise.
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~$&])")
#: Leftover markup: tags, emphasis marks, links, roles, LaTeX commands, math, footnote refs.
_MARKUP_RE = re.compile(
    r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>"      # <em>, </d-cite>, <br/>
    r"|\*\*|__|``?|~~"                         # emphasis and code marks
    r"|(?<![\w*])\*[^*\s][^*]*\*(?![\w*])|(?<![\w_])_[^_\s][^_]*_(?![\w_])"
    r"|[{};]\s*$|\w=\w|\b\d+px\b"                # code and style
    r"|\]\(|\[\^|\^\[|\[\d+\]"                 # [text](url), [^note], ^[note], [1]
    r"|(?<!\w):[a-z]+:`?"                      # :func:, :label:
    r"|\\[A-Za-z]+\b|\\[()\[\]]"               # \term, \(, \[
    r"|\$(?!\d)|\{\{|\}\}|&[a-z]+;|&#\d+;"      # math (not "$30"), cloze clash, entities
    r"|https?://|www\.|\b\w+\.(?:html?|md|png|svg|jpe?g)\b"
    r"|\ufffd|[\x00-\x08\x0b-\x1f\x7f]")
#: A caption's label, a list bullet, a syntax template's angle brackets.
_LEFTOVER_RE = re.compile(r"^\s*(?:Figure|Fig\.|Table|Caption)\s*\d*\s*[:.]|^\s*[-•*]\s")
#: A sidenote or footnote number glued to a word: "variance2 is", "model.3The", "tasks12".
_GLUED_NUMBER_RE = re.compile(r"\b[a-z]{3,}\d{1,3}(?=[\s,.;:)]|[A-Z]|$)|[a-z][.,;:]\d{1,3}[A-Z]")
#: Two words run together across a lost space: "the modelThe", "end.Next", "word,and".
_RUN_TOGETHER_RE = re.compile(r"\b([a-z]{2,})([A-Z][a-z]+)\b")
_MISSING_SPACE_PUNCT_RE = re.compile(r"[a-z]{2}[.;:!?][A-Z][a-z]|[a-z]{2},[a-z]{2}")
#: A lost inline formula: a function word before punctuation or before a verb.
_MATH_HOLE_RES = (
    re.compile(r"\b(?:the|a|an|of|to|by|with|from|between|and|than|equals|in|on|into|onto|"
               r"over|under|via|per|at)\s*[,.;:)](?!\w)",
               re.IGNORECASE),
    re.compile(r"\b(?:the|a|an)\s+(?:is|are|was|were|of|to|and|or|in|on|at|by|with|from|"
               r"that|which)\b(?!-)", re.IGNORECASE),
    re.compile(r"\b(?:of|to|by|with|from|between)\s+(?:is|are|was|were|and|or)\b(?!-)"),
    re.compile(r"\s[,.;:!?](?:\s|$)|\(\s*\)|\[\s*\]|\s{2,}"),
)
_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("“", "”"))


#: A verb left capitalized where the source lost a stop between a name and its next
#: sentence ("Limited-memory BFGS Sits between BFGS and conjugate gradient"): the second
#: part reads as the relative clause it is.
_LOST_STOP_RE = re.compile(r"(?<=[a-z\d)])(\s[A-Za-z][\w-]*[A-Z][\w-]*|\s[a-z][\w-]*) "
                           r"(Sits|Lies|Uses|Keeps|Works|Runs|Makes|Takes|Requires|Needs|"
                           r"Performs|Provides|Combines|Stores|Supports|Computes|Relies|"
                           r"Builds|Avoids|Improves|Reduces) (?=[a-z])")


def repair(text: str) -> str:
    """The harmless fixes: markdown escapes, entities, runs of spaces, edge quote marks."""
    text = _ESCAPE_RE.sub(r"\1", text).replace("⟨", "").replace("⟩", "")  # template marks
    text = html.unescape(text) if "&" in text else text
    text = re.sub(r"[ \t\u00a0]+", " ", text).strip()
    text = _LOST_STOP_RE.sub(lambda m: f"{m.group(1)}, which {m.group(2).lower()} ", text)
    for mark in ('"', "'"):  # curly marks pair with each other: checked below
        if _quote_count(text, mark) % 2 == 1:
            if text.startswith(mark):
                text = text[1:].lstrip()
            elif text.endswith(mark) or text.rstrip(".").endswith(mark):
                text = text.rstrip(".").rstrip(mark).rstrip() + ("." if text.endswith(".") else "")
    if text.count("“") != text.count("”"):
        if text.startswith("“") and "”" not in text:
            text = text[1:]
        elif text.endswith("”") and "“" not in text:
            text = text[:-1]
    return text


def _quote_count(text: str, mark: str) -> int:
    if mark == "'":  # apostrophes are not quotes: count only those at word edges
        return len(re.findall(r"(?<![\w])'|'(?![\w])", text)) - len(re.findall(r"s'(?=\s)", text))
    return text.count(mark)


#: Words of another script written out in braces ("{kappa omega mu alpha iota}", Project
#: Gutenberg's Greek): unreadable on a card.
_TRANSLITERATION_RE = re.compile(r"\{[A-Za-z]+(?: /?[A-Za-z]+/?)+(?:\}|\s*$| /)")


def problems(text: str, names: Iterable[str] = ()) -> list[str]:
    """Why ``text`` cannot be shown on a card as it stands (empty if it can).  A letter
    that is part of the concept's own name ("top-K accuracy") is no stray symbol."""
    found: list[str] = []
    if _MARKUP_RE.search(text) or _LEFTOVER_RE.search(text):
        found.append("markup")
    if _GLUED_NUMBER_RE.search(text):
        found.append("glued note number")
    if _MISSING_SPACE_PUNCT_RE.search(text) or any(
            _run_together(m) for m in _RUN_TOGETHER_RE.finditer(text)):
        found.append("missing space")
    if any(regex.search(text) for regex in _MATH_HOLE_RES):
        found.append("math hole")
    if _TRANSLITERATION_RE.search(text):
        found.append("transliteration")
    for left, right in _PAIRS:
        if text.count(left) != text.count(right):
            found.append("unbalanced brackets")
            break
    if text.count('"') % 2 == 1 or _quote_count(text, "'") % 2 == 1:
        found.append("half quote")
    own = {t for name in names for t in re.findall(r"(?<![A-Za-z])[A-Za-z](?![A-Za-z])", name)}
    for match in _SYMBOL_RE.finditer(text):
        if match.group(0) in own:
            continue
        if _NAMED_HERE_RE.search(text[:match.start()]):
            own.add(match.group(0))  # "a goal P": the text names the symbol as it goes
            continue
        found.append("symbol")
        break
    return found


#: A noun phrase just before a symbol, which it names ("takes in a goal P", "a set S").
_NAMED_HERE_RE = re.compile(r"\b(?:an?|any|some|each|every)\s+(?:[a-z][\w-]*\s+){0,2}"
                            r"[a-z][\w-]{2,}\s+$")


#: A one-letter name of a quantity the card does not define ("with respect to S",
#: "where l is the loss"): a math symbol whose definition stayed in the text.  "A", "I"
#: and "a" are words; "C" is a language and a vitamin; "(b)" numbers a list item.
_SYMBOL_RE = re.compile(r"(?<![\w'’.(-])(?:[BD-HJ-Z]|[b-hj-z])(?![\w'’-]|\.\w|\))")


def _run_together(match: re.Match[str]) -> bool:
    """True if "modelThe" is two ordinary words that lost their space (not "iPhone" or
    "JavaScript", which are one known name)."""
    left, right = match.group(1), match.group(2)
    whole = (left + right).lower()
    return zipf(whole) == 0.0 and zipf(left) >= 3.0 and zipf(right.lower()) >= 3.0


def clean(text: str) -> str | None:
    """The text repaired, or None if an artefact remains that repair cannot fix."""
    fixed = repair(text)
    return None if not fixed or problems(fixed) else fixed


#: A code name: one token of letters, digits, "_", "." or "-" ("pol", "unemp_rate").
_CODE_NAME_RE = re.compile(r"^[A-Za-z_][\w.-]{0,24}$")


def unexplained_code(code: Iterable[str], text: str, names: Iterable[str] = ()) -> bool:
    """True if the card text uses a code name of its source sentence ("... and on pol")
    that is not the concept itself and is no ordinary word: the reader of the card has
    no way to know what it names."""
    own = {n.lower() for n in names}
    for name in code:
        if not _CODE_NAME_RE.match(name) or name.lower() in own:
            continue
        if zipf(name.lower()) >= 4.0 and "_" not in name:
            continue  # "define", "if": an English word the sentence can use as one
        if re.search(rf"(?<![\w.-]){re.escape(name)}(?![\w-])", text):
            return True
    return False
