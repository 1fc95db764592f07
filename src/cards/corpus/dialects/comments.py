"""The scraped comment-page dialect of plain text (the seeds): chrome, reply headers, authors.

Why line-based: these pages are scraped web pages where every paragraph (a comment, a list
item, a quote) sits on one physical line.  Treating each non-blank line as a passage keeps
every card traceable to ``file:line`` and keeps sentence splitting from running across
paragraphs (the main failure of off-the-shelf splitters on this text).

The file is decoded and normalised as every reader does (``cards.corpus.decode``).

Cleaning (nothing is rewritten, only skipped):

* page chrome lines ("Load More", "Sorted by ...", "Comments", "Posts",
  "Wiki Contributions") are dropped, and a trailing "... (read more)" truncation is cut
  off together with the unfinished sentence before it;
* reply headers with the vote count glued to the name ("4Cleo Nardo", "1simon",
  "Answer by veeredApr 06, 202321") are dropped and set the author of what follows;
* page titles naming the author ("All of X's Comments + Replies", or a bare name on the
  first line) set the author of the whole page;
* footnote marker lines ("- ^", "1. ^") and bare ellipsis lines ("[..]") are dropped;
* list markers ("- ", "1. ") are skipped by moving the passage's start column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cards.corpus.blocks import Block, BlockKind
from cards.corpus.source import BlockBuilder, SourceText

CHROME_LINES = frozenset(
    {"load more", "comments", "posts", "wiki contributions", "sorted by", "sorted by new",
     "sorted by top", "sorted by old", "(read more)", "read more", "replies",
     "comments + replies", "[..]", "[...]", "...", "…", "reply"}
)
#: Post-header and sort-menu lines: "5 min read", "12 comments", and the sort order under a
#: "Sorted by" line ("Top", "Newest").
_META_RE = re.compile(r"^(?:\d{1,3} min read|\d{1,5} comments?)$", re.IGNORECASE)
_SORT_ORDERS = frozenset({"top", "new", "newest", "old", "oldest", "best", "magic", "recent",
                          "recent comments", "controversial"})
_SORTED_RE = re.compile(r"^sorted by\b.{0,20}$", re.IGNORECASE)
_FOOTNOTE_LINE_RE = re.compile(r"^(?:[-*•]|\d{1,2}\.)?\s*\^\s*$")
_TITLE_RE = re.compile(
    r"^All of (?P<name>.{1,60}?)['’]s? (?:Comments|Posts)(?: \+ Replies)?\s*$"
)
_ANSWER_RE = re.compile(
    r"^Answer by (?P<name>.{1,40}?)(?:[A-Z][a-z]{2} \d{1,2}, \d{4})\d{0,5}\s*$"
)
# "4Cleo Nardo", "1simon", "-3Some One": vote count glued to a short name, nothing else.
_REPLY_RE = re.compile(r"^-?\d{1,4}(?P<name>[A-Za-z][\w.'’\-]*(?: [A-Z][\w.'’\-]*){0,3})\s*$")
_BARE_NAME_RE = re.compile(r"^[A-Z][\w'’\-.]+(?: [A-Z][\w'’\-.]+){1,3}$")
_LIST_MARK_RE = re.compile(r"^\s*(?:[-*•]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
_READ_MORE_RE = re.compile(r"\s*(?:\.\.\.|…)?\s*\(read more\)\s*$", re.IGNORECASE)
_SENTENCE_END_RE = re.compile(r"[.!?][\"”’')\]]*\s")


@dataclass(frozen=True, slots=True)
class Passage:
    """A cleaned paragraph: the text a card may quote, and where it sits in the corpus.

    ``text`` is ``line_text[start:start + len(text)]``, so any substring of ``text`` is an
    exact substring of the (normalised) file line.
    """

    file: str
    line: int
    start: int
    text: str
    line_text: str
    author: str | None = None


def is_chrome(line: str) -> bool:
    """True for site navigation that carries no content ("Load More", "Sorted by")."""
    low = line.strip().lower()
    return low in CHROME_LINES or bool(_SORTED_RE.match(low)) or bool(
        _FOOTNOTE_LINE_RE.match(low)) or bool(_META_RE.match(low))


def header_author(line: str) -> tuple[str, bool] | None:
    """If a line is a reply or answer header, the author's name and whether it is an answer."""
    stripped = line.strip()
    match = _ANSWER_RE.match(stripped)
    if match:
        return match.group("name").strip(), True
    match = _REPLY_RE.match(stripped)
    if match and len(stripped) <= 40:
        return match.group("name").strip(), False
    return None


