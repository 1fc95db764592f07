"""Hedges: an opinion stays an opinion on the card, with the name of whoever holds it.

Why: a writer's "I claim X is ..." or "X is something like ..." is a view, and a card
that states it as fact teaches a falsehood with the text's authority.  The writer's own
lead-in ("I think that") is taken off, because "According to NAME, ..." says the same
thing in the card's voice; softer words inside the claim ("something like", "probably")
stay, because they are part of what was said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_VERBS = (r"think|claim|believe|suspect|guess|argue|propose|conjecture|expect|contend|"
          r"hypothesi[sz]e|feel|suggest|predict|posit|maintain|would (?:say|argue|claim)|"
          r"'d (?:say|argue|claim)|’d (?:say|argue|claim)")
#: The writer's own lead-in, at the start of a sentence.
LEAD_RE = re.compile(
    r"^(?:(?:But|And|So|Still|Now|Overall|Ultimately|Basically),?\s+)?"
    rf"(?:(?:I|We)\s+(?:(?:do|would|strongly|really|also|now|tentatively)\s+)?(?:{_VERBS})"
    r"(?:\s+that)?,?\s+"
    r"|In my (?:view|opinion|experience|mind),\s+"
    r"|(?:My|Our) (?:guess|claim|view|take|sense|hunch|belief|thesis|conjecture|"
    r"proposal|prediction) is (?:that\s+)?"
    r"|It seems (?:to me )?(?:that |like )"
    r"|(?:Arguably|Perhaps|Probably|Presumably|Plausibly|Maybe),\s+)")
#: The writer's aside inside a sentence: "X is, I think, Y".
ASIDE_RE = re.compile(rf",\s+(?:I|we)\s+(?:{_VERBS}),")
#: Softer words that make a claim an opinion wherever they stand.
SOFT_RE = re.compile(
    r"\b(?:something like|(?<!some )(?<!a )(?<!this )(?<!that )(?<!what )(?<!any )sort of|"
    r"kind of like|roughly speaking|arguably|probably|"
    r"presumably|I think|I claim|I believe|I suspect|I guess|we think|we believe|"
    r"we claim|we propose|we argue|we conjecture|it seems)\b", re.IGNORECASE)
#: First person left after the lead-in: nobody on the card could say it.
FIRST_PERSON_RE = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|me|my|mine|myself|we|we're|we've|"
                             r"our|ours|us|ourselves)\b|\bI’[a-z]+\b", re.IGNORECASE)
#: Dialogue with a reader: "you said", "your post".
SECOND_PERSON_RE = re.compile(
    r"\b(?:yours|your (?:post|comment|point|argument|claim|question|view|reply|answer|article|"
    r"essay|paper|idea|proposal|objection|position|example)s?|you(?:'re|’re|'ve|’ve) "
    r"(?:right|wrong|saying|arguing|claiming|suggesting)|you (?:said|say|mention(?:ed)?|"
    r"argue[ds]?|wrote|write|claim(?:ed)?|seem|think|mean))\b", re.IGNORECASE)
"""Dialogue with a reader ("you said", "your post"); a generic "you" ("if you raise the
price, ...") is the textbook's reader and may stay."""


@dataclass(frozen=True, slots=True)
class Stance:
    """A claim with its lead-in removed, and whether it is someone's opinion."""

    text: str
    hedged: bool


def unhedge(sentence: str, hedged: bool = False) -> Stance:
    """Take the writer's lead-in and asides off; say whether the rest is an opinion."""
    text = sentence.strip()
    lead = LEAD_RE.match(text)
    if lead:
        text = text[lead.end():]
        hedged = True
    text, asides = ASIDE_RE.subn("", text)
    hedged = hedged or bool(asides) or bool(SOFT_RE.search(text))
    if text:
        text = text[0].upper() + text[1:]
    return Stance(text, hedged)


#: The writer speaking: "I"/"me"/"my" anywhere, or a sentence that opens with "we"/"our".
_WRITER_VOICE_RE = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|me|my|mine|myself)\b|\bI’[a-z]+\b"
                              r"|^(?:we|we're|we've|we'll|our|us)\b", re.IGNORECASE)


