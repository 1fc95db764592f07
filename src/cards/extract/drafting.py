"""Turn concepts into cards that follow the rules of good flashcards.

* basic card: front asks what the term means, back is the explaining clause (short);
* cloze card: the best *other* sentence that uses the term, the term deleted everywhere
  it occurs (so the answer is never visible), hedges ("I think that ...") stripped;
* contrast card: a sentence that sets two kept concepts against each other.

Sentences with first/second-person references, a dangling "this"/"it" opener or a
reference to "the post" are never used as card text: they do not stand on their own.
Ids come from the concept key and the card kind only, so re-drafting keeps them.
"""

from __future__ import annotations

import re

from cards.decks import DeckCard, Source, validate_card_fields
from cards.extract.concepts import CLOZE_ONLY, REVERSE_KINDS, Concept
from cards.extract.definitions import Explanation, conditional_part, refers_to_unseen
from cards.extract.sentences import Sentence, has_obvious_typo
from cards.extract.terms import STOPWORDS, technicality
from cards.extract.wordfreqs import zipf

_HEDGE_RE = re.compile(
    r"^(?:(?:But|And|So|Also|Basically|Technically|Roughly|Ideally|Now|Still|Thus|Hence|"
    r"In other words|In general|Note that|In fact|Of course|Empirically|Usually),?\s+)*"
    r"(?:(?:I|We) (?:think|suspect|guess|believe|claim|expect|agree)(?: that)?\s+)?"
    r"(?:(?:I|We) [^,.]{0,60}? (?:is|was) that\s+)?"
    r"(?:(?:[Tt]he |[Mm]y |[Oo]ur )?(?:key |main |central )?(?:takeaway|point|claim|idea|"
    r"argument|lesson)[^,.]{0,50}? (?:is|was) that\s+)?"
)
_DANGLING_START = re.compile(
    r"^(?!It(?: is|'s) (?:possible|impossible|hard|easy|common|useful|necessary) to\b)"
    r"(?!It(?: is|'s) the [^,]{3,60}? that (?:is|are)\b)"
    r"(?:This|That|These|Those|It|Its|They|Their|He|She|His|Her|Such|Which|Here|There's|"
    r"Yes|No|Yeah|Same|Similarly|Otherwise|However|Instead|Then)\b")
_PERSONAL_RE = re.compile(
    r"\b(?:I|I'm|I've|I'd|I'll|me|my|mine|your|you're|you've|yours|we|our|us|we're|"
    r"you (?:mention|mentioned|said|say|argue|argued|claim|claimed|propose|proposed|wrote|"
    r"write|think|seem|find|found|suggest|suggested|did|note|noted)|^You|"
    r"he|she|his|her)\b|\b(?:this|the|that|your|my) (?:post|comment|paper|piece|thread|"
    r"section|article|essay|answer)\b|\b(?:above|below)\b", re.IGNORECASE)
_CONTRAST_RE = re.compile(
    r"\b(?:isn't just|is not just|not just|distinct from|differs? from|as opposed to|"
    r"rather than|unlike|versus|vs\.?|interchangeably|instead of|not the same as)\b")
#: After a mention that opens the sentence, a predicate that says what the term is or does.
_PREDICATE_RE = re.compile(
    r"^(?: \([^()]{1,60}\))?,? (?:\w+ly |just |only )?(?P<verb>is|are|means|refers to|describes|"
    r"removes|strengthens|weakens|schedules|introduces|sends|picks|selects|assigns|"
    r"rewards|punishes|penali[sz]es|estimates|says that|states that|holds that|"
    r"requires|lets|allows|enables|measures|depends on|depend on|encodes|implements|"
    r"predicts|captures|tracks|quantifies|clears|shrinks|shrink|leads? to|converges|"
    r"behaves|behave|works by|consists of|stands for|reads off|can|will|does|do|"
    r"relies on|rely on|encourages|encourage|prevents|prevent)\b"
    r"(?P<neg> not\b|n't\b)?")
#: Before a mention: the sentence opens with it (after an article or a short scene-setter).
_SUBJECT_PREFIX_RE = re.compile(
    r"^(?:(?:In|For|With|Under|Within) [^,]{1,50}, |.{12,}: )?(?:(?:The|the|A|a|An|an) )?"
    r"(?:(?:[Dd]efinition|[Nn]otion|[Mm]eaning|[Cc]oncept) of (?:the )?)?"
    r"(?:(?:[Cc]lassic|[Ss]tandard|[Tt]raditional|[Mm]odern|[Nn]aive|[Vv]anilla|[Bb]asic) )?$")
#: After "is/are": an evaluation or a hedge, not an explanation ("is something novel").
_EVALUATIVE_RE = re.compile(
    r"^(?: \([^()]{1,60}\))?,? (?:is|are) (?:(?:something|not|also|still|really|very|much|so|"
    r"mostly|more|less|most|least|far|even|way|"
    r"too|pretty|quite|probably|likely|unlikely|clearly|obviously|definitely|certainly|"
    r"good|bad|great|nice|fine|important|interesting|confusing|hard|easy|novel|useful|"
    r"helpful|wonderful|overrated|underrated|cool|awesome|wrong|right|true|false|unclear|"
    r"desirable|necessary|fiddly|tricky|weird|strange|fair|reasonable|plausible|"
    r"possible|impossible|worse|better|best|worst)\b|(?:a|an) (?:\w+ )?"
    r"(?:thing|mess|deal|idea|distraction|mistake|shame)\b|"
    r"(?:\w+, )+(?:and |or )?\w+\.?$)")
#: A sentence that opens in the term's world: "In a causal-masked transformer, <clause>".
_SCENE_RE = re.compile(r"^In (?:a|an|the) $")
#: "A consequence-blind simulator that predicts ... will ...": a relative-clause subject.
_RELATIVE_RE = re.compile(
    r"^ (?:that|which) [^,;]{3,80}? (?:will|can|is|are|does|do)\b")
#: "techniques like X further shrink ...": the sentence classifies X and says what it does.
_LIKE_RE = re.compile(r"^(?:And |But |So )?\w+s (?:like|such as) $")
#: "It's the X and Y that are responsible for ...": a cleft sentence about X.
_CLEFT_RE = re.compile(r"^It(?:'s|’s| is) (?:the )?(?:[\w -]{3,40}? (?:and|an|or) (?:the )?)?$")
#: A following sentence that continues the explanation: "This effectively prevents ...".
_CONTINUES_RE = re.compile(
    r"^(?:This|It) (?:\w+ly )?(?:prevents|means|makes|lets|allows|ensures|guesses|"
    r"predicts|encodes|removes|reduces|increases|gives|forces|stops)\b|^That is, ")

