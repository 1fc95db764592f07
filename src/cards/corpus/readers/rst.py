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
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from docutils import nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import Directive, directives, roles

from cards.corpus.blocks import Block, BlockKind, SpanKind
from cards.corpus.decode import decode_bytes, normalise_text
from cards.corpus.readers import MAX_TREE_BYTES, Document, ReadError
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


@dataclass(slots=True)
class _Walk:
    src: SourceText
    file: str
    out: list[Block] = field(default_factory=list)
    stack: list[BlockKind] = field(default_factory=list)
    heading: str | None = None
    term: str | None = None
    cursor: int = 0

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

    def text_block(self, node: nodes.Element, kind: BlockKind, level: int = 0) -> Block | None:
        line = _line_of(node)
        if line is not None:
            self.cursor = max(self.cursor, self.src.line_offset(line))
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
    """The file line where a text element starts: docutils gives a paragraph's last line
    + 1 in some places, so the line is taken from its first source line if it can be."""
    current: nodes.Node | None = node
    while current is not None:
        line: int | None = getattr(current, "line", None)
        if line:
            raw = getattr(current, "rawsource", "") or ""
            if isinstance(current, nodes.paragraph) and raw:
                return max(1, line - raw.count("\n") - 1)
            return max(1, line - 1) if isinstance(current, nodes.title) else line
        current = current.parent
    return None


def read_rst(text: str, file: str) -> list[Block]:
    _register()
    settings = dict(_SETTINGS, warning_stream=io.StringIO())
    tree = publish_doctree(text, settings_overrides=settings)
    walk = _Walk(SourceText(text), file)
    walk.walk(tree)
    return walk.out


class RstReader:
    name = "rst"
    extensions = (".rst", ".rest")

    def sniff(self, head: bytes) -> bool:
        return False  # extension-less reST reads as plain text

    def read(self, doc: Document) -> Iterator[Block]:
        if doc.size > MAX_TREE_BYTES:
            raise ReadError(f"{doc.size / 2**20:.0f} MB is over the "
                            f"{MAX_TREE_BYTES // 2**20} MB limit for reStructuredText; "
                            "skipped")
        raw = decode_bytes(doc.read_bytes(), doc.shown, doc.warn)
        if raw is None:
            return
        try:
            yield from read_rst(normalise_text(raw), doc.file)
        except Exception as exc:  # docutils raises many kinds on odd input
            raise ReadError(f"unreadable reStructuredText ({type(exc).__name__}); "
                            "skipped") from None