def writer_voice(text: str) -> bool:
    """True if the writer speaks in person ("I think", "We now turn to") or to a reader in
    a dialogue; a "we" inside a statement ("what we want") is people in general."""
    return bool(_WRITER_VOICE_RE.search(text) or SECOND_PERSON_RE.search(text))


#: The writer speaking as "I", or "we" as the authors at work ("we assume", "we will
#: see", "we call", "our model"): a card cannot say that.
_AUTHORS_RE = re.compile(
    r"\b(?:I(?!\.\s?e\.)|I'm|I've|I'd|I'll|me|my|mine|myself|ours|ourselves)\b|\bI’[a-z]+\b"
    r"|\bour\b(?!\s(?:ability|abilities|goals?|values|future|world|species|society|lives|"
    r"civilization|preferences|interests|control)\b)"
    r"|^(?:we|we're|we've|we'll|us)\b"
    r"|\bwe(?:'ll|’ll|'ve|’ve| will| shall| now| first| then| also| instead| can| could| may|"
    r" might| must| should| need to| have| had| are going to| would)*\s+"
    r"(?:assume[ds]?|see|saw|seen|"
    r"show(?:ed|n)?|call(?:ed)?|consider(?:ed)?|define[ds]?|denote[ds]?|discuss(?:ed)?|"
    r"describe[ds]?|use[ds]?|introduce[ds]?|note[ds]?|propose[ds]?|present(?:ed)?|find|found|"
    r"obtain(?:ed)?|get|got|write|wrote|compute[ds]?|train(?:ed)?|fit|start(?:ed)?|begin|"
    r"turn(?:ed)?|return(?:ed)?|say|said|do|did|done|stud(?:y|ied)|look(?:ed)?|focus(?:ed)?|"
    r"argue[ds]?|claim(?:ed)?|think|believe[ds]?|know|refer(?:red)?|take|took|make|made|"
    r"appl(?:y|ied)|set|let|treat(?:ed)?|observe[ds]?|mean|meant|talk(?:ed)?|will|shall|"
    r"ask(?:ed)?|present(?:ed)?|explore[ds]?|demonstrate[ds]?)\b",
    re.IGNORECASE)


#: The writer guiding the reader through the book: "Imagine that ...", "We will learn
#: about ...", "You type an expression": a scene, not a fact to recall.
_GUIDE_RE = re.compile(r"^(?:Imagine|Picture|Suppose|Consider|Let us|Let's|Note)\b"
                       r"|\bwe(?:'ll|’ll| will| shall| are going to) (?:now )?(?:learn|see|discuss|"
                       r"study|look|consider|talk|cover|explore|meet|introduce|return|present|"
                       r"show|describe|explain|demonstrate|focus|begin|start|turn|build|"
                       r"develop)\b"
                       r"|(?:^|[.!?]\s+)You [a-z]+s?\b(?! can\b| may\b)", re.IGNORECASE)


#: The authors' own work as the sentence's ground ("as our analysis assumes", "in our
#: interfaces"): a remark about this paper, not a fact about the concept.
_OUR_WORK_RE = re.compile(r"\bour (?:\w+ )?(?:analysis|analyses|results|experiments?|approach|"
                          r"paper|work|interfaces?|proofs?|theory|framework|implementation|"
                          r"setup|study|studies)\b", re.IGNORECASE)
#: A sentence that opens with a list of examples ("Chess, Go, Backgammon, or StarCraft
#: are some of ..."): the examples are the point, not the term.
_EXAMPLE_LIST_RE = re.compile(r"^(?:[A-Z][\w-]*,\s+){2,}")
#: A verdict as the whole predicate ("X is one of the trickiest aspects of ..."): how the
#: writer rates the thing, not what it is.
_VERDICT_PREDICATE_RE = re.compile(r"\b(?:is|are) (?:one of the|among the) (?:most |least )?"
                                   r"[a-z]+(?:est|ing)\b|\b(?:is|are) (?:a|an|the) "
                                   r"(?:great|good|bad|nice|key|big|huge) (?:idea|thing|deal)\b",
                                   re.IGNORECASE)


