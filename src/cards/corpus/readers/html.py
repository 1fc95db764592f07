"""HTML: parsed by lxml (libxml2's forgiving HTML parser), main content only.

What is text: the main content (``<main>``, ``<article>``, Distill's ``<d-article>``,
else ``<body>``) without navigation, scripts, styles, comments, forms, SVG, MathML,
preformatted code or figure internals (a figure's caption stays, as a caption block).
Block elements (paragraphs, list items, headings, table cells, definition terms and
entries, quotes, captions) become blocks; ``<em>/<i>``, ``<b>/<strong>``, ``<code>``,
``<a>`` and ``<dfn>`` become spans.  Footnotes, sidenotes and citations never join the
sentence they hang on: ``<d-footnote>`` and ``<aside>`` become footnote blocks of their
own, ``<d-cite>`` and footnote reference marks leave no trace, and a footnotes section
(Texinfo's ``<div id="FOOT4">``, ``class="footnotes"``) gives footnote blocks.  Entities
come decoded from the parser.

Positions: lxml gives each element's start line; every visible word is then found in
the file from there (past any dropped element or comment), so each character maps to its
file line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from cards.corpus.authors import html_author, with_author
from cards.corpus.blocks import Block, BlockKind, SpanKind
from cards.corpus.readers import Document, ReadError, tree_text
from cards.corpus.source import BlockBuilder, SourceText

#: Elements whose whole content is not text.
_DROP = frozenset({
    "script", "style", "noscript", "nav", "form", "button", "select", "textarea", "svg",
    "math", "pre", "template", "iframe", "canvas", "object", "embed", "video", "audio",
    "head", "title", "meta", "link", "input", "d-front-matter", "d-bibliography",
    "d-byline", "d-toc", "d-footnote-list", "d-citation-list", "d-appendix", "d-math",
    "d-code", "footer", "map", "picture", "source", "img", "label"})
#: Inline elements whose content is a note of its own (never glued to the sentence).
_NOTES = frozenset({"d-footnote", "aside"})
#: Inline elements that are only a reference mark.
_MARKS_ONLY = frozenset({"d-cite", "d-footnote-ref"})
_BLOCKS: dict[str, BlockKind] = {
    "p": "paragraph", "div": "paragraph", "section": "paragraph", "article": "paragraph",
    "main": "paragraph", "body": "paragraph", "header": "paragraph", "d-article":
    "paragraph", "d-title": "paragraph", "d-figure": "paragraph", "center": "paragraph",
    "li": "list_item", "dt": "heading", "dd": "definition", "blockquote": "quote",
    "figcaption": "caption", "caption": "caption", "td": "table_cell", "th": "table_cell",
    "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading",
    "h6": "heading", "figure": "paragraph", "table": "paragraph", "tr": "paragraph",
    "tbody": "paragraph", "thead": "paragraph", "ul": "paragraph", "ol": "paragraph",
    "dl": "paragraph", "address": "paragraph", "details": "paragraph",
    "summary": "heading", "hr": "paragraph", "br": "paragraph"}
_SPANS: dict[str, SpanKind] = {"em": "emphasis", "i": "emphasis", "b": "strong",
                               "strong": "strong", "code": "code", "kbd": "code",
                               "samp": "code", "tt": "code", "var": "emphasis",
                               "a": "link", "dfn": "term", "cite": "emphasis", "q": "quoted"}
def _displayed(el: etree._Element, tag: str) -> bool:
    """True for a skipped element set apart from the running text: a display formula or
    a code block, after which the paragraph goes on with a new sentence."""
    return tag in ("pre", "d-code") or (tag in ("math", "d-math") and (
        el.get("display") == "block" or el.get("block") is not None))


_CHROME_CLASS_RE = re.compile(
    r"(?:^|[\s_-])(?:nav|navigation|navbar|menu|breadcrumbs?|sidebar|toc|jump|header|"
    r"footer|share|social|cookie|banner|skip)(?:$|[\s_-])", re.I)
_FOOTNOTES_RE = re.compile(r"^(?:FOOT\d+|fn:?\d+|footnotes?(?:-\w+)?)$|footnotes?\b", re.I)
_REF_MARK_RE = re.compile(r"^\s*[\[(]?(?:\d{1,3}|[a-z]|[*†‡§])[\])]?\s*$")
_NUMBER_CLASS_RE = re.compile(r"(?:^|\s)(?:secnum|section-?number|header-section-number|"
                              r"chapter-?number)(?:\s|$)", re.I)
_MAIN = ("d-article", "main", "article")
#: The first word of a text node is searched this far ahead (past long attributes).
_FAR = 400_000


def _tag(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


@dataclass(slots=True)
class _Walk:
    src: SourceText
    file: str
    out: list[Block] = field(default_factory=list)
    notes: list[Block] = field(default_factory=list)
    builders: list[tuple[BlockBuilder, BlockKind, int]] = field(default_factory=list)
    context: list[str] = field(default_factory=list)  # "footnote" / "quote" containers
    heading: str | None = None
    term: str | None = None
    cursor: int = 0

    # -- blocks ---------------------------------------------------------------------------
    def start(self, kind: BlockKind, level: int = 0) -> None:
        self.builders.append((BlockBuilder(self.src), kind, level))

    def finish(self) -> None:
        builder, kind, level = self.builders.pop()
        if "footnote" in self.context and kind in ("paragraph", "list_item"):
            kind = "footnote"
        elif "quote" in self.context and kind == "paragraph":
            kind = "quote"
        term = self.term if kind == "definition" else None
        block = builder.build(self.file, kind, heading=self.heading, level=level,
                              term=term)
        if block is None:
            return
        if kind == "heading" and level:
            self.heading = block.text
        elif kind == "heading":  # a definition term
            self.term = block.term = block.text
            block.tags = ("definition-term",)
        self.out.append(block)
        if kind != "footnote" and not any(k == "footnote" for _, k, _ in self.builders):
            self.out.extend(self.notes)
            self.notes.clear()

    @property
    def builder(self) -> BlockBuilder:
        return self.builders[-1][0]

    # -- text ------------------------------------------------------------------------------
    def text(self, text: str | None, line: int | None) -> None:
        if not text:
            return
        if line is not None:
            self.cursor = max(self.cursor, self.src.line_offset(line))
        if not text.strip():
            self.builder.space()
            return
        first = text.lstrip()
        word = first.split(None, 1)[0]
        pos = self.src.text.find(word, self.cursor, self.cursor + _FAR)
        if pos >= 0:
            self.cursor = pos
        self.cursor = self.builder.align(text, self.cursor)

    def skip_past(self, el: etree._Element, tag: str) -> None:
        """Move the cursor past a dropped element's end, so no word is found inside it."""
        if el.sourceline is not None:
            self.cursor = max(self.cursor, self.src.line_offset(el.sourceline))
        end = "-->" if tag == "#comment" else f"</{tag}"
        pos = self.src.text.find(end, self.cursor, self.cursor + 4 * _FAR)
        if pos < 0 and tag != "#comment":
            pos = self.src.text.find(f"</{tag.upper()}", self.cursor, self.cursor + 4 * _FAR)
        if pos >= 0:
            self.cursor = pos + len(end)

    # -- tree ------------------------------------------------------------------------------
    def walk(self, el: etree._Element) -> None:
        tag = _tag(el)
        if not tag:  # a comment or processing instruction
            self.skip_past(el, "#comment" if isinstance(el, etree._Comment) else "?>")
        elif tag in _DROP or _is_chrome(el):
            if tag not in ("img", "meta", "link", "input", "source", "br", "hr"):
                self.skip_past(el, tag)
            if tag == "br":
                self.builder.space()
            elif _displayed(el, tag):
                self.break_block()
            elif tag in ("math", "d-math"):
                self.builder.dropped(formula=True)
        elif tag in _MARKS_ONLY or _is_ref_mark(el, tag):
            self.skip_past(el, tag)
            self.builder.dropped()
        elif tag in _NOTES:
            self.start("footnote")
            self.context.append("footnote")
            self.content(el)
            self.context.pop()
            builder, _, _ = self.builders.pop()
            note = builder.build(self.file, "footnote", heading=self.heading)
            if note is not None:
                self.notes.append(note)
            self.builder.dropped()
        elif tag in _BLOCKS:
            self.block(el, tag)
        elif _NUMBER_CLASS_RE.search(el.get("class") or ""):  # "1.1" before a title
            self.content(el)
            self.builder.space()
        elif tag in _SPANS and not (tag == "a" and el.get("href") is None):
            self.builder.open(_SPANS[tag])
            self.content(el)
            self.builder.close(_SPANS[tag])
        else:
            self.content(el)
        self.text(el.tail, None)

    def break_block(self) -> None:
        """End the text before a skipped display (a formula or code set apart): what
        follows is a new sentence, never glued to the words before it."""
        kind, level = self.builders[-1][1:] if self.builders else ("paragraph", 0)
        self.finish()
        self.start(kind, level)

    def block(self, el: etree._Element, tag: str) -> None:
        kind = _BLOCKS[tag]
        container = None
        if _is_footnotes(el):
            container = "footnote"
        elif tag == "blockquote":
            container = "quote"
        level = int(tag[1]) if tag[0] == "h" and tag[1:].isdigit() else 0
        if tag == "li":
            level = sum(1 for a in el.iterancestors() if _tag(a) in ("ul", "ol"))
        parent, parent_level = self.builders[-1][1:] if self.builders else ("paragraph", 0)
        self.finish()  # text before this block in the parent is a block of its own
        if container:
            self.context.append(container)
        self.start(kind, level)
        self.content(el)
        self.finish()
        if container:
            self.context.pop()
        self.start(parent, parent_level)

    def content(self, el: etree._Element) -> None:
        self.text(el.text, el.sourceline)
        for child in el:
            self.walk(child)