#: Before a mention: the sentence classifies something as an instance of the term.
_CATEGORY_RE = re.compile(
    r"\b(?:form|kind|type|instance|example|question|matter|version|measure|"
    r"called|known as|termed|dubbed) (?:of )?(?:the |a |an )?[\"“]?$")
#: After a mention: how the term is achieved or what it is ("X by placing ...").
_MECHANISM_RE = re.compile(r"^ (?:by \w+ing|\(i\.e\.|, (?:which|that) (?:is|are|means))\b")
MAX_WORDS = 40
#: A cloze next to a basic card must say more than a short relation ("Xs depend on Y.").
MIN_EXTRA_WORDS = 9
#: A claim and the "But ..." that qualifies it are one point; they may run this long.
MAX_CLAIM_WORDS = 45
MIN_WORDS = 6
#: Backs longer than this are cut at a clause boundary (one idea, short answer).
MAX_BACK_WORDS = 25
_FIRST_PERSON_RE = re.compile(r"\b(?:I|I'm|I've|I'd|my|me|we|our|us)\b")
#: Where a long back may be cut: a comma, a dash, or a bare contrast/reason conjunction
#: ("which", "so", "while" only after a comma: "learn to tell which method" is one clause).
_CLAUSE_CUT_RE = re.compile(r" (?:because|but|although|though)\b|, | - ")
#: A trailing adverbial clause ("... as your starting estimate before adjusting for ...").
_TRAILING_CLAUSE_RE = re.compile(
    r" (?:before|after|until|unless|whereas|once) (?:(?! - | — )[^,;()])*$")
#: A back may run this much past MAX_BACK_WORDS when only a trailing clause is dropped.
MAX_KEPT_LIST_WORDS = 30


def slug(key: str) -> str:
    """A card-id-safe form of a concept key ("e flop" -> "e-flop")."""
    text = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")
    return (text or "concept")[:100]


def own_hedge(sentence: str) -> bool:
    """True if the sentence opens with the writer's own hedge ("I think ...", "We believe
    that ..."): what follows is an opinion, whoever states it."""
    stripped = sentence.strip()
    text = _HEDGE_RE.sub("", stripped, count=1)
    return bool(_FIRST_PERSON_RE.search(stripped[: len(stripped) - len(text)]))


#: After a hedge, a definition of the term that opens the claim ("X is/means/refers to").
_DEFINES_RE = re.compile(r"^(?: \([^()]{1,60}\))?,? (?:is|are|means|refers to)\b")


def _hedged_opinion(text: str, sentence: str, match: re.Match[str]) -> bool:
    """A cloze states its text as fact with no attribution: a hedged first-person claim is
    refused unless what follows the hedge defines the term it opens with."""
    if not own_hedge(sentence):
        return False
    opens = re.fullmatch(r"(?:(?:According to [^,]+, )?(?:[Tt]he |[Aa]n? )?)", text[:match.start()])
    return not (opens and _DEFINES_RE.match(text[match.end():]))


def card_text(sentence: str, author: str | None = None) -> str | None:
    """The sentence as a self-contained card statement, or None if it cannot stand alone.

    A leading hedge is stripped; if it was the writer's own ("I think that X"), the claim
    is attributed ("According to <author>, X") when the page shows the author.
    """
    stripped = sentence.strip()
    text = _HEDGE_RE.sub("", stripped, count=1).strip()
    own = bool(_FIRST_PERSON_RE.search(stripped[: len(stripped) - len(text)]))
    if not text:
        return None
    text = text[0].upper() + text[1:]
    words = len(text.split())
    if not MIN_WORDS <= words <= MAX_WORDS or _DANGLING_START.match(text):
        return None
    if _PERSONAL_RE.search(text) or text.endswith("?") or has_obvious_typo(text):
        return None  # a typo ("an parameter-function map") would be on the card
    if own and author:
        return f"According to {author}, {text[0].lower() + text[1:]}"
    return text


def _mention_re(concept: Concept) -> re.Pattern[str]:
    forms = {s for s in concept.surfaces if s} | set(concept.keys)
    if concept.abbreviation:
        forms |= set(concept.abbreviation)
    variants: set[str] = set()
    for form in forms:
        escaped = re.escape(form).replace(r"\-", "[- ]?").replace(r"\ ", "[- ]")
        variants.add(escaped + r"(?:s|es)?")
    alternatives = "|".join(sorted(variants, key=lambda v: (-len(v), v)))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def display_name(concept: Concept) -> str:
    """How the concept is named on cards: "E-FLOP (effective FLOP)", "Rashomon set"."""
    if concept.abbreviation:
        abbr, expansion = concept.abbreviation
        return f"{abbr} ({expansion})"
    ranked = sorted(concept.surfaces.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))
    ranked = [(_singular_phrase(s), n) for s, n in ranked]
    name = ranked[0][0] if ranked else concept.key
    hyphenated = sorted(s for s, _ in ranked if "-" in s and s.islower() and name.islower()
                        and s.replace("-", " ") == name.replace("-", " ") and s != name)
    if hyphenated:  # keep the text's spelling: "parameter-function map" when written so
        name = hyphenated[0]
    first = name.split(" ")[0]
    proper = _PROPER_RE.search(name) is not None  # "Baumol's cost disease", "Red Queen ..."
    if (first[:1].isupper() and first[1:].islower() and not proper and not concept.proper_first
            and first.lower() in concept.key.split(" ")[:1]):
        lower = first.lower()
        if " " in name and (zipf(lower) >= 3.5 or "-" in first):
            name = lower + name[len(first):]  # "Direct self-improvement" opened a sentence
    first = name.split(" ")[0]
    if (concept.initial_capital and first[:1].isupper() and first[1:] == first[1:].lower()
            and not concept.abbreviation and not proper):
        name = first.lower() + name[len(first):]  # the capital only came from sentence starts
    if concept.definite:
        name = "the " + name
    short = [s for s, _ in ranked if "-" in s and len(s.split("-")[0]) == 1]
    longer = [s for s, _ in ranked if s not in short and " " in s]
    if short and longer:
        return f"{short[0]} ({longer[0]})"
    if name[:1].isupper() and name.split(" ")[0].lower() == name.split(" ")[0].lower() and (
            not name[1:2].isupper()) and len(concept.surfaces) > 1:
        lowered = [s for s in concept.surfaces if s[:1].islower()]
        if lowered:
            return sorted(lowered, key=lambda s: (-concept.surfaces[s], s))[0]
    return name