def page_owner(lines: list[str]) -> str | None:
    """The author a page names in its title ("All of X's Comments", or a bare name)."""
    for line in lines[:3]:
        match = _TITLE_RE.match(line.strip())
        if match:
            return match.group("name").strip()
    first = lines[0].strip() if lines else ""
    blank_next = len(lines) < 2 or not lines[1].strip()
    if _BARE_NAME_RE.match(first) and blank_next and not is_chrome(first):
        return first
    return None


def _cut_read_more(text: str) -> str:
    """Drop a "... (read more)" truncation and the unfinished sentence before it."""
    if not _READ_MORE_RE.search(text):
        return text
    body = _READ_MORE_RE.sub("", text)
    ends = list(_SENTENCE_END_RE.finditer(body + " "))
    return body[: ends[-1].end()].rstrip() if ends else ""


def _passage(file: str, number: int, line: str, author: str | None) -> Passage | None:
    text = _cut_read_more(line).rstrip()
    mark = _LIST_MARK_RE.match(text)
    start = mark.end() if mark else len(text) - len(text.lstrip())
    body = text[start:]
    if not body or is_chrome(body):
        return None
    return Passage(file=file, line=number, start=start, text=body, line_text=line,
                   author=author)


#: A paragraph that carries on the one before it (same writer): a connective, a lower-case
#: start, or a list item.
_CONTINUES_RE = re.compile(
    r"^(?:[a-z(]|(?:[-*•]|\d{1,2}[.)])\s|(?:But|And|So|Also|Still|However|That said|With that said|"
    r"In other words|For example|For instance|E\.g\.|I\.e\.|Then|Thus|Hence|Therefore|"
    r"Similarly|Likewise|Moreover|Furthermore|Finally|Second|Secondly|Third|Thirdly|"
    r"Otherwise|Instead|In particular|Relatedly|Conversely|On the other hand)\b)")
#: A paragraph that opens a new comment of its own ("Thanks for this post", "Great post").
_FRESH_RE = re.compile(
    r"^(?:Thanks?(?: you)? for (?:this|the|writing|sharing|posting)\b.{0,40}?(?:post|piece|"
    r"write-?up|article|this)|Great post|Nice post|Cool post|Interesting post)\b",
    re.IGNORECASE)
#: A paragraph that answers the one before it inside the same run of text ("I very strongly
#: disagree with this."): a change of writer the page does not name.
_RETORT_RE = re.compile(
    r"^I (?:very |really |\w+ly )*(?:disagree|don't agree|do not agree) with (?:this|that|you)\b")
#: A byline under a post title: "by Ada Lovelace", "by Ada Lovelace, 3 min read".
_BYLINE_RE = re.compile(r"^by (?P<name>[A-Z\w][\w'’\-. ]{0,40}?)(?:,| ·| - |\s*$)")


def post_author(lines: list[str]) -> str | None:
    """The author of a post page: a title line, then a byline ("by NAME") just below it."""
    content = [line.strip() for line in lines[:6] if line.strip()]
    if len(content) >= 2 and not is_chrome(content[0]):
        match = _BYLINE_RE.match(content[1])
        if match:
            return match.group("name").strip()
    return None


