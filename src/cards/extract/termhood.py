"""Statistics: how technical a term is against general English, and how often the text
repeats it.

Why both: a term a student wants is usually rare in ordinary English ("covariate",
"polysemanticity") or a phrase the text keeps using as a unit ("law of demand");
an everyday word ("case", "plot") is a term only when the text plainly explains it.
Frequencies come from wordfreq's table (``wordfreqs.zipf``); counts come from one pass
over the text's words, linear in its length.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from cards.extract.sentences import Sentence
from cards.extract.shapes.nouns import FUNCTION_WORDS
from cards.extract.wordfreqs import prime, zipf

WORD_RE = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def words_of(term: str) -> list[str]:
    """The lower-case words of a term, hyphens split ("L-BFGS" -> ["l", "bfgs"])."""
    return WORD_RE.findall(term.lower())


def rarity(term: str) -> float:
    """The Zipf frequency of the term's commonest-looking rarest content word: low for a
    technical term, ~5 or more for everyday words."""
    content = [w for w in words_of(term) if w not in FUNCTION_WORDS and len(w) > 1]
    if not content:
        return 7.0
    prime(content)
    return min(zipf(w) for w in content)


def technicality(term: str) -> float:
    """0 for everyday words, up to 1.5 for words English hardly uses."""
    return max(0.0, min(1.5, (5.0 - rarity(term)) * 0.4))


def mentions(sentences: Sequence[Sentence], terms: Iterable[str]) -> Counter[str]:
    """How many times each term (as lower-case words, plural-folded last word) occurs.

    One pass over the words; each position looks up the n-grams of the lengths wanted,
    so the cost is linear in the text, whatever the number of terms.
    """
    wanted: set[tuple[str, ...]] = set()
    lengths: set[int] = set()
    for term in terms:
        key = _fold(words_of(term))
        if key:
            wanted.add(key)
            lengths.add(len(key))
    counts: Counter[str] = Counter()
    if not wanted:
        return counts
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for key in wanted:
        by_first.setdefault(key[0], []).append(key)
    for sentence in sentences:
        tokens = WORD_RE.findall(sentence.text.lower())
        for i, token in enumerate(tokens):
            grams = by_first.get(token) or by_first.get(_fold([token])[0])
            if not grams:
                continue
            for key in grams:
                n = len(key)
                if i + n <= len(tokens) and _fold(tokens[i:i + n]) == key:
                    counts[" ".join(key)] += 1
    return counts


def _fold(words: list[str]) -> tuple[str, ...]:
    if not words:
        return ()
    last = words[-1]
    if len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is")):
        last = last[:-1]
    return (*words[:-1], last)


def mention_key(term: str) -> str:
    """The key ``mentions`` counts a term under."""
    return " ".join(_fold(words_of(term)))


_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'’][A-Za-z0-9]+)*")
#: A phrase's words: none of these at its edges.
_EDGE_STOP = frozenset(FUNCTION_WORDS | {
    "also", "like", "really", "actually", "just", "even", "much", "well", "still", "get",
    "got", "make", "made", "use", "used", "using", "think", "thought", "want", "need",
    "seems", "seem", "said", "say", "says", "see", "know", "going", "lot", "e", "g", "etc",
    "ie", "eg", "s", "t", "don't", "doesn't", "isn't", "can't", "won't", "i'm", "it's",
    "that's", "there's", "you're", "we're", "they're", "i've", "i'd", "let's"})
#: A rare anchor word: at least one word of a statistical candidate is this rare.
ANCHOR_ZIPF = 3.6
MAX_GRAM = 4
#: Sentences kept per repeated phrase: the card writer picks the first it can use.
MAX_PLACES = 5
_ARTICLES = frozenset({"the", "a", "an"})
_URL_RE = re.compile(r"https?://\S+|www\.\S+")


def _capitalised_share(tokenised: Sequence[list[str]]) -> dict[str, float]:
    """For each word, the share of its mid-sentence uses that are capitalised (names)."""
    upper: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for tokens in tokenised:
        rest = tokens[1:]
        total.update(t.lower() for t in rest)
        upper.update(t.lower() for t in rest if t[0].isupper() and t[1:].islower())
    return {w: upper[w] / n for w, n in total.items()}


#: A braced run of words: a transliteration ("{kappa omega mu alpha iota}", as Project
#: Gutenberg writes Greek) or leftover markup, never English phrases to count.
_BRACED_RE = re.compile(r"\{[^{}]{1,600}(?:\}|$)")


def repeated_terms(sentences: Sequence[Sentence], min_count: int = 3
                   ) -> list[tuple[str, int, list[Sentence]]]:
    """Phrases the text repeats that general English rarely uses: (surface, count, up to
    ``MAX_PLACES`` sentences that mention it, those opening with it first), most
    frequent first.

    Candidates are 1–4 word phrases bounded by content words, holding a word rarer than
    ``ANCHOR_ZIPF``; names (words capitalised in most mid-sentence uses) are left out;
    a phrase that only occurs inside a longer candidate is absorbed by it.
    """
    tokenised = [_TOKEN_RE.findall(_BRACED_RE.sub(" ", _URL_RE.sub(" ", s.text))
                                   .replace("’", "'")) for s in sentences]
    vocabulary = {t.lower() for tokens in tokenised for t in tokens}
    prime(vocabulary)
    rare = {w for w in vocabulary if zipf(w) < ANCHOR_ZIPF and len(w) > 2}
    names = {w for w, share in _capitalised_share(tokenised).items() if share > 0.5}
    counts: Counter[tuple[str, ...]] = Counter()
    first: dict[tuple[str, ...], str] = {}
    places: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    for number, tokens in enumerate(tokenised):
        low = [t.lower() for t in tokens]
        edge = [w in _EDGE_STOP for w in low]
        inner_stop = [e and w not in ("of", "and") for w, e in zip(low, edge, strict=True)]
        anchor = [w in rare for w in low]
        named = [w in names for w in low]
        size = len(low)
        for i in range(size):
            if edge[i]:
                continue
            has_rare = False
            all_named = True
            for n in range(1, MAX_GRAM + 1):
                j = i + n
                if j > size:
                    break
                last = j - 1
                if n > 2 and inner_stop[last - 1]:
                    break
                has_rare = has_rare or anchor[last]
                all_named = all_named and named[last]
                if edge[last] or not (n >= 3 or has_rare) or all_named \
                        or low[last].endswith("ly"):
                    continue
                key = _fold(low[i:j])
                counts[key] += 1
                if key not in first:
                    first[key] = " ".join(tokens[i:j])
                spots = places.setdefault(key, [])
                if len(spots) < 4 * MAX_PLACES and (not spots or spots[-1][1] != number):
                    opening = i == 0 or (i == 1 and low[0] in _ARTICLES)
                    spots.append((0 if opening else 1, number))
    kept = {k: c for k, c in counts.items()
            if c >= min_count or (c >= 2 and len(k) > 1 and any(w in rare for w in k))}
    longer: Counter[tuple[str, ...]] = Counter()
    for key, count in kept.items():
        if len(key) > 1:
            for part in (key[1:], key[:-1]):
                longer[part] = max(longer[part], count)
    out = []
    for key, count in kept.items():
        if longer[key] >= 0.6 * count:
            continue
        chosen = sorted(places[key])[:MAX_PLACES]
        out.append((first[key], count, [sentences[n] for _, n in chosen]))
    out.sort(key=lambda item: (-item[1], item[0].lower()))
    return out