#: A proper name inside a concept name: a possessive ("Baumol's") or a later capital word.
_PROPER_RE = re.compile(r"^[A-Z][a-z]+['’]s\b|^\S+(?: \S+)*? [A-Z][a-z]")


def _singular_phrase(surface: str) -> str:
    from cards.extract.aliases import singular

    head, _, last = surface.rpartition(" ")
    return f"{head} {singular(last)}".strip() if " " in surface else singular(surface)


def _source(sentence: Sentence, until: Sentence | None = None) -> Source:
    passage = sentence.passage
    quote = passage.text[sentence.start:(until or sentence).end]
    return Source(file=passage.file, line=passage.line, quote=quote, author=passage.author)


#: What an explanation leads to: ", which means ...", ", so ...".
_CONSEQUENCE_RE = re.compile(r"^,? (?:which means|which implies|so that|so|and so|and thus|"
                             r"and hence|hence|thus)\b")


def with_consequence(sentence: str, explanation: str, limit: int = 40) -> str:
    """The explanation with the consequence the sentence draws from it ("..., which means
    there's no linear transformation that recovers all the features"), when the whole
    stays within ``limit`` words; else the explanation cut to its clause."""
    text = explanation.strip().rstrip(".")
    at = sentence.find(text)
    if at >= 0:
        rest = sentence[at + len(text):]
        if _CONSEQUENCE_RE.match(rest):
            whole = (text + rest).strip().rstrip(".")
            if len(whole.split()) <= limit:
                return whole[0].upper() + whole[1:] + "."
    return short_back(text)


def short_back(text: str) -> str:
    """The explanation as a back: capitalised, cut to its defining clause, full stop."""
    text = text.strip().rstrip(".").strip()
    words = text.split()
    trailing = _TRAILING_CLAUSE_RE.search(text) if len(words) > MAX_BACK_WORDS else None
    if trailing and 12 <= len(text[:trailing.start()].split()) <= MAX_KEPT_LIST_WORDS:
        text, words = text[:trailing.start()], []  # keep the last step of a procedure
    if len(words) > MAX_BACK_WORDS:
        cuts = [m.start() for m in _CLAUSE_CUT_RE.finditer(text)
                if 6 <= len(text[:m.start()].split()) <= MAX_BACK_WORDS]
        if cuts:
            text = text[:cuts[-1]]
    if not text:
        return ""  # nothing left to say: the caller's card is dropped as thin
    text = text[0].upper() + text[1:]
    return text if text.endswith(("!", "?", ")", "\"", "”")) else text + "."


_OF_IS_NOUN_RE = re.compile(r"\b(challenge|point|idea|essence|gist|core|crux|hallmark) of\b")


#: Head nouns of named ideas: "<name> principle/law/effect ..." is "the <name> principle".
_NAMED_IDEA_HEADS = frozenset(
    ["principle", "law", "effect", "problem", "theorem", "hypothesis", "paradox", "fallacy",
     "conjecture", "dilemma", "lemma", "curse", "razor", "argument", "thesis"])


#: Words after which a bare mention is a vote for "no article" ("Superposition is ...",
#: "... called chunking"): a preposition, a verb or a conjunction, not a modifier.
_BARE_BEFORE_TEXT = (
    "is are was were be been of in on for with about by from to as and or like into than "
    "without call called calls use uses using used mean means meant that whether through "
    "via under over against between during after before because if when while")
_BARE_BEFORE = frozenset(_BARE_BEFORE_TEXT.split())
#: Initial letters of abbreviations that are read with a vowel sound ("an LLM", "an RL agent").
_VOWEL_LETTERS = frozenset("AEFHILMNORSX")


def indefinite(phrase: str) -> str:
    """"a" or "an" by sound: a vowel letter, except a "you"/"w" sound ("a unit", "a
    one-off", "a European"); a silent h ("an hour"); abbreviations by letter name."""
    word = re.sub(r"^[\"“‘'(]+", "", phrase).split(" ")[0].split("-")[0]
    if len(word) > 1 and word.isupper():
        return "an" if word[0] in _VOWEL_LETTERS else "a"
    low = word.lower()
    if re.match(r"(?:uni|use|usu|uti|ura|ure|uro|eu|ewe|one|once|ubiq)", low):
        return "a"
    if re.match(r"(?:hour|honest|honou?r|heir)", low):
        return "an"
    return "an" if low[:1] in ("a", "e", "i", "o", "u") else "a"


def _article_votes(name: str, text: str, label_ok: bool = False) -> list[str]:
    """How ``text`` introduces ``name`` at each singular mention: "the", "a" or "" (bare,
    after a verb or preposition or at the start of running prose).  A list label ("1. X.",
    "X: ...") is telegraphic and gives no vote; nor does a plural, another determiner, or a
    mention that modifies a following noun ("the bus factor problem")."""
    words = [re.escape(w) for w in re.split(r"[- ]", name)]
    body = r"[\"”’']?[- ][\"“‘']?".join(words)
    pattern = re.compile(rf"(?<![\w-])[\"“‘']?{body}[\"”’']?(?P<tail>s\b|es\b)?(?![\w-])",
                         re.IGNORECASE)
    votes: list[str] = []
    for match in pattern.finditer(text):
        if match.group("tail"):
            continue  # a plural mention: any article it has is not the singular's
        after = text[match.end():]
        if re.match(r"(?:['’]s)? [a-z]", after):
            following = after.lstrip("'’s ").split(" ")[0].rstrip(".,;:!?)")
            if following not in STOPWORDS and not re.fullmatch(r"[a-z]+(?:s|ed)", following):
                continue  # "the bus factor problem": the article belongs to a longer noun
        before = text[:match.start()]
        prev = re.search(r"([\w'’]+)[\s\"“‘']*$", before)
        prefix = before.strip(" \"“‘'")
        if not prefix or re.fullmatch(r"(?:[-*•]|\d+[.)])", prefix):
            if not label_ok and re.match(r"[\"”’']?\s*(?:[.:]|\s[-–—]\s)", after):
                continue  # "1. Dominant strategy." / "Tidal pruning: ...": a label
            votes.append("")  # "Superposition is ...": the sentence opens with it
            continue
        word = prev.group(1).lower() if prev else ""
        if word == "the":
            votes.append("the")
        elif word in ("a", "an"):
            votes.append("a")
        elif word in _BARE_BEFORE:
            votes.append("")
        # an adjective, another determiner or a possessive before it: no vote
    return votes