def guiding(text: str) -> bool:
    """True if the text walks the reader through the book, rests on the authors' own
    work, or lists examples, rather than stating a fact about the concept."""
    return bool(_GUIDE_RE.search(text) or _OUR_WORK_RE.search(text)
                or _EXAMPLE_LIST_RE.match(text) or _VERDICT_PREDICATE_RE.search(text))


def personal(text: str) -> bool:
    """True if the text speaks as "I", as the authors at work ("we assume", "our
    interfaces"), or to "you" in a dialogue: not a card's voice.  A "we" that is people
    in general ("aligned with what we want", "helps us") may stay."""
    return bool(_AUTHORS_RE.search(_ANYONE_CAN_RE.sub("", text))
                or SECOND_PERSON_RE.search(text))


#: "the actions that we can take": what anyone can do, not the authors at work.
_ANYONE_CAN_RE = re.compile(r"\b(?:that|which) we can [a-z]+\b")


def who(author: str | None) -> str:
    """The holder of an opinion as a card names it."""
    return author.strip() if author and author.strip() else "the text"


#: The writer speaking in the first person singular: the opinion is one person's.
FIRST_PERSON_RE = re.compile(r"(?:^|[\s(“\"])(?:I|I'm|I’m|I've|I’ve|I'd|I’d|my|me)"
                              r"(?=[\s,.;:!?)”\"])")


def holder(author: str | None, quote: str, block: object = None) -> str | None:
    """Who holds a view the card attributes: the page's author; "the commenter" on a
    comment page that does not name the comment's writer; or "the author" when the
    writer says "I" and the page names nobody ("According to the author, what is power?"
    reads as the view it is; "According to the text" hides that it is one)."""
    if author and author.strip():
        return author
    if in_comments(block):
        return "the commenter"
    return "the author" if FIRST_PERSON_RE.search(quote) else None


def in_comments(block: object) -> bool:
    """True if the block is a comment of a discussion page (the comments dialect)."""
    return any(t == "dialect:comments" for t in getattr(block, "tags", ()))


def attributed_statement(text: str, author: str | None) -> str:
    """A hedged statement in the card's voice: "According to NAME, x ..." or, with no
    author in the page or its metadata, "The text proposes that x ..." (never "the
    authors", which may be one person)."""
    body = _lower_first(text)
    if author and author.strip():
        return f"According to {author.strip()}, {body}"
    return f"The text proposes that {body}"


#: A quotation introduced by who said it: "Anthropic: “We define ...”".
_QUOTED_SOURCE_RE = re.compile(r"^(?P<who>[A-Z][\w&.’'-]*(?: [A-Z][\w&.’'-]*){0,2}):\s*[“\"]")


def quoted_source(quote: str) -> str | None:
    """Whose words the quoted sentence gives, when it opens "NAME: “...": the card must
    say so ("According to Anthropic, ..."), not state them as the text's own."""
    match = _QUOTED_SOURCE_RE.match(quote.strip())
    return match.group("who") if match else None


def commenter(block: object) -> str | None:
    """The author of a comment in a discussion thread: everything a comment says is that
    person's view, so a card from it always names them ("According to NAME, ...")."""
    author = getattr(block, "author", None)
    tags = getattr(block, "tags", ())
    return author if author and any(t == "dialect:comments" for t in tags) else None


def attributed_question(question: str, author: str | None) -> str:
    """A front asking for someone's view: "According to NAME, what is X?"."""
    return f"According to {who(author)}, {_lower_first(question)}"


def _lower_first(text: str) -> str:
    """Lower the first letter unless the first word is a name or an abbreviation."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and (first[1:2].isupper() or not first[1:].islower()):
        return text  # "LLMs", "McKenzie"
    if first in ("I",):
        return text
    return text[:1].lower() + text[1:]