def _classes(el: etree._Element) -> str:
    return f"{el.get('class') or ''} {el.get('role') or ''}"


def _is_chrome(el: etree._Element) -> bool:
    return bool(_CHROME_CLASS_RE.search(_classes(el))) or el.get("hidden") is not None or (
        el.get("aria-hidden") == "true")


def _is_footnotes(el: etree._Element) -> bool:
    ident = el.get("id") or ""
    return bool(_FOOTNOTES_RE.search(ident) or _FOOTNOTES_RE.search(el.get("class") or "")
                ) or el.get("role") == "doc-endnotes"


def _is_ref_mark(el: etree._Element, tag: str) -> bool:
    """A footnote or citation mark: ``<sup>4</sup>``, ``<a href="#FOOT4">(4)</a>``."""
    if tag not in ("sup", "a"):
        return False
    text = "".join(el.itertext())
    if tag == "sup":
        return bool(_REF_MARK_RE.match(text))
    href = el.get("href") or ""
    return (href.startswith("#") and bool(_REF_MARK_RE.match(text))) or (
        "footnote" in (el.get("class") or ""))


def _main(root: etree._Element) -> etree._Element:
    for name in _MAIN:
        found = root.xpath(f"//*[local-name()='{name}']")
        if found:
            return max(found, key=lambda el: len("".join(el.itertext())))
    found = root.xpath("//*[@role='main']")
    if found:
        return found[0]
    body = root.xpath("//*[local-name()='body']")
    return body[0] if body else root