def _countable_head(name: str, text: str) -> bool:
    """True if the text counts the name's head noun ("a mixed strategy", "strategies"):
    then a singular name the text never uses in running prose is a count noun."""
    head = name.split(" ")[-1].lower()
    if not head.isalpha() or head.endswith(("ing", "ness", "ity", "ion", "ance", "ence", "s")):
        return False
    plural = head[:-1] + "ies" if head.endswith("y") else head + "s"
    return re.search(rf"\b(?:(?:an?|every|each|another) (?:\w+ ){{0,2}}{head}|{plural})\b",
                     text, re.IGNORECASE) is not None


def _article(name: str, sentence: Sentence, context: str = "",
             mentions: tuple[str, ...] = ()) -> str:
    """The article the text itself gives the term: "the X" where it writes "the X", "a/an
    X" (by sound) where it writes "a X", none for a bare or proper name.  The defining
    sentence decides when the mentions disagree; a named principle always takes "the"."""
    if name.startswith(("the ", "a ", "an ")):
        return name
    if re.match(r"^\S+['’]s ", name) or (name.isupper() and " " not in name):
        return name  # "Newcomb's problem": the possessive is the article; "BATNA"
    words = name.split(" ")
    if len(words) > 1 and words[-1].lower() in _NAMED_IDEA_HEADS and not name.isupper():
        return f"the {name}"
    defining = f"{context} {sentence.text}" if context else sentence.text
    votes = _article_votes(name, defining)
    if not votes:
        votes = [v for text in mentions for v in _article_votes(name, text)]
    if votes:
        counts = {v: votes.count(v) for v in set(votes)}
        best = max(counts.values())
        article = next(v for v in votes if counts[v] == best)  # a tie: the first one
    elif name[:1].islower() and _countable_head(
            name, " ".join(mentions) + f" {sentence.passage.text} {defining}"):
        article = "a"
    else:
        article = ""
    if article == "a":
        return f"{indefinite(name)} {name}"
    return f"{article} {name}" if article else name


def _plural(concept_name: str, surface: str) -> str:
    """The name in the plural when the explaining sentence uses it so ("Quiet basins: ...")."""
    last = surface.split(" ")[-1]
    if (surface.lower() != concept_name.lower() and last.lower().endswith("s")
            and surface.lower().startswith(concept_name.lower()[:-1])
            and not concept_name.startswith(("the ", "a ", "an "))):
        return concept_name + surface[len(concept_name):]
    return concept_name


#: Heads that make a multi-word name plural: "Red Queen dynamics are ...".
_PLURAL_HEADS = frozenset(["dynamics", "statistics", "economics"])


def _front(concept_name: str, expl: Explanation, sentence: Sentence, context: str = "",
           back: str = "", mentions: tuple[str, ...] = ()) -> str:
    """A natural question for the kind of explanation the text gives."""
    kind = expl.kind
    base = concept_name.split(" (")[0]
    plural = _plural(base, expl.term)
    be = "are" if plural != base or re.search(
        rf"\b{re.escape(expl.term)} are\b", sentence.text) or (
        " " in base and base.split(" ")[-1].lower() in _PLURAL_HEADS) else "is"
    concept_name = (plural if plural != base or be == "are"
                    else _article(base, sentence, context, mentions))
    if kind == "ie-verb":  # "should be the martingale (i.e. have ...)": what a X is
        question = f"What is {indefinite(base)} {base}, as the text uses it?"
    elif kind == "ie-has":
        question = f"What does it mean to {expl.cue} {base}?"
    elif kind == "ie-short":
        question = f"What is {concept_name}, in other words?"
    elif kind == "restate":
        question = f"What does {concept_name} say?"
    elif kind == "means" and sentence.text.startswith("Being "):
        question = f"What does it mean to be {base}?"  # "Being calibrated means that ..."
    elif kind == "claim":  # an argument or prediction, not a definition
        who = sentence.passage.author
        topic = plural if plural != base else base
        question = (f"What does {who} argue about {topic}?" if who
                    else f"What is claimed about {topic}?")
        return question
    elif kind == "idea-of":
        question = f"What is the idea of {concept_name}?"
    elif kind in ("follow-does", "alias-does"):  # "1. Weight decay. It shrinks ...": what it does
        question = f"What {'do' if be == 'are' else 'does'} {concept_name} do?"
    elif kind == "of-is" and expl.cue:  # "X: the claim is that ..."
        question = f"What is the {expl.cue} of {concept_name}?"
    elif kind == "of-is" and (noun := _OF_IS_NOUN_RE.search(sentence.text)):
        question = f"What is the {noun.group(1)} of {concept_name}?"
    elif re.match(r"You (?:should|must|need to) ", back):  # advice the idea gives
        question = f"What does {concept_name} say you should do?"
    elif back.startswith("You "):  # "you pick ..., look ..., and use ...": a procedure
        question = f"How {'do' if be == 'are' else 'does'} {concept_name} work?"
    else:
        question = f"What {be} {concept_name}?"
    author = sentence.passage.author
    if author and _FIRST_PERSON_RE.search(sentence.text):
        question = f"According to {author}, {question[0].lower()}{question[1:]}"
    return question


#: A back's second idea: ", and <new subject> <verb> ..." ("..., and the outside view is the
#: standard cure").
_SECOND_IDEA_RE = re.compile(
    r", and (?:(?:the|a|an|this|that|these|those|its|their) )?[\w-]+(?: [\w-]+){0,3} "
    r"(?:is|are|was|were|has|have|can|will|does|do|makes?|gives?|helps?)\b")
