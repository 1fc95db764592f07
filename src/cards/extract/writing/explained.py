"""Clozes from the sentence that explains a term, where it sits in that sentence.

Why a second cloze rule: ``cloze.make_cloze`` takes only sentences that open with the
term or name it ("is called X"), and real writing explains a term in many other ways
("We may also encounter the related problem of *concept shift*, which arises when the
very definitions of labels can change").  Such a sentence, cleaned of the discourse
words that tie it to its neighbours ("Thus,", "In other words,"), is a good cloze when
the finding says the sentence explains the term (a shape or the term's mark), and it
stands alone.  When it leans on the sentence before ("This is called X"), that sentence
comes with it, within the 8–40 word limit.
"""

from __future__ import annotations

import re
from dataclasses import replace

from cards.extract.findings import Finding
from cards.extract.sentences import split
from cards.extract.wordfreqs import zipf
from cards.extract.writing import artefacts
from cards.extract.writing.backs import _OPEN_END_RE, dangling, general, words
from cards.extract.writing.cloze import (
    _PARTICIPLE_OPENER_RE,
    AS_NAMED_RE,
    ESTIMATE_RE,
    MAX_WORDS,
    MIN_WORDS,
    _forms_re,
    bare_acronym,
    finish_cloze,
    hideable,
    part_of_compound,
    trim,
)
from cards.extract.writing.hedges import (
    SECOND_PERSON_RE,
    guiding,
    unhedge,
)

#: Words at a sentence's start that tie it to the one before and say nothing themselves.
_CONNECTIVE_RE = re.compile(
    r"^(?:thus|hence|so|therefore|however|unfortunately|fortunately|in other words|that is|"
    r"here|now|also|moreover|furthermore|similarly|likewise|indeed|of course|in fact|"
    r"finally|first|firstly|second|secondly|third|next|then|again|instead|still|yet|but|and|"
    r"or|note that|recall that|in particular|specifically|more precisely|formally|"
    r"informally|in practice|in short|put simply|simply put|for example|for instance|"
    r"as a result|consequently|in this case|in that case|in contrast|by contrast|"
    r"on the other hand|at the same time|to be (?:more )?precise|importantly|crucially|"
    r"interestingly|notably|in summary|to summarize|overall|ultimately|as we (?:have )?"
    r"(?:seen|said|noted|discussed)|as (?:noted|mentioned|discussed) (?:above|earlier|before)|"
    r"(?:here,? )?(?:we|let us|let's) (?:will )?(?:assume|suppose) that|suppose that)"
    r"(?:,\s*|\s+(?=[a-z]))"
    r"|^it (?:is|should be|must be|can be|will be|may be) (?:\w+ )?(?:clear|evident|obvious|"
    r"shown|seen|true|noted|apparent|easy to see|worth noting|proven|proved|demonstrated)"
    r"(?: \w+)? that\s+", re.IGNORECASE)
#: An ordinal that opens a later sentence ("Second, and more importantly,"): with the
#: first one's "First," gone, it counts what the card does not show.
_LATER_ORDINAL_RE = re.compile(r"(?<=[.!?] )(?:Second|Third|Fourth|Next|Finally|Secondly|"
                               r"Thirdly),\s+(?:and\s+(?:more|most|perhaps more)\s+importantly,"
                               r"\s+)?(?P<next>[a-z])")
#: A subject that points back ("Such exceptions ... are called X", "This memory is called
#: X"): in a sentence that names the term, the plain noun phrase says the same.
_DEICTIC_RE = re.compile(r"^(?:(?:These|Those)\s+(?=[a-z][a-z-]*s\b)|Such\s+(?!an?\b)(?=[a-z])"
                         r"|(?P<the>This|That)\s+(?=(?:[^\s]+\s+){4,}?(?:is|are)\s+"
                         r"(?:called|known as|termed|named)\b))")
#: "Expressions such as these, ...": a subject pointing at examples shown before.
_SUCH_AS_THESE_RE = re.compile(r"^(?P<head>[A-Z][a-z-]+)\s+such as (?:these|those|this|that)"
                               r",?\s+")