def split_passages(text: str, file: str) -> list[Passage]:
    """Clean one file's normalised text into passages with authors.

    Who wrote a paragraph (see docs/extractor.md, "Attribution"):

    * the page owner (title "All of X's Comments", a bare name on line 1, or a post's
      byline) writes every paragraph no header claims;
    * a header ("4Cleo Nardo", "Answer by X<date><votes>") starts an item by that person.
      An item ends at the next header, at a "(read more)" cut (the preview stops there),
      after a footnote's text, and at a break of two or more blank (or blank-looking) lines;
      after the end the owner writes again;
    * an answer, or a reply on a page with no owner, runs to the end of its item.  A reply
      on an owner's page is followed by the owner's own comments with nothing between
      them, so after the reply's first paragraph only a paragraph that visibly continues
      it (a connective, a lower-case start, a list item) keeps the replier; any other
      paragraph could be either writer and gets no author, up to the item's end (a
      paragraph that opens a comment of its own, "Thanks for this post", goes back to the
      owner);
    * a post page (title, "by NAME" byline) belongs to its author up to the "Comments"
      line; below it only headers name writers;
    * a paragraph that retorts to the one before it ("I disagree with this.") inside an
      item is by someone the page does not name: no author.
    """
    lines = text.split("\n")
    byline = post_author(lines)
    owner = byline if byline is not None else page_owner(lines)
    skip_first = owner is not None and byline is None
    passages: list[Passage] = []
    item_author: str | None = owner  # the writer of the current item
    reply = False  # the current item is a reply on an owner's page
    in_item = False  # a paragraph of the current item has been seen
    asked = False  # the current item's first paragraph asked a question
    blanks = 0
    footnote = 0  # 1: a footnote marker was seen; 2: its text was seen
    post_body = False  # a paragraph of the post itself has been seen
    previous = ""  # the previous non-blank line
    for index, line in enumerate(lines):
        stripped = line.strip()
        if (index == 0 and skip_first) or (index < 3 and _TITLE_RE.match(stripped)):
            continue
        if byline is not None and index < 6 and (
                stripped == lines[0].strip() or _BYLINE_RE.match(stripped)):
            continue
        if not stripped:
            blanks += 1 if not line else 2  # a blank-looking line of spaces is a break
            continue
        after_sort, previous = bool(_SORTED_RE.match(previous.lower())), stripped
        if after_sort and stripped.lower() in _SORT_ORDERS:
            continue  # "Sorted by" / "Top": the sort menu
        if blanks >= 2 and in_item:
            item_author, reply, in_item, footnote = owner, False, False, 0
        blanks = 0
        header = header_author(line)
        if header is not None:
            name, is_answer = header
            if byline is not None and post_body:
                owner = None  # the post is over: below it, headers name the writers
            item_author, in_item, footnote, asked = name, False, 0, False
            reply = not is_answer and owner is not None
            continue
        if is_chrome(line):
            if byline is not None and stripped.lower() == "comments" and post_body:
                # a "Comments" line above the post's first paragraph is the header's link
                # to the thread, not its start: the body below it is still the post
                owner = item_author = None  # below a post, comments name their writers
                reply, in_item = False, False
            elif _FOOTNOTE_LINE_RE.match(stripped.lower()):
                footnote = 1
            continue
        if footnote == 2:  # the footnote's text is over: a new item
            item_author, reply, in_item, footnote = owner, False, False, 0
        body = line[len(line) - len(line.lstrip()):]
        author = item_author
        if in_item and reply and item_author is not None and not _CONTINUES_RE.match(body):
            item_author = author = owner if _FRESH_RE.match(body) else None
            reply = item_author is None
        elif in_item and _RETORT_RE.match(body):
            author = None
        elif in_item and asked and not _CONTINUES_RE.match(body):
            # the item's writer asked a question; a paragraph that does not visibly go on
            # is someone's answer ("Is this related to X?" / "Probably, yes. ..."): unsigned
            item_author = author = None
        asked = (not in_item and item_author is not None and item_author != owner
                 and body.rstrip().endswith("?"))
        passage = _passage(file, index + 1, line, author)
        if footnote == 1:
            footnote = 2
        if passage is not None:
            passages.append(passage)
            in_item = True
            post_body = post_body or (byline is not None and author == byline)
        if _READ_MORE_RE.search(line):  # the preview of the item stops here
            item_author, reply, in_item, footnote = owner, False, False, 0
    return passages




def looks_like(text: str) -> bool:
    """True for a scraped comment page: its title names the owner's comments, or two or
    more of its lines are the site's chrome or reply headers."""
    lines = text[:200_000].split("\n")
    if any(_TITLE_RE.match(line.strip()) for line in lines[:3]):
        return True
    signs = 0
    for line in lines:
        stripped = line.strip()
        if stripped and len(stripped) <= 60 and (
                is_chrome(stripped) or header_author(stripped) is not None):
            signs += 1
            if signs >= 2:
                return True
    return False


_TAGS = ("dialect:comments",)


def blocks(text: str, file: str) -> list[Block]:
    """The page's passages as blocks: one paragraph (or list item) per passage, exact to
    the column, carrying the passage's author."""
    src = SourceText(text)
    out: list[Block] = []
    for passage in split_passages(text, file):
        mark = _LIST_MARK_RE.match(passage.line_text)
        kind: BlockKind = "list_item" if mark and mark.end() <= passage.start else "paragraph"
        builder = BlockBuilder(src)
        builder.add(passage.text, src.line_offset(passage.line) + passage.start)
        block = builder.build(file, kind, author=passage.author, tags=_TAGS)
        if block is not None:
            out.append(block)
    return out