#: A definition followed by an example after a colon ("the error of X: people hear ...").
_EXAMPLE_TAIL_RE = re.compile(r": (?=\S)")
#: "it"/"them"/"this" as an object or subject: a pronoun whose antecedent must be on the card.
_DANGLING_RE = re.compile(r"\b(?:it|them|they|this|these|those)\b(?![\w-])")
_CLAUSE_WORD_RE = re.compile(r"\b(?:that|which|who|whose|because|when|where|if|you|one)\b",
                             re.IGNORECASE)
#: The previous sentence's subject, when it opens with "The X is/are".
_SUBJECT_RE = re.compile(r"^(?:The|A|An) (?P<np>[a-z][\w-]*(?: [a-z][\w-]*){0,3}) is\b")


def _one_idea(back: str) -> str:
    """Cut a back to its definition: drop ", and <new subject> <verb> ..." and a ": <example>"
    tail when the part before is a complete definition (at least four words)."""
    body = back.rstrip(".")
    for regex in (_SECOND_IDEA_RE, _EXAMPLE_TAIL_RE):
        match = regex.search(body)
        if match and len(body[:match.start()].split()) >= 4:
            body = body[:match.start()]
    return back if body == back.rstrip(".") else body + "."


def _dangling_object(back: str) -> bool:
    """True if the back uses it/them/this/they with nothing it could stand for: the only
    noun phrase before the pronoun is the back's own head ("The error of ignoring it")."""
    for match in _DANGLING_RE.finditer(back):
        before = back[:match.start()]
        if _CLAUSE_WORD_RE.search(before):
            return False  # "an option that ... because it ...": the clause has a subject
        heads = [m for m in _ANTECEDENT_RE.finditer(before) if m.start() > 0]
        if not heads:
            return True
    return False


def _basic(concept: Concept, by_index: dict[int, Sentence], name: str) -> DeckCard | None:
    if concept.abbreviation and not concept.explained:
        abbr, expansion = concept.abbreviation
        sentence = next((by_index[i] for i in sorted(concept.mentions)
                         if expansion in by_index[i].text and abbr in by_index[i].text), None)
        if sentence is None:
            return None
        return DeckCard(id=f"{slug(concept.key)}-basic", type="basic", status="draft",
                        concept=name,
                        front=f"What {'do' if re.fullmatch(r'[A-Z]{2,}s', abbr) else 'does'} "
                              f"{abbr} stand for?",
                        back=expansion, source=_source(sentence))
    usable = [(i, e) for i, e in concept.explained
              if e.kind not in REVERSE_KINDS and e.kind not in CLOZE_ONLY
              and not refers_to_unseen(by_index[i].text)]
    if not usable:
        return None
    index, expl = usable[0]
    sentence = by_index[index]
    until = None
    if expl.kind in ("by-this", "that-is", "instead-of", "follow", "follow-does"):
        # the term is in the sentence before
        sentence, until = by_index[index - 1], sentence
    shown = _plain_name(name)
    if expl.kind == "such-that":  # the back must not say the term it asks for
        text = by_index[index].text
        at = text.find(expl.term)
        lead = text[:at].strip() if at > 0 else ""
        stand_in = "ones" if expl.term.endswith("s") else "one"
        back = short_back(f"{lead} {stand_in}{text[at + len(expl.term):]}" if lead
                          else f"{stand_in}{text[at + len(expl.term):]}" if at == 0 else text)
    elif expl.kind == "claim":
        back, until = _claim_back(by_index[index], expl, by_index)
    elif expl.kind == "ie-verb":  # "have expected change zero" -> "Something that has ..."
        verb, _, rest = expl.text.partition(" ")
        third = {"have": "has", "be": "is", "do": "does"}.get(verb.lower(), verb)
        back = short_back(f"something that {third} {rest}".strip())
    else:
        back = short_back(re.sub(r"^that (?=\w)", "", expl.text) if expl.kind == "means"
                          else expl.text)
        previous = by_index.get(index - 1)
        if (expl.kind == "idea-of" and until is None and _THIS_MAKES_RE.match(sentence.text)
                and previous is not None and previous.passage is sentence.passage
                and previous.clean and not _PERSONAL_RE.search(previous.text)
                and not _DANGLING_START.match(previous.text)
                and len(back.split()) + len(previous.text.split()) <= MAX_BACK_WORDS):
            # "A. This makes the idea of X tempting: B": B is the idea, A is why
            back = f"{back.rstrip('.')}; {previous.text[0].lower()}{previous.text[1:]}"
            sentence, until = previous, sentence
    if expl.kind not in ("claim", "such-that", "ie-verb", "follow", "follow-does", "by-this",
                         "that-is", "instead-of"):
        back = _one_idea(back)
        if _dangling_object(back):
            previous = by_index.get(index - 1)
            subject = _SUBJECT_RE.match(previous.text) if (
                previous is not None and until is None and previous.passage is sentence.passage
                and previous.clean) else None
            if subject is None:
                return None  # "the error of ignoring it": it is not on the card
            back = _DANGLING_RE.sub(f"the {subject.group('np')}", back, count=1)
            sentence, until = previous, sentence
    advice = re.match(r"You (?:should|must|need to) (?=\w)", back)
    mentions = tuple(by_index[i].text for i in sorted(concept.mentions) if i in by_index)
    front = _front(shown, expl, until or sentence, sentence.text if until else "", back,
                   mentions)
    if advice:  # "What does X say you should do?" -> "Specialise in ..."
        back = back[advice.end()].upper() + back[advice.end() + 1:]
    return DeckCard(id=f"{slug(concept.key)}-basic", type="basic", status="draft",
                    concept=name, front=front, back=back, source=_source(sentence, until))


#: A claim that states a default ("by default", "usually"), which a "But ..." sentence
#: right after qualifies: the qualification is the point.
_DEFAULT_RE = re.compile(r"\b(?:by default|usually|typically|in general|normally|generally)\b",
                         re.IGNORECASE)
_SO_RE = re.compile(r",? so (?=\w)")