#: "A much more subtle situation": a comparison with the one before, which the card does
#: not show; "a subtle situation" keeps what is described ("A situation arises" alone
#: said nothing, blind review r11).
_COMPARED_RE = re.compile(r"\b(?P<art>[Aa]n?|[Tt]he)\s+(?:much|even|far|still)\s+(?P<cmp>more|less)"
                          r"\s+(?P<adj>[a-z]+)\s+(?P<noun>[a-z][a-z-]+)\b")


def _uncompared(match: re.Match[str]) -> str:
    """ "A much more subtle situation" -> "A subtle situation"; "a much less common case"
    -> "a case" (a "less" quality is no quality of its own)."""
    if match.group("cmp") == "more":
        return f"{_article(match.group('art'), match.group('adj'))} {match.group('adj')} " \
               f"{match.group('noun')}"
    return f"{_article(match.group('art'), match.group('noun'))} {match.group('noun')}"


def _article(article: str, noun: str) -> str:
    if article.lower() == "the":
        return article
    an = noun[:1].lower() in "aeiou"
    word = "an" if an else "a"
    return word.capitalize() if article[:1].isupper() else word


_NAMING_RE = re.compile(r"\b(?:called|known as|termed|named|dubbed|referred to as)\b")
#: First person singular: the writer's own voice, which a card cannot speak in.
_SINGULAR_RE = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|me|my|mine|myself)\b|\bI’[a-z]+\b")
#: Shapes that only say a phrase recurs: the sentence uses the term, it may not explain it.
_STATISTICAL = ("repeated-term",)
#: A sentence that explains: a copula, a naming verb, a relative clause or a gloss.
_EXPLAINS_RE = re.compile(
    r"\b(?:is|are|was|were|means?|meant|refers? to|call(?:s|ed)?|known as|termed|named|defined?|"
    r"describes?|denotes?|consists? of|which|that|who|where|when|whose|i\.e\.|namely|"
    r"arises?|occurs?|happens?|measures?|represents?|captures?|gives?|makes?|lets?|allows?)\b"
    r"|[(:—–]", re.IGNORECASE)
#: A sentence that starts mid-clause (a lower-case word: the reader split inside it) or
#: tells the reader a story ("You collect data ..."): not a fact that stands alone.
_FRAGMENT_RE = re.compile(r"^\s*(?:[a-z]|You\b|Your\b|(?:Is|Are|Was|Were|Do|Does|Did|Can|"
                          r"Could|Will|Would|Should|Has|Have|Had)\s)")
#: A pointer to another part of the book: "the remarks on X in 1.2.1", "see section 3".
_CROSS_REFERENCE_RE = re.compile(r"\bin (?:section |chapter |§\s*)?\d+\.\d+|\bsee (?:section|"
                                 r"chapter|figure|table|below|above)\b", re.IGNORECASE)
#: A hole left where inline math or a citation was skipped: ", ," or "( )".
_APPOSITIVE_HOLE_RE = re.compile(r",\s*,|\(\s*\)|\[\s*\]")


def explained_cloze(finding: Finding, names: list[str],
                    marked: bool = False) -> tuple[str, Finding] | None:
    """The cloze text and the finding it quotes (perhaps widened to the sentence
    before), or None when the sentence cannot make a good cloze."""
    if not names or not hideable(names[0], marked) or not explains(finding) or \
            bare_acronym(names) or ESTIMATE_RE.search(finding.quote) or \
            AS_NAMED_RE.match(finding.quote):
        return None
    text = _prepare(finding.quote, names)
    text = trim(text, names) if text is not None else None
    if text is not None and not _leans_back(text):
        return _gapped(text, finding, names, marked)
    widened: Finding | None = finding
    for _ in range(MAX_CONTEXT_SENTENCES):
        widened = _with_previous(widened) if widened is not None else None
        if widened is None:
            return None
        text = _prepare(widened.quote, names)
        text = trim(text, names) if text is not None else None
        if text is None or words(text) > MAX_WORDS:
            return None
        if not _leans_back(text):
            return _gapped(text, widened, names, marked)
    return None


#: Sentences before the explaining one that a cloze may bring along for context.
MAX_CONTEXT_SENTENCES = 2