_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>")


def parse(text: str) -> etree._Element | None:
    """The parsed tree of an HTML text (None for a document with no elements)."""
    parser = etree.HTMLParser(encoding="utf-8", huge_tree=True, remove_blank_text=False)
    data = _XML_DECL_RE.sub(lambda m: " " * len(m.group()), text, count=1).encode("utf-8")
    if not data.strip():
        return None
    return etree.fromstring(data, parser)


def truncated(text: str) -> bool:
    """True if the document stops mid-way: inside a tag, or with its body still open."""
    tail = text.rstrip()[-4096:]
    if tail.rfind("<") > tail.rfind(">"):
        return True
    low = text[-65536:].lower()
    return "<body" in text[:200_000].lower() and "</body" not in low and "</html" not in low


def read_html(text: str, file: str) -> list[Block]:
    """Blocks of a normalised HTML text."""
    root = parse(text)
    if root is None:
        return []
    walk = _Walk(SourceText(text), file)
    main = _main(root)
    walk.start("paragraph")
    walk.walk(main)
    while walk.builders:
        walk.finish()
    walk.out.extend(walk.notes)
    return list(with_author(walk.out, html_author(root)))


class HtmlReader:
    name = "html"
    extensions = (".html", ".htm", ".xhtml", ".shtml")

    def sniff(self, head: bytes) -> bool:
        start = head.lstrip()[:200].lower()
        return start.startswith((b"<!doctype html", b"<html")) or (
            start.startswith(b"<?xml") and b"<html" in head[:1024].lower())

    def read(self, doc: Document) -> Iterator[Block]:
        text = tree_text(doc, "HTML")
        if text is None:
            return
        if truncated(text):
            doc.warn(f"{doc.shown}: HTML ends mid-document (truncated?); read what is there")
        try:
            yield from read_html(text, doc.file)
        except etree.LxmlError as exc:
            raise ReadError(f"unreadable HTML ({exc}); skipped") from None