def _claim_back(sentence: Sentence, expl: Explanation,
                by_index: dict[int, Sentence]) -> tuple[str, Sentence | None]:
    """The back of a "Label: claim" item: the claim, and when it states a default that the
    next sentence qualifies ("..., so by default A. But if ..., B a lot!"), that sentence
    too; if both do not fit, the reason before "so" goes and the point stays."""
    back = short_back(expl.text)
    following = by_index.get(sentence.index + 1)
    if (following is None or following.passage is not sentence.passage
            or not following.clean or not following.text.startswith("But ")
            or not _DEFAULT_RE.search(expl.text) or refers_to_unseen(following.text)):
        return back, None
    claim = expl.text.strip().rstrip(".")
    limit = MAX_CLAIM_WORDS
    if len(claim.split()) + len(following.text.split()) > limit:
        so = _SO_RE.search(claim)
        if so is None:
            return back, None
        claim = claim[so.end():]
        claim = claim[0].upper() + claim[1:]
    if len(claim.split()) + len(following.text.split()) > limit:
        return back, None
    return f"{claim}. {following.text}", following


#: "This makes the idea of X tempting: ...": the sentence before says why.
_THIS_MAKES_RE = re.compile(r"^(?:This|That) (?:makes|is why|explains why|motivates)\b")


def _plain_name(name: str) -> str:
    """The name as it reads mid-sentence (a capital only from the sentence start goes)."""
    return name


def _reverse(concept: Concept, by_index: dict[int, Sentence], name: str) -> DeckCard | None:
    """From explanation to term, for "... (i.e. TERM)": the text names the idea it explains."""
    for index, expl in concept.explained:
        if expl.kind not in REVERSE_KINDS:
            continue
        sentence = by_index[index]
        explanation = expl.text[0].lower() + expl.text[1:]
        if unresolved_pronoun(explanation):
            continue  # "do what its user wants": whose user? the card cannot say
        who = sentence.passage.author
        front = (f'What does {who} call "{explanation}"?' if who
                 else f'What is the term for "{explanation}"?')
        shown = expl.term if expl.kind in ("call", "ie-quoted") else name
        back = shown[0].upper() + shown[1:] if shown[:1].islower() else shown
        return DeckCard(id=f"{slug(concept.key)}-reverse", type="basic", status="draft",
                        concept=name, front=front, back=back, source=_source(sentence))
    return None


_PRONOUN_RE = re.compile(r"\b(?:it|its|they|them|their|theirs|he|him|his|she|her|this|these|"
                         r"those)\b", re.IGNORECASE)
_ANTECEDENT_RE = re.compile(r"\b(?:a|an|the|any|some|each|every) [\w-]+|\b[A-Z][\w-]+ [A-Z]|"
                            r"\b[A-Z]{2,}\b")


def unresolved_pronoun(phrase: str) -> bool:
    """True if a phrase uses a pronoun with nothing before it in the phrase that it could
    stand for ("do what its user wants"; not "get an AI that does what a human wants it
    to do")."""
    for match in _PRONOUN_RE.finditer(phrase):
        if not _ANTECEDENT_RE.search(phrase[:match.start()]):
            return True
    return False


def _explains(text: str, match: re.Match[str], single_word: bool) -> bool:
    """True if the sentence says what the mentioned term is or does, not just uses it."""
    before, after = text[:match.start()], text[match.end():]
    if _EVALUATIVE_RE.match(after):
        return False  # "X is something novel and non-trivial": argues, does not explain
    if _CATEGORY_RE.search(before) or _MECHANISM_RE.match(after):
        return True
    if _SCENE_RE.match(before) and re.match(r"^, (?:\w+ ){2,}", after):
        return True  # "In a causal-masked transformer, attention layers can ..."
    if _LIKE_RE.match(before) and re.match(r"^ (?:\w+ly |further |also )?[a-z]+ ", after):
        return True  # "techniques like iterative amplification further shrink ..."
    if _CLEFT_RE.match(before) and re.search(r" that (?:is|are) ", after[:80]):
        return True  # "It's the loss landscape ... that are responsible for ..."
    if not _SUBJECT_PREFIX_RE.match(before):
        return False
    relative = _RELATIVE_RE.match(after)
    if relative:  # "A consequence-blind simulator that predicts ... will ..."
        rest = after[relative.end():]
        return not single_word and not _EVALUATIVE_RE.match(rest)
    predicate = _PREDICATE_RE.match(after)
    if predicate is not None and _VAGUE_DOES_RE.match(after[predicate.end():]):
        return False  # "X does most of the work": a verdict, not what X is
    return predicate is not None and not (single_word and predicate.group("neg"))


_VAGUE_DOES_RE = re.compile(
    r"^ (?:most|all|much|little|none|nothing|a lot|the (?:heavy )?lifting|the (?:real )?work|"
    r"(?:a|the) (?:\w+ )?job|well|badly|better|worse)\b")


def _cloze_score(text: str, mention: re.Match[str]) -> float:
    """Prefer short sentences that have the term as subject and say what it is."""
    score = 0.0
    if mention.start() <= 4:
        score += 4.0
    score -= 1.5 * len(re.findall(r"[/\"“”$%=]|\d", text)) ** 0.5
    if re.search(r"\b(?:is|are|means|refers to|called|defined)\b", text):
        score += 2.0
    score -= abs(len(text.split()) - 18) / 6
    return score


def _continuation(sentence: Sentence, sentences: list[Sentence]) -> Sentence | None:
    """The next sentence of the passage when it goes on explaining ("This prevents ...")."""
    following = sentences[sentence.index + 1] if sentence.index + 1 < len(sentences) else None
    if (following is None or following.passage is not sentence.passage
            or not following.clean or not _CONTINUES_RE.match(following.text)):
        return None
    if _PERSONAL_RE.search(following.text) or refers_to_unseen(following.text):
        return None
    return following


#: Generic "you" ("if you suppose ..., your credence ..."), not dialogue ("you said").
_GENERIC_YOU_RE = re.compile(
    r"\b(?:you|your)\b(?! (?:mention|mentioned|said|say|argue|argued|claim|claimed|propose|"
    r"proposed|wrote|write|think|seem|find|found|suggest|suggested|did|note|noted|post|"
    r"comment|paper|piece|thread|section|article|essay|answer|results?|work|team)\b)",
    re.IGNORECASE)
_PARENTHESIS_RE = re.compile(r" \([^()]*\)")


