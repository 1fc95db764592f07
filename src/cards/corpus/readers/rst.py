"""reStructuredText: a docutils doctree, walked for its visible text.

Sphinx's own directives and roles are registered leniently before parsing, so they
neither crash nor print warnings (docutils' reporter is silenced as well): admonition-
like directives (``note``, ``topic``, ``seealso`` …) keep their body as callout blocks;
code, math, plots, includes and API directives are dropped; a role shows its visible
text (``:func:`~scipy.optimize.minimize``` -> ``minimize``; ``:ref:`text <target>``` ->
``text``), and ``:math:`` shows nothing.  Doctest blocks and literal blocks are not
text; ``list-table`` and grid-table cells are table-cell blocks; a paragraph's
``**bold**`` pseudo-heading stays a strong span.  docutils knows each paragraph's lines;
within one, each visible word is found in the file from its first line on.

A big file is parsed in chunks of about ``CHUNK_CHARS``, cut before a line at the left
margin after a blank line (preferably a title of the document's top-level style), so
neither time nor memory grows faster than the file: docutils copies the rest of the
input for every section it opens, which is quadratic on a long document.  Each chunk
keeps its file lines (its first line is known), and the walk carries the heading across
chunks.  A hyperlink reference whose target lies in another chunk keeps its text (the
dangling-reference transform, which would drop it, is not applied).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from docutils import nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import Directive, directives, roles
from docutils.readers import standalone
from docutils.transforms import references

from cards.corpus.blocks import Block, BlockKind, SpanKind
from cards.corpus.readers import Document, ReadError, tree_text
from cards.corpus.source import BlockBuilder, SourceText

_BODY_DIRECTIVES = ("seealso", "versionadded", "versionchanged", "deprecated", "only",
                    "centered", "hlist", "glossary", "tabularcolumns", "rst-class",
                    "todo", "sidebar", "exercise", "solution", "tip")
_DROPPED_DIRECTIVES = ("code-block", "sourcecode", "literalinclude", "plot", "math",
                       "toctree", "autofunction", "autoclass", "automodule", "automethod",
                       "autosummary", "currentmodule", "module", "function", "class",
                       "method", "doctest", "testcode", "testoutput", "ipython",
                       "jupyter-execute", "highlight", "index", "graphviz", "tikz",
                       "bibliography", "literalinclude", "program", "option", "envvar",
                       "productionlist", "default-role", "py:function", "py:class")
_TEXT_ROLES = ("func", "meth", "class", "mod", "attr", "data", "obj", "exc", "ref", "doc",
               "term", "numref", "envvar", "option", "command", "file", "program",
               "keyword", "abbr", "dfn", "kbd", "menuselection", "guilabel", "samp",
               "py:func", "py:class", "py:meth", "py:mod", "py:attr", "py:obj", "eq",
               "download", "pep", "rfc", "ctype", "c:func", "envvar", "token", "cite",
               "scipy-doc", "numpy-doc")
_ROLE_TARGET_RE = re.compile(r"^(?P<text>.*?)\s*<[^<>]*>$", re.S)
_SPANS: dict[type, SpanKind] = {nodes.emphasis: "emphasis", nodes.strong: "strong",
                                nodes.literal: "code", nodes.reference: "link",
                                nodes.title_reference: "emphasis"}
_CONTAINERS: dict[type, BlockKind] = {
    nodes.footnote: "footnote", nodes.citation: "footnote", nodes.block_quote: "quote",
    nodes.entry: "table_cell", nodes.definition: "definition", nodes.list_item: "list_item",
    nodes.caption: "caption", nodes.legend: "caption", nodes.field_body: "definition",
    nodes.Admonition: "callout", nodes.topic: "callout", nodes.sidebar: "callout"}
_SKIP = (nodes.literal_block, nodes.doctest_block, nodes.comment, nodes.math,
         nodes.math_block, nodes.system_message, nodes.raw, nodes.image, nodes.target,
         nodes.substitution_definition, nodes.footnote_reference, nodes.citation_reference,
         nodes.pending, nodes.label, nodes.problematic)


_UNTITLED = frozenset({"rst-class", "only", "hlist", "centered", "tabularcolumns",
                       "versionadded", "versionchanged", "deprecated"})


class _Body(Directive):
    """A Sphinx directive whose content is ordinary body text."""

    has_content = True
    optional_arguments = 10
    final_argument_whitespace = True
    option_spec = None

    def run(self) -> list[nodes.Node]:
        node = nodes.topic(classes=["admonition", self.name])
        if self.arguments and self.name not in _UNTITLED:
            node += nodes.title(text=" ".join(self.arguments))
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


class _Drop(Directive):
    """A Sphinx directive that is code, math or machinery: not text."""

    has_content = True
    optional_arguments = 10
    final_argument_whitespace = True
    option_spec = None

    def run(self) -> list[nodes.Node]:
        return []


def _text_role(name, rawtext, text, lineno, inliner, options=None, content=None):  # type: ignore[no-untyped-def]
    """A Sphinx role: its visible text (``~a.b.c`` -> ``c``, ``text <target>`` -> text)."""
    match = _ROLE_TARGET_RE.match(text)
    shown = match.group("text") if match else text
    if shown.startswith("~"):
        shown = shown[1:].rsplit(".", 1)[-1]
    shown = shown.lstrip("!")
    return [nodes.literal(rawtext, shown) if name in ("func", "meth", "class", "mod", "attr",
                                                       "data", "obj", "exc", "py:func")
            else nodes.inline(rawtext, shown)], []


def _nothing_role(name, rawtext, text, lineno, inliner, options=None, content=None):  # type: ignore[no-untyped-def]
    return [nodes.math(rawtext, text)], []


_registered = False


def _register() -> None:
    global _registered
    if _registered:
        return
    for name in _BODY_DIRECTIVES:
        directives.register_directive(name, _Body)
    for name in _DROPPED_DIRECTIVES:
        directives.register_directive(name, _Drop)
    for name in _TEXT_ROLES:
        roles.register_local_role(name, _text_role)
    roles.register_local_role("math", _nothing_role)
    _registered = True


_SETTINGS = {"report_level": 5, "halt_level": 5, "file_insertion_enabled": False,
             "raw_enabled": False, "input_encoding": "unicode", "syntax_highlight": "none",
             "traceback": True, "warning_stream": None, "_disable_config": True,
             "math_output": "latex", "smart_quotes": False}


_FIRST_WORD_RE = re.compile(r"[^\W_]+")
#: How far after docutils' line an element's first word is looked for.
_PLACE_WINDOW = 2000
#: A file longer than this is parsed in chunks of about this many characters.
CHUNK_CHARS = 200_000
_ADORNMENT_RE = re.compile(r"^([!-/:-@\[-`{-~])\1{2,}[ \t]*$")


class _Reader(standalone.Reader):
    """The standalone reader without the dangling-reference transform: a reference whose
    target is elsewhere (another chunk, another file of the project) keeps its text."""

    def get_transforms(self) -> list[type]:
        return [t for t in super().get_transforms() if t is not references.DanglingReferences]


def _title_style(lines: list[str], k: int) -> tuple[str, bool] | None:
    """(adornment character, overlined) if line ``k`` starts a section title."""
    if k + 1 >= len(lines):
        return None
    over = _ADORNMENT_RE.match(lines[k])
    if over and k + 2 < len(lines) and _ADORNMENT_RE.match(lines[k + 2]) and lines[k + 1].strip():
        return over.group(1), True
    under = _ADORNMENT_RE.match(lines[k + 1])
    if under and lines[k].strip() and not lines[k][:1].isspace() and not over:
        return under.group(1), False
    return None


def chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[str, int]]:
    """The text in pieces of about ``size`` characters, each with its first file line.

    A piece ends before a line at the left margin that follows a blank line: such a line
    is never inside an indented construct (a literal block, a directive's body, a list
    item's continuation).  A title of the top-level style (the first one the document
    uses) is preferred; past twice the size any such line will do.
    """
    if len(text) <= size:
        return [(text, 1)]
    lines = text.split("\n")
    top = next((style for k in range(len(lines))
                if (style := _title_style(lines, k)) is not None), None)
    pieces: list[tuple[str, int]] = []
    first, length = 0, 0
    for k, line in enumerate(lines):
        if length >= size and k > first and not lines[k - 1].strip() and line[:1].strip():
            style = _title_style(lines, k)
            plain = style is None and not _ADORNMENT_RE.match(line)
            if style == top or (length >= 2 * size and plain):
                pieces.append(("\n".join(lines[first:k]) + "\n", first + 1))
                first, length = k, 0
        length += len(line) + 1
    pieces.append(("\n".join(lines[first:]), first + 1))
    return pieces


@dataclass(slots=True)
class _Walk:
    src: SourceText
    file: str
    out: list[Block] = field(default_factory=list)
    stack: list[BlockKind] = field(default_factory=list)
    heading: str | None = None
    term: str | None = None
    cursor: int = 0
    anchor: int = 0  # where the previous element's text began

    def walk(self, node: nodes.Node) -> None:
        if isinstance(node, _SKIP) or (isinstance(node, nodes.topic)
                                       and "contents" in node.get("classes", [])):
            return  # a generated table of contents is not text
        if isinstance(node, nodes.title):
            self.text_block(node, "heading", level=len(self.stack) + 1)
            return
        if isinstance(node, nodes.term):
            block = self.text_block(node, "heading")
            if block is not None:
                self.term = block.term = block.text
                block.tags = ("definition-term",)
            return
        if isinstance(node, (nodes.paragraph, nodes.line, nodes.rubric, nodes.field_name,
                             nodes.attribution)):
            self.text_block(node, self.kind())
            return
        container = next((k for t, k in _CONTAINERS.items() if isinstance(node, t)), None)
        if container:
            self.stack.append(container)
        if isinstance(node, nodes.entry) and not any(
                isinstance(c, nodes.Element) and not isinstance(c, nodes.Inline)
                for c in node.children):
            self.text_block(node, "table_cell")
        else:
            for child in node.children:
                self.walk(child)
        if container:
            self.stack.pop()

    def kind(self) -> BlockKind:
        return self.stack[-1] if self.stack else "paragraph"

    def place(self, node: nodes.Element) -> None:
        """Move the cursor to where the element's visible text starts in the file.

        docutils knows the first line of a paragraph or title; the first visible word is
        looked for on that line, then after it, never before the previous element began
        (so repeated text is not taken from an earlier place).  A term's line is its
        whole item's last one, so a term is looked for after the text before it.  So a
        word of the previous element found too far on (a spelling that differs from the
        file) cannot push the following elements off their place."""
        src = self.src
        line = None if isinstance(node, nodes.term) else _line_of(node)
        first = _FIRST_WORD_RE.search(node.astext())
        if line is None:
            if first is not None:
                pos = src.text.find(first.group(), self.cursor, self.cursor + _PLACE_WINDOW)
                if pos >= 0:
                    self.cursor = max(self.cursor, pos - first.start())
            self.anchor = self.cursor
            return
        line += src.first_line - 1  # docutils counts lines from the chunk's start
        hint = max(self.anchor, src.line_offset(line))
        pos = -1
        if first is not None:
            word = first.group()
            end = src.text.find("\n", hint)
            pos = src.text.find(word, hint, end if end >= 0 else len(src.text))
            if pos < 0:
                pos = src.text.find(word, hint, hint + _PLACE_WINDOW)
            if pos >= 0:  # the text may open with punctuation (". And so")
                pos = max(self.anchor, pos - first.start())
        self.cursor = self.anchor = pos if pos >= 0 else hint

    def text_block(self, node: nodes.Element, kind: BlockKind, level: int = 0) -> Block | None:
        self.place(node)
        builder = BlockBuilder(self.src)
        self.inline(node, builder)
        level = level or sum(1 for k in self.stack if k == "list_item")
        block = builder.build(self.file, kind, heading=self.heading, level=level,
                              term=self.term if kind == "definition" else None)
        if block is None:
            return None
        if kind == "heading" and level:
            self.heading = block.text
        self.out.append(block)
        return block

    def inline(self, node: nodes.Node, builder: BlockBuilder) -> None:
        for child in node.children:
            if isinstance(child, nodes.Text):
                self.cursor = builder.align(str(child), self.cursor)
            elif isinstance(child, _SKIP):
                builder.dropped()
            elif type(child) in _SPANS:
                builder.open(_SPANS[type(child)])
                self.inline(child, builder)
                builder.close(_SPANS[type(child)])
            else:
                self.inline(child, builder)


def _line_of(node: nodes.Node) -> int | None:
    """The file line where a text element starts, as docutils records it (a title's
    line is its underline's, so one less), or the nearest enclosing element's."""
    current: nodes.Node | None = node
    while current is not None:
        line: int | None = getattr(current, "line", None)
        if line:
            return max(1, line - 1) if isinstance(current, nodes.title) else line
        current = current.parent
    return None


def read_rst(text: str, file: str) -> Iterator[Block]:
    """The blocks of a normalised reST text, parsed chunk by chunk (see ``chunks``)."""
    _register()
    walk: _Walk | None = None
    for piece, first_line in chunks(text):
        settings = dict(_SETTINGS, warning_stream=io.StringIO())
        tree = publish_doctree(piece, reader=_Reader(), settings_overrides=settings)
        src = SourceText(piece, first_line)
        if walk is None:
            walk = _Walk(src, file)
        else:  # the heading carries over; positions restart in the new chunk
            walk.src, walk.cursor, walk.anchor = src, 0, 0
            walk.stack, walk.term = [], None
        walk.walk(tree)
        yield from walk.out
        walk.out = []


class RstReader:
    name = "rst"
    extensions = (".rst", ".rest")

    def sniff(self, head: bytes) -> bool:
        return False  # extension-less reST reads as plain text

    def read(self, doc: Document) -> Iterator[Block]:
        text = tree_text(doc, "reStructuredText")
        if text is None:
            return
        try:
            yield from read_rst(text, doc.file)
        except Exception as exc:  # docutils raises many kinds on odd input
            raise ReadError(f"unreadable reStructuredText ({type(exc).__name__}); "
                            "skipped") from None