def _leans_back(text: str) -> bool:
    """True if the first sentence leans on one the card does not show; a later
    sentence's "this" points back into the card itself."""
    pieces = [(s, e) for s, e in split(text) if text[s:e].strip()]
    first = text[pieces[0][0]:pieces[0][1]] if pieces else text
    label = re.match(r"^(?P<label>[^:]{1,60}):\s+(?P<rest>.+)$", first)
    if label and (len(label.group("label").split()) > 5 or re.search(
            r"\b(?:is|are|was|were|be|seems?)\b", label.group("label"))):
        label = None  # "The variable seems to be a hybrid: it is ...": a sentence's colon
    return dangling(first) or bool(label and dangling(label.group("rest"))) or bool(
        _EACH_OF_THE_SHOWN_RE.match(first))


#: "Each element displays ...": each of a set the text showed (a figure's parts), with
#: nothing in the sentence to say which set.
_EACH_OF_THE_SHOWN_RE = re.compile(r"^(?:Each|Every)\s+[a-z]+\s+(?!of\b|in\b|that\b|which\b|"
                                   r"who\b|with\b|on\b|from\b|at\b)[a-z]+s\b")


def explains(finding: Finding) -> bool:
    """True if the finding says its sentence explains the term, not only uses it."""
    if finding.shape.split("+")[0] in _STATISTICAL and "+" not in finding.shape:
        return False
    if finding.shape.startswith("entry-"):
        return True  # a glossary entry, a definition list or a lead term: its definition
    if not finding.shape.startswith(_SIGNAL_ONLY):
        return True  # an explanation shape found it: the sentence is that explanation
    return bool(_EXPLAINS_RE.search(finding.quote))


#: Shapes that only say the term is marked, heads a section or recurs: the sentence
#: may use the term without explaining it.
_SIGNAL_ONLY = ("marked-", "heading-", "repeated-", "term-opens")


#: A lead-in that only introduces the term and its own relative clause: "We may also
#: encounter the related problem of concept shift, which arises when ..." says "Concept
#: shift arises when ...".
_RELATED_PROBLEM_RE = re.compile(
    r"^(?:we|you|one|chemists|researchers|statisticians) (?:may |might |can |could |will )?"
    r"(?:also )?(?:encounter|meet|face|run into) the (?:related |similar |closely related )?"
    r"(?:problem|issue|phenomenon|situation) of (?P<term>[^,]{3,50}), which (?=\w+s\b)",
    re.IGNORECASE)


def _prepare(sentence: str, names: list[str] | None = None) -> str | None:
    """The sentence repaired and freed of its connective, or None if it cannot be."""
    if _FRAGMENT_RE.match(sentence) or _CROSS_REFERENCE_RE.search(sentence):
        return None
    text = _APPOSITIVE_HOLE_RE.sub("", sentence)  # "The matrix, $C$, is" -> "The matrix is"
    text = re.sub(r"\s+([,.;:])", r"\1", artefacts.repair(text))
    for _ in range(2):
        text = _CONNECTIVE_RE.sub("", text, count=1)
    text = _COMPARED_RE.sub(_uncompared, text)
    such = _SUCH_AS_THESE_RE.match(text)
    if such and _NAMING_RE.search(text):
        # "Expressions such as these, formed by ..., are called X": the description is
        # the thing named, whichever examples came before
        text = such.group("head") + " " + text[such.end():]
        text = re.sub(r",\s+((?:is|are)\s+(?:called|known as|termed|named)\b)", r" \1", text)
    deictic = _DEICTIC_RE.match(text)
    if deictic and _NAMING_RE.search(text):
        # "Such exceptions are called X": every such one is; "This alternative ... method
        # is known as X": the description the sentence gives is the thing
        text = ("The " if deictic.group("the") else "") + text[deictic.end():]
    text = _RELATED_PROBLEM_RE.sub(lambda m: m.group("term")[:1].upper() + m.group("term")[1:]
                                   + " ", text)  # "We may also encounter ... of X, which"
    text = _LATER_ORDINAL_RE.sub(lambda m: m.group("next").upper(), text)  # "Second, ..."
    text = general(text[:1].upper() + text[1:])
    if not text or artefacts.problems(text, names or ()) or text.endswith("?") or \
            text[:1] in "(>[":
        return None
    said = unhedge(text).text  # "I think X is Y": the claim, which the card attributes
    if _SINGULAR_RE.search(said) or SECOND_PERSON_RE.search(said):
        return None
    if text.endswith(":") and not _INTRODUCES_RE.search(text):
        text = text[:-1].rstrip() + "."  # the colon introduced a formula the reader skipped
    if text[-1] not in ".!\"”)" or _OPEN_END_RE.search(text.rstrip(".!\"”)")):
        return None
    return text


