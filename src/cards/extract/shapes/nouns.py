"""Where a term's words start and stop: the noun-phrase helpers every shape shares.

Shapes find a cue ("is called", "i.e.", "(ABBR)"); these helpers cut the term out of the
words around the cue and say whether it can be a term at all (not a pronoun, a clause,
a number or a whole sentence).  One place, so every shape agrees on what a term is.
"""

from __future__ import annotations

import re

#: Words a term never starts or ends with.
FUNCTION_WORDS = frozenset([
    "a", "about", "above", "after", "again", "against", "all", "also", "although", "always", "am",
    "among", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being",
    "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down",
    "during", "each", "either", "else", "even", "ever", "every", "few", "for", "from", "further",
    "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "however",
    "i", "if", "in", "into", "is", "it", "its", "itself", "just", "least", "less", "let", "like",
    "may", "me", "might", "more", "most", "much", "must", "my", "no", "nor", "not", "now", "of",
    "off", "often", "on", "once", "one", "only", "onto", "or", "other", "others", "our", "ours",
    "out", "over", "own", "per", "perhaps", "quite", "rather", "same", "she", "should", "since",
    "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "then", "there",
    "these", "they", "this", "those", "though", "through", "thus", "to", "too", "under", "unless",
    "until", "up", "upon", "us", "very", "via", "was", "we", "were", "what", "whatever", "when",
    "where", "whereas", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with",
    "within", "without", "would", "yet", "you", "your", "here", "there", "many", "several",
    "various", "first", "second", "third", "next", "last", "new", "way", "ways", "thing", "things",
    "something", "anything", "everything", "nothing", "someone", "anyone", "everyone"
])
#: Pronoun-like words that make a phrase refer back rather than name something.
DEICTIC = frozenset([
    "this", "that", "these", "those", "it", "they", "them", "its", "their", "such", "here", "there"
])
#: Determiners and hedges dropped from the front of a term.
_LEADING = re.compile(
    r"^(?:(?:the|a|an|our|its|their|this|these|that|those|so-called|so called|"
    r"what we call|what i call)\s+)+", re.IGNORECASE)
_QUOTES = "\"“”'‘’`*_«»"
_WORD_RE = re.compile(r"^[A-Za-z][\w'’]*(?:[-–/][\w'’]+)*$")
MAX_TERM_WORDS = 5


def clean_term(raw: str) -> str | None:
    """The term in ``raw`` without quotes, articles and punctuation, or None if it cannot
    be one (a pronoun, a clause, a number, more than five words)."""
    text = raw.strip().strip(_QUOTES + " ,;:.()[]").strip()
    text = _LEADING.sub("", text).strip(_QUOTES + " ,;:.").strip()
    if not text or len(text) > 60:
        return None
    words = text.split()
    if not 1 <= len(words) <= MAX_TERM_WORDS:
        return None
    if any(not _WORD_RE.match(w.strip(_QUOTES)) for w in words):
        return None
    low = [w.lower().strip(_QUOTES) for w in words]
    if low[0] in FUNCTION_WORDS or low[-1] in FUNCTION_WORDS:
        return None
    if any(w in DEICTIC or w in {"i", "we", "you", "he", "she", "is", "are", "was", "were"}
           for w in low):
        return None
    if len(low) == 1 and len(low[0]) < 3 and not words[0].isupper():
        return None
    return " ".join(w.strip(_QUOTES) for w in words)


_TOKEN_RE = re.compile(r"[\w'’]+(?:[-–/][\w'’]+)*")
#: Common verbs: a noun phrase read backwards stops at one ("We want intent corrigibility").
COMMON_VERBS = frozenset([
    "want", "wants", "wanted", "have", "get", "gets", "got", "use", "uses", "make", "makes",
    "made", "take", "takes", "took", "give", "gives", "gave", "see", "sees", "saw", "call",
    "calls", "called", "say", "says", "said", "need", "needs", "let", "lets", "put", "puts",
    "keep", "keeps", "find", "finds", "found", "show", "shows", "shown", "know", "knows", "knew",
    "think", "thinks", "thought", "apply", "applies", "applied", "add", "adds", "added", "build",
    "builds", "built", "consider", "considers", "considered", "describe", "describes", "described",
    "define", "defines", "defined", "obtain", "obtains", "compute", "computes", "perform",
    "performs", "performed", "introduce", "introduces", "introduced", "propose", "proposes",
    "proposed", "assume", "assumes", "assumed", "estimate", "estimates", "estimated", "train",
    "trains", "trained", "learn", "learns", "learned", "yields", "yield", "provide", "provides",
    "provided", "require", "requires", "required"
])
#: Words a noun phrase never runs through (function words and common verbs).
STOP_AT = frozenset((FUNCTION_WORDS | COMMON_VERBS) - {"of", "and"})


def np_before(text: str, end: int, max_words: int = 4) -> str | None:
    """The noun phrase that ends at ``end``: up to ``max_words`` words back, stopping at
    punctuation or a function word ("... the effective FLOP" -> "effective FLOP")."""
    head = text[max(0, end - 120):end].rstrip()
    if not head or not (head[-1].isalnum() or head[-1] in _QUOTES):
        return None
    head = re.split(r"[,;:.!?()\[\]—–]|\s-\s", head)[-1]
    words = _TOKEN_RE.findall(head.replace("“", " ").replace("”", " "))
    out: list[str] = []
    opens_text = text[:end].lstrip().startswith(words[0]) if words else False
    for number in range(len(words) - 1, -1, -1):
        word = words[number]
        low = word.lower()
        # a capitalised verb form mid-sentence is a name ("is Thought, that is, ...")
        named = word[:1].isupper() and low in COMMON_VERBS and not (number == 0 and opens_text)
        if (low in STOP_AT and not named) or len(out) >= max_words:
            break
        out.insert(0, word)
    while out and out[0].lower() in {"of", "and"}:
        out.pop(0)
    return clean_term(" ".join(out)) if out else None


def np_after(text: str, start: int, max_words: int = 5) -> str | None:
    """The noun phrase that starts at ``start`` and runs to the next punctuation, clause
    word or ``max_words`` words ("called the operator, and ..." -> "operator")."""
    tail = text[start:start + 160].lstrip()
    quoted = re.match(r"^[\"“'‘*_]+([^\"”'’*_]{1,60})[\"”'’*_]+", tail)
    if quoted:
        return clean_term(quoted.group(1))
    tail = re.split(r"[,;:.!?()\[\]—–]|\s-\s", tail)[0]
    words = tail.split()
    while words and words[0].lower() in {"the", "a", "an"}:
        words.pop(0)
    out: list[str] = []
    for word in words:
        bare = word.strip(_QUOTES).lower()
        if bare in STOP_AT and out:
            break
        out.append(word)
        if len(out) >= max_words:
            break
    while out and out[-1].lower().strip(_QUOTES) in {"of", "and"}:
        out.pop()
    return clean_term(" ".join(out)) if out else None