def shape_text(sentence: str, kind: str, author: str | None,
               pattern: re.Pattern[str]) -> str | None:
    """Card text for a conditional ("[lead: ]if you ..., ...") or a contrast-object sentence:
    the part after a lead-in colon, generic "you" allowed, trimmed to MAX_WORDS."""
    if kind == "conditional":
        text = conditional_part(sentence)
    else:
        lead, _, rest = sentence.partition(": ")
        text = rest if rest and rest[:1].islower() and len(lead.split()) <= 15 else sentence
    if not text:
        return None
    lead = sentence[: len(sentence) - len(text)]
    own = bool(_FIRST_PERSON_RE.search(lead))
    text = text[0].upper() + text[1:]
    if len(text.split()) > MAX_WORDS:
        text = _PARENTHESIS_RE.sub("", text)
    mention = pattern.search(text)
    if mention is None:
        return None
    if len(text.split()) > MAX_WORDS:  # cut at the first clause boundary after the term
        cut = text.find(", ", mention.end())
        if cut < 0:
            return None
        text = text[:cut] + "."
    generic = (text.startswith(("If you ", "If your ")) and kind == "conditional") or bool(
        re.match(r"^[A-Z][\w -]{2,40}? (?:lets?|allows?|helps?) you\b", text))
    checked = _GENERIC_YOU_RE.sub("one", text) if generic else text
    if (not MIN_WORDS <= len(text.split()) <= MAX_WORDS or _PERSONAL_RE.search(checked)
            or _DANGLING_START.match(text) or refers_to_unseen(text)):
        return None
    if own and author:
        return f"According to {author}, {text[0].lower() + text[1:]}"
    return text


def _clause_cloze(concept: Concept, sentences: list[Sentence], name: str,
                  pattern: re.Pattern[str]) -> DeckCard | None:
    """A cloze on a parenthetical statement: "(weight decay encourages spreading out ...)"."""
    for index, expl in concept.explained:
        if expl.kind != "clause":
            continue
        sentence = sentences[index]
        start = sentence.text.find(expl.text)
        text = expl.text[0].upper() + expl.text[1:] + "."
        if (start < 0 or _PERSONAL_RE.search(text) or refers_to_unseen(text)
                or has_obvious_typo(text) or not MIN_WORDS <= len(text.split()) <= MAX_WORDS):
            continue
        cloze = pattern.sub(lambda m: "{{c1::" + m.group(0) + "}}", text)
        if "{{c1::" not in cloze:
            continue
        passage = sentence.passage
        at = sentence.start + start
        source = Source(file=passage.file, line=passage.line,
                        quote=passage.text[at:at + len(expl.text)], author=passage.author)
        return DeckCard(id=f"{slug(concept.key)}-cloze", type="cloze", status="draft",
                        concept=name, text=cloze, source=source)
    return None


def _cloze(concept: Concept, sentences: list[Sentence], name: str,
           avoid: set[int], statement: bool = False, has_basic: bool = False) -> DeckCard | None:
    """The best cloze for a concept (see the module doc).

    ``statement``: the concept has no other card, so a sentence that only says things about
    the term becomes a basic "What does the text say about X?" card.  ``has_basic``: a
    basic card already explains the term, so a short relation ("Xs depend on the
    benchmark") adds nothing and is refused.
    """
    pattern = _mention_re(concept)
    single = " " not in concept.key
    if single and not concept.explained and technicality(concept.key) < 2.0:
        return None  # an everyday word ("threshold") needs the text to define it
    generic = max((technicality(w) for w in re.split(r"[ -]", concept.key) if w),
                  default=0.0) < 1.5
    best: tuple[float, int, str, Sentence] | None = None
    about_only: set[int] = set()  # sentences admitted only for naming the term twice
    shaped = {i: e.kind for i, e in concept.explained
              if e.kind in ("conditional", "contrast-object")}
    for i in sorted(concept.mentions - avoid):
        sentence = sentences[i]
        if not sentence.clean or refers_to_unseen(sentence.text):
            continue
        if i in shaped:
            text = shape_text(sentence.text, shaped[i], None, pattern)  # author: source
            if text is not None and own_hedge(sentence.text):
                continue  # an opinion: a cloze would state it as fact
            if text is not None:
                body = text.split(", ", 1)[1] if text.startswith("According to ") else text
                score = _cloze_score(body, pattern.search(body))
                if best is None or score > best[0]:
                    best = (score, i, text, sentence)
                continue
        text = card_text(sentence.text)  # a cloze's author is its source's, not its text
        if text is None or (has_basic and len(text.split()) < MIN_EXTRA_WORDS):
            continue
        body = text.split(", ", 1)[1] if text.startswith("According to ") else text
        matches = list(pattern.finditer(body))
        if not matches or _hedged_opinion(body, sentence.text, matches[0]):
            continue
        # a term said twice, the second time as the subject of a predicate, is the topic
        about = len(matches) > 1 and not generic and any(
            _PREDICATE_RE.match(body[m.end():]) and not _EVALUATIVE_RE.match(body[m.end():])
            for m in matches[1:])
        if not about and not _explains(body, matches[0], single):
            continue
        if about and not _explains(body, matches[0], single):
            about_only.add(i)
        score = _cloze_score(body, matches[0])
        if best is None or score > best[0]:
            best = (score, i, text, sentence)
    if best is None:
        return _clause_cloze(concept, sentences, name, pattern)
    _, _, text, sentence = best
    following = _continuation(sentence, sentences)
    if following is not None and len(text.split()) + len(following.text.split()) <= 60:
        text = f"{text} {following.text}"
    if best[1] in about_only and following is None and statement:
        # the text only says things *about* the term ("Larger model classes often have
        # bigger Rashomon sets and ... in the same Rashomon set can ..."): a cloze with the
        # term blanked twice teaches nothing; ask what the text says about it instead
        first = pattern.search(text)
        shown = _plural(name, first.group(0)) if first else name
        who = sentence.passage.author
        front = (f"What does {who} say about {shown}?" if who
                 else f"What does the text say about {shown}?")
        return DeckCard(id=f"{slug(concept.key)}-basic", type="basic", status="draft",
                        concept=name, front=front, back=short_back(text),
                        source=_source(sentence))
    cloze = pattern.sub(lambda m: "{{c1::" + m.group(0) + "}}", text)
    return DeckCard(id=f"{slug(concept.key)}-cloze", type="cloze", status="draft",
                    concept=name, text=cloze, source=_source(sentence, following))


#: A contrast cue that only says two terms get confused, not how they differ.
_CONFUSED_RE = re.compile(
    r"\b(?:isn't just|is not just|not just|interchangeabl[ey]|confused with|conflated with|"
    r"conflating|confusing)\b")
