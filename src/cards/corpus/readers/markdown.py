"""Markdown: CommonMark via markdown-it-py, with mdit-py-plugins for the rest.

Plugins: front matter (dropped), footnotes (footnote blocks; the reference mark leaves
the sentence), definition lists (``Term`` / ``: definition`` -> definition blocks
carrying the term), tables (table-cell blocks), ``!!!`` admonitions and dollar math
(skipped, never glued into a sentence).  Obsidian/Quartz callouts (``> [!info] Title``)
are block quotes whose first line names a type: that line is set apart before parsing
(the line count is kept) so a definition list right under it still parses, and the
callout's blocks carry its type as a tag and its title as their ``term``.

Code, HTML blocks and comments are dropped; an image's alt text is not text; d2l's roles
(``:label:`x```, ``:eqref:`x```, ``:numref:`x```, ``:cite:`x```) leave no trace.
markdown-it knows each block's lines; within a block each visible word is found in the
file from the block's first line on, so every character maps to its file line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from cards.corpus.authors import markdown_author, markdown_title, with_author, with_title
from cards.corpus.blocks import Block, BlockKind, SpanKind
from cards.corpus.readers import Document, tree_text
from cards.corpus.source import BlockBuilder, SourceText

_CALLOUT_RE = re.compile(r"^(?P<lead>(?:[ \t]*>)+)[ \t]*\[!(?P<type>[\w-]+)\][+-]?[ \t]*"
                         r"(?P<title>.*)$", re.MULTILINE)
_ROLE_RE = re.compile(r":(?:label|eqref|numref|cite|ref|citet|citep|width|height):$")
_FENCE_RE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_MARKS: dict[str, SpanKind] = {"em": "emphasis", "strong": "strong", "link": "link",
                               "s": "emphasis"}
#: Container token -> the kind of the blocks inside it (innermost wins).
_CONTAINERS: dict[str, BlockKind] = {
    "blockquote": "quote", "callout": "callout", "admonition": "callout",
    "footnote": "footnote", "dd": "definition", "td": "table_cell", "th": "table_cell",
    "list_item": "list_item",
}
_MAX_REPARSES = 20
#: Inline math that is a bare symbol (``$S$``, ``$x_1$`` is not): kept as its letters.
_SYMBOL_RE = re.compile(r"^\s*[A-Za-z]{1,2}\d?\s*$")


def _parser() -> MarkdownIt:
    return (MarkdownIt("commonmark", {"html": True})
            .use(front_matter_plugin).use(footnote_plugin).use(deflist_plugin)
            .use(dollarmath_plugin, double_inline=True).use(admon_plugin)
            .enable(["table", "strikethrough"]))


@dataclass(slots=True)
class _Container:
    kind: str
    tags: tuple[str, ...] = ()
    term: str | None = None


@dataclass(slots=True)
class _Walk:
    """State while turning one token stream into blocks."""

    src: SourceText
    file: str
    md: MarkdownIt
    callouts: dict[int, tuple[str, str]]  # 0-based line -> (type, title) of a callout
    stack: list[_Container] = field(default_factory=list)
    heading: str | None = None
    term: str | None = None  # the latest definition-list term
    cursor: int = 0

    def blocks(self, tokens: list[Token]) -> Iterator[Block]:
        pending_heading: int | None = None
        for index, token in enumerate(tokens):
            kind = token.type
            if kind == "heading_open":
                pending_heading = int(token.tag[1:]) if token.tag[1:].isdigit() else 1
            elif kind == "blockquote_open" and token.map and token.map[0] in self.callouts:
                ctype, title = self.callouts[token.map[0]]
                title_block = self._title(title, token.map[0])
                self.stack.append(_Container("callout", (f"callout:{ctype.lower()}",),
                                             title_block.text if title_block else None))
                if title_block is not None:
                    yield title_block
            elif kind == "admonition_open":
                self.stack.append(_Container("admonition", (f"admonition:{token.info}",)))
            elif kind.endswith("_open") and kind[:-5] in ("blockquote", "footnote", "dd",
                                                          "td", "th", "list_item", "dt"):
                self.stack.append(_Container(kind[:-5], term=self.term if kind == "dd_open"
                                             else None))
            elif kind.endswith("_close") and kind[:-6] in ("blockquote", "footnote", "dd", "td",
                                                           "th", "list_item", "dt",
                                                           "admonition"):
                if self.stack:
                    self.stack.pop()
            elif kind == "inline":
                line = token.map[0] if token.map else None
                if line is None:
                    line = _last_line(tokens, index)
                block = self._inline(token.children or [], line, pending_heading)
                if block is None:
                    pending_heading = None
                    continue
                if pending_heading is not None:
                    self.heading = block.text
                    pending_heading = None
                elif self.stack and self.stack[-1].kind == "dt":
                    self.term = block.text
                    block.term = block.text
                    block.kind = "heading"  # a term, never a sentence to quote
                    block.tags = (*block.tags, "definition-term")
                elif any(c.kind == "admonition" for c in self.stack) and tokens[
                        index - 1].type == "admonition_title_open":
                    block.kind, block.tags = "heading", (*block.tags, "callout-title")
                    self.stack[-1].term = block.text
                yield block

    def _title(self, title: str, line: int) -> Block | None:
        tokens = self.md.parseInline(title)
        children = tokens[0].children if tokens else []
        block = self._inline(children or [], line, None)
        if block is not None:
            block.kind = "heading"
            block.tags = (*block.tags, "callout-title")
        return block

    def _kind(self) -> BlockKind:
        for container in reversed(self.stack):
            if container.kind in _CONTAINERS:
                return _CONTAINERS[container.kind]
        return "paragraph"

    def _inline(self, children: list[Token], line: int, heading: int | None) -> Block | None:
        builder = BlockBuilder(self.src)
        self.cursor = max(self.cursor, self.src.line_offset(line + 1))
        math, skip_role = False, False
        for child in children:
            kind = child.type
            if skip_role and kind == "code_inline":
                skip_role = False
                continue
            skip_role = False
            if kind == "text":
                text = child.content
                role = _ROLE_RE.search(text)
                if role:
                    text, skip_role = text[: role.start()], True
                self.cursor = builder.align(text, self.cursor)
            elif kind == "code_inline":
                builder.open("code")
                self.cursor = builder.align(child.content, self.cursor)
                builder.close("code")
            elif kind in ("softbreak", "hardbreak"):
                builder.space()
            elif kind.endswith("_open") and kind[:-5] in _MARKS:
                builder.open(_MARKS[kind[:-5]])
            elif kind.endswith("_close") and kind[:-6] in _MARKS:
                builder.close(_MARKS[kind[:-6]])
            elif kind in ("math_inline", "math_inline_double"):
                if _SYMBOL_RE.match(child.content):  # a bare symbol ($S$) reads as a word
                    self.cursor = builder.align(child.content.strip(), self.cursor)
                else:
                    math = True
                    builder.dropped(formula=True)
            elif kind == "html_inline" and child.content.lower().startswith("<br"):
                builder.space()
            elif kind in ("footnote_ref", "image"):
                builder.dropped()
        container = self.stack[-1] if self.stack else None
        tags = tuple(t for c in self.stack for t in c.tags) + (("math",) if math else ())
        term = next((c.term for c in reversed(self.stack) if c.term), None)
        if heading is not None:
            return builder.build(self.file, "heading", level=heading, tags=tags)
        if container is not None and container.kind == "dt":
            return builder.build(self.file, "definition", heading=self.heading, tags=tags)
        level = sum(1 for c in self.stack if c.kind == "list_item")
        block = builder.build(self.file, self._kind(), heading=self.heading, term=term,
                              level=level, tags=tags)
        if block is not None and _ROLE_ONLY_RE.match(block.text):
            return None
        return block


_ROLE_ONLY_RE = re.compile(r"^\W*$")


def _last_line(tokens: list[Token], index: int) -> int:
    """The line of the nearest earlier token that knows its line (table cells don't)."""
    for token in reversed(tokens[:index]):
        if token.map:
            return token.map[0]
    return 0


def _set_apart_callouts(text: str) -> tuple[str, dict[int, tuple[str, str]]]:
    """Blank each callout header line's content (keeping its ``>``) and note its type and
    title, so what follows parses as the callout's own blocks."""
    callouts: dict[int, tuple[str, str]] = {}

    def blank(match: re.Match[str]) -> str:
        line = text.count("\n", 0, match.start())
        callouts[line] = (match.group("type"), match.group("title").strip())
        return match.group("lead")

    return _CALLOUT_RE.sub(blank, text), callouts


def _unclosed_fence(tokens: list[Token], lines: list[str]) -> int | None:
    """The 0-based line of a code fence that runs to the end of the file unclosed."""
    for token in tokens:
        if token.type == "fence" and token.map:
            last = lines[token.map[1] - 1] if token.map[1] - 1 > token.map[0] else ""
            fence = _FENCE_RE.match(last)
            opener = _FENCE_RE.match(lines[token.map[0]])
            if token.map[1] < len(lines) - (lines[-1] == ""):
                continue
            if not (fence and opener and fence.group(1)[0] == opener.group(1)[0]):
                return token.map[0]
    return None


class MarkdownReader:
    name = "markdown"
    extensions = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")

    def sniff(self, head: bytes) -> bool:
        return False  # extension-less Markdown reads as plain text

    def read(self, doc: Document) -> Iterator[Block]:
        text = tree_text(doc, "Markdown")
        if text is None:
            return
        blocks = list(with_author(read_markdown(text, doc.file, doc.shown, doc.warn),
                                  markdown_author(text)))
        yield from with_title(blocks, markdown_title(text))


def read_markdown(text: str, file: str, shown: str = "", warn=None) -> Iterator[Block]:  # type: ignore[no-untyped-def]
    """Blocks of a normalised Markdown text."""
    md = _parser()
    prepared, callouts = _set_apart_callouts(text)
    lines = prepared.split("\n")
    tokens = md.parse(prepared)
    for _ in range(_MAX_REPARSES):
        opener = _unclosed_fence(tokens, lines)
        if opener is None:
            break
        if warn is not None:
            warn(f"{shown or file}:{opener + 1}: code fence never closed; read the text "
                 "after it as text")
        lines[opener] = ""
        tokens = md.parse("\n".join(lines))
    walk = _Walk(SourceText(text), file, md, callouts)
    yield from walk.blocks(tokens)