#: A colon that introduces a list or steps: the sentence is not complete without them.
_INTRODUCES_RE = re.compile(r"\b(?:following|follows|below|these|steps|namely|as|is|are|"
                            r"include|includes|including)\W*:$", re.IGNORECASE)


def _with_previous(finding: Finding) -> Finding | None:
    """The finding widened to the sentence before it in the same block, if any."""
    before = [s for s, e in split(finding.block.text[:finding.start]) if e > s]
    if not before:
        return None
    return replace(finding, start=before[-1])


#: Shapes that say the sentence introduces the term: its mark, an entry, a naming verb.
_NAMED_SHAPE_RE = re.compile(r"marked-(?!quoted)|entry-|call|known|named|term|refers|means|is-a|"
                             r"occurs|appositive|by-x|dash|colon")
#: Where a term is the focus of its sentence: its subject, or a noun phrase that a gloss,
#: a relative clause or a naming verb then explains.
_SUBJECT_WORDS = 6
_GLOSS_AFTER_RE = re.compile(r"^[\"”’'*_]?(?:s|es)?\s*(?:,\s*(?:which|who|that|i\.e\.|namely|"
                             r"or)\b|\(|—|–|:|\s+(?:is|are|means|refers|denotes|describes)\b)")
_DETERMINER_BEFORE_RE = re.compile(r"(?:^|\b(?:a|an|the|of|called|as|is|are))\s*[\"“‘'*_]?$",
                                   re.IGNORECASE)


def _in_focus(text: str, match: re.Match[str]) -> bool:
    """True if the term is the sentence's subject or the phrase it goes on to explain."""
    if len(text[:match.start()].split()) <= _SUBJECT_WORDS and \
            _DETERMINER_BEFORE_RE.search(text[:match.start()]):
        return True
    return bool(_GLOSS_AFTER_RE.match(text[match.end():])
                and _DETERMINER_BEFORE_RE.search(text[:match.start()]))


#: A one-word term this common is a gap only where the text names it as a term.
EVERYDAY_GAP_ZIPF = 4.0
_NAMING_SHAPE_RE = re.compile(r"entry-|marked-term|call|known|named|by-x|means|refers|say")


def _everyday_gap(term: str, shape: str) -> bool:
    return (" " not in term.strip() and not term.isupper()
            and zipf(term.lower()) >= EVERYDAY_GAP_ZIPF and not _NAMING_SHAPE_RE.search(shape))


def _gapped(text: str, finding: Finding, names: list[str],
            marked: bool = True) -> tuple[str, Finding] | None:
    if guiding(text) or re.search(r":\s+[A-Z]", text) or _PARTICIPLE_OPENER_RE.match(text):
        return None  # "Imagine that ...", "issues are these: Some ...": a scene, a list lead
    stance = unhedge(text, finding.hedged)
    body = stance.text
    if not MIN_WORDS <= words(body) <= MAX_WORDS:
        return None
    pattern = _forms_re(names)
    first = pattern.search(body)
    if first is None or re.search(r"[a-z][A-Z]", first.group(0)) or part_of_compound(body,
                                                                                      first):
        return None
    if not (_NAMED_SHAPE_RE.search(finding.shape) or _in_focus(body, first)):
        return None  # the sentence only passes through the term on its way elsewhere
    if _everyday_gap(names[0], finding.shape) or body.lstrip("*_").startswith(first.group(0)
                                                                                + ":"):
        return None  # a common word, or a bullet's label, is no key term to recall
    cloze = finish_cloze(pattern.sub(lambda m: "{{c1::" + m.group(0) + "}}", body), finding,
                         names, stance.hedged, marked)
    return (cloze, finding) if cloze is not None else None