_DISTINCT_RE = re.compile(
    r"^This is (?:\w+ly )?(?:distinct|different) from (?P<rest>.{12,}?)"
    r"(?:\s*\(i\.e\.|, which|, so|\.$)")


def _contrast(concept: Concept, others: list[Concept], sentences: list[Sentence],
              name: str, names: dict[str, str],
              by_passage: dict[int, list[int]]) -> DeckCard | None:
    """"How does X differ from Y?" when a paragraph sets X against Y *and* explains X.

    The cue sentence ("used interchangeably with Y", "X isn't just Y") only says that they
    differ; the back must say how, so it is X's explanation from the same paragraph,
    followed by what the text says X is distinct from, when it says so right after.
    """
    explained = {i: e for i, e in concept.explained if e.kind not in ("ie-before", "ie-quoted")}
    # Each paragraph once: a long one-line page repeats its sentences many times.
    paragraphs = {id(sentences[i].passage) for i in explained}
    near = {j for p in paragraphs for j in by_passage[p]}
    for i in sorted(near):
        cue = sentences[i]
        if not _CONTRAST_RE.search(cue.text):
            continue
        low = cue.text.lower()
        other = next((o for o in others if o is not concept and " " not in o.key
                      and " " not in concept.key and o.key not in concept.key
                      and concept.key not in o.key
                      and re.search(rf"\b{re.escape(_stem(o.key))}", low)), None)
        if other is None:
            continue
        same = [j for j in explained if sentences[j].passage is cue.passage]
        if not same:
            continue
        j = same[0]
        back = with_consequence(sentences[j].text, explained[j].text).rstrip(".")
        start, until = sentences[j], None
        if i < j and i + 1 == j:  # the cue sentence right before: quote both (one line)
            start, until = sentences[i], sentences[j]
        elif i > j and i == j + 1:
            until = sentences[i]
        following = sentences[j + 1] if j + 1 < len(sentences) else None
        stem = _stem(other.key)
        if (following is not None and following.passage is cue.passage
                and (distinct := _DISTINCT_RE.match(following.text))
                and re.search(rf"\b{re.escape(stem)}", distinct.group("rest").lower())):
            # only a "distinct from" that names the other term says how they differ
            rest = distinct.group("rest").strip()
            cut = re.search(r" (?:for|because|so that) ", rest)
            if cut and len(rest[:cut.start()].split()) >= 6:
                rest = rest[:cut.start()]
            back += f"; this is distinct from {rest}"
            until = following
        other_expl = next((e for k, e in (other.explained or [])
                           if sentences[k].passage is cue.passage
                           and k in (i, j) and e.kind not in CLOZE_ONLY), None)
        if other_expl is not None and len(back.split()) + len(other_expl.text.split()) <= 38:
            back = (f"{name[0].upper()}{name[1:]}: {back[0].lower()}{back[1:]}; "
                    f"{names.get(other.key, other.key)}: {other_expl.text.rstrip('.')}")
        other_name = names.get(other.key, other.key)
        front = f"How does {name} differ from {other_name}?"
        if (_CONFUSED_RE.search(cue.text) and other_expl is None
                and "; this is distinct from" not in back):
            # the cue only says the terms get confused and the back only says what X
            # involves: ask for that, not for a difference the text does not state
            front = f"What makes {name} more than {other_name}?"
        return DeckCard(id=f"{slug(concept.key)}-vs-{slug(other.key)}", type="basic",
                        status="draft", concept=name, front=front, back=back + ".",
                        source=_source(start, until))
    return None


def _stem(key: str) -> str:
    """A loose stem for spotting a term's relatives ("polysemanticity" ~ "polysemantic")."""
    if " " in key or len(key) < 9:
        return key
    return re.sub(r"(?:ity|ities|ness|ism|s)$", "", key)


def draft_cards(concepts: list[Concept], sentences: list[Sentence]) -> list[DeckCard]:
    """Cards for every concept, in concept order; fronts are unique."""
    by_index = {s.index: s for s in sentences}
    by_passage: dict[int, list[int]] = {}
    for sentence in sentences:
        by_passage.setdefault(id(sentence.passage), []).append(sentence.index)
    names = {c.key: display_name(c) for c in concepts}
    cards: list[DeckCard] = []
    fronts: set[str] = set()
    facts: set[str] = set()
    for concept in concepts:
        name = names[concept.key]
        basic = _basic(concept, by_index, name)
        used = {i for i, e in concept.explained if e.kind not in CLOZE_ONLY}
        contrast = _contrast(concept, concepts, sentences, name, names, by_passage)
        reverse = _reverse(concept, by_index, name)
        if (contrast is not None and basic is not None and basic.source is not None
                and contrast.source is not None and basic.source.line == contrast.source.line
                and basic.source.quote in contrast.source.quote):
            basic = None  # the contrast card states the same explanation: one card per fact
        alone = basic is None and reverse is None and contrast is None
        cloze = _cloze(concept, sentences, name, used, statement=alone,
                       has_basic=basic is not None)
        drafted = [basic, reverse, contrast, cloze]
        for card in drafted:
            if card is None or _thin(card) or not _valid(card):
                continue
            key = (card.front or card.text).lower()
            same = _fact(card)
            if key in fronts or same in facts:
                continue  # no duplicate fronts, no two cards testing the same fact
            fronts.add(key)
            facts.add(same)
            cards.append(card)
    return cards


def _valid(card: DeckCard) -> bool:
    """Never write a card the deck reader would refuse (an empty side, no deletion)."""
    try:
        validate_card_fields(card)
    except ValueError:
        return False
    return True


def _fact(card: DeckCard) -> str:
    """What a card tests: a basic card's answer, a cloze card's sentence."""
    if card.type == "cloze" and card.source is not None:
        return "cloze:" + card.source.quote
    return "back:" + re.sub(r"\W+", " ", (card.back or "").lower()).strip()


def _thin(card: DeckCard) -> bool:
    """A one-word answer to "what is X?" ("RL.") is not worth a card; names and
    expansions (reverse cards, "What does ABBR stand for?") are short by nature."""
    if card.type != "basic" or card.id.endswith("-reverse") or "stand for" in (card.front or ""):
        return False
    return len(re.findall(r"[\w'-]+", card.back or "")) < 2
