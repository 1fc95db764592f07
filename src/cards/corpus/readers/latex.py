"""LaTeX: parsed with pylatexenc's LatexWalker; every node knows its offset in the file.

Visible text is the prose: ``\\term{}`` and ``\\termsub{shown}{index form}`` (the
OpenIntro books' defined terms) become ``term`` spans (``\\indexthis{shown}{index form}``
shows its first argument only), ``\\emph``/``\\textit`` emphasis,
``\\textbf`` strong, ``\\texttt``/``\\var`` code; ``\\index``, ``\\label``, ``\\ref``,
``\\cite`` and layout macros leave no trace, nor do ``%`` comments or math.
``\\footnote{}``/``\\footnotetext{}`` become footnote blocks apart from their sentence;
sectioning commands give headings; ``itemize``/``enumerate``/``description`` items are
list items (a description's ``\\item[Term]`` is its term); ``quote`` is a quote,
``\\caption`` a caption; verbatim, tabular and picture environments are not text.  A
macro the reader does not know keeps the text of its braced arguments, so a book's own
macros never stop the reading.

pylatexenc reads ordinary text one character per token, testing every LaTeX special at
each; ``_Walker`` gives it a run of letters, digits, spaces and plain punctuation as
one character token instead (never where one character is what the syntax asks for: a
macro's unbraced argument), which makes the reading several times faster and changes no
node.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from pylatexenc import latexwalker as lw
from pylatexenc.macrospec import MacroSpec

from cards.corpus.blocks import Block, BlockKind, SpanKind
from cards.corpus.readers import Document, ReadError, tree_text
from cards.corpus.source import BlockBuilder, SourceText

_SECTIONS = {"part": 1, "chapter": 1, "chaptertitle": 1, "section": 2, "subsection": 3,
             "subsubsection": 4, "paragraph": 5, "subparagraph": 6}
_SPANS: dict[str, SpanKind] = {
    "term": "term", "termsub": "term", "emph": "emphasis", "textit": "emphasis",
    "textsl": "emphasis", "textbf": "strong", "texttt": "code", "var": "code",
    "textsc": "emphasis", "underline": "emphasis"}
_NOTES = frozenset({"footnote", "footnotetext", "marginpar", "sidenote"})
_HIDDEN = frozenset({
    "index", "label", "ref", "eqref", "vref", "pageref", "cite", "citep", "citet",
    "footnotemark", "input", "include", "includegraphics", "setlength", "hspace", "vspace",
    "newpage", "clearpage", "centering", "noindent", "small", "large", "Large", "footnotesize",
    "hline", "newcommand", "renewcommand", "def", "chaptersection", "url", "href",
    "bibliography", "bibliographystyle", "usepackage", "documentclass", "maketitle",
    "tableofcontents", "vskip", "hskip", "medskip", "bigskip", "smallskip", "linebreak",
    "pagebreak", "nopagebreak", "addtocounter", "setcounter", "itemsep", "textwidth",
    "linewidth", "tipBoxTitle", "resizebox", "scalebox", "phantom", "vphantom"})
_CHARS = {"us": "_", "%": "%", "$": "$", "&": "&", "#": "#", "_": "_", "{": "{", "}": "}",
          "ldots": "…", "dots": "…", "textellipsis": "…", "LaTeX": "LaTeX", "TeX": "TeX",
          "textendash": "–", "textemdash": "—", "S": "§", "P": "¶", "copyright": "©",
          "textasciitilde": "~", "textbackslash": "\\", "textquoteright": "’",
          "textquoteleft": "‘", "textdegree": "°", "pounds": "£", "euro": "€"}
_SPACES = frozenset({" ", "\\", ",", ";", "quad", "qquad", "newline", "par", "enspace",
                     "thinspace"})
_SPECIALS = {"~": " ", "``": "“", "''": "”", "--": "–", "---": "—", "&": " ", "`": "‘",
             "'": "’"}
_LISTS = frozenset({"itemize", "enumerate", "description", "list", "compactitem",
                    "compactenum"})
_SKIP_ENVS = frozenset({
    "verbatim", "lstlisting", "minted", "tabular", "tabular*", "tabularx", "tikzpicture",
    "picture", "equation", "equation*", "align", "align*", "eqnarray", "eqnarray*",
    "displaymath", "math", "gather", "gather*", "multline", "multline*", "comment",
    "thebibliography", "Verbatim", "alltt", "figure*"})
_QUOTES = frozenset({"quote", "quotation", "verse"})
_PARAGRAPH_RE = re.compile(r"\n[ \t]*\n")


def _context() -> lw.LatexContextDb:
    db = lw.get_default_latex_context_db()
    db.add_context_category("cards", prepend=True, macros=[
        MacroSpec("term", "{"), MacroSpec("termsub", "{{"), MacroSpec("index", "{"),
        MacroSpec("indexthis", "{{"),
        MacroSpec("var", "{"), MacroSpec("footnotetext", "[{"), MacroSpec("footnotemark", "["),
        MacroSpec("chaptersection", "{"), MacroSpec("chaptertitle", "{"),
        MacroSpec("vref", "{"), MacroSpec("us", ""), MacroSpec("tipBoxTitle", "[{"),
        MacroSpec("caption", "[{"), MacroSpec("includegraphics", "[{"),
        MacroSpec("setlength", "{{"), MacroSpec("hspace", "*{"), MacroSpec("vspace", "*{"),
        MacroSpec("resizebox", "{{"), MacroSpec("renewcommand", "{[{"),
        MacroSpec("newcommand", "*{[[{"), MacroSpec("input", "{"), MacroSpec("href", "{{"),
        MacroSpec("url", "{")])
    return db


@dataclass(slots=True)
class _Walk:
    src: SourceText
    file: str
    out: list[Block] = field(default_factory=list)
    notes: list[Block] = field(default_factory=list)
    builders: list[tuple[BlockBuilder, BlockKind, int, str | None]] = field(
        default_factory=list)
    kinds: list[BlockKind] = field(default_factory=list)  # environment -> block kind
    heading: str | None = None
    math: bool = False

    @property
    def builder(self) -> BlockBuilder:
        return self.builders[-1][0]

    def start(self, kind: BlockKind | None = None, level: int = 0,
              term: str | None = None) -> None:
        kind = kind or (self.kinds[-1] if self.kinds else "paragraph")
        self.builders.append((BlockBuilder(self.src), kind, level, term))

    def finish(self, restart: bool = True) -> None:
        builder, kind, level, term = self.builders.pop()
        tags = ("math",) if self.math else ()
        self.math = False
        block = builder.build(self.file, kind, heading=self.heading, level=level, term=term,
                              tags=tags)
        if block is not None and kind == "footnote" and self.builders:
            self.notes.append(block)
        elif block is not None:
            if kind == "heading":
                self.heading = block.text
            self.out.append(block)
        if not any(k == "footnote" for _, k, _, _ in self.builders):
            self.out.extend(self.notes)
            self.notes.clear()
        if restart:
            self.start(kind if kind in ("list_item", "quote") else None, level, term)

    def nodes(self, nodes: list[lw.LatexNode] | None) -> None:
        for node in nodes or []:
            self.node(node)

    def node(self, node: lw.LatexNode | None) -> None:
        if node is None or node.isNodeType(lw.LatexCommentNode):
            return
        if node.isNodeType(lw.LatexCharsNode):
            self.chars(node.chars, node.pos)
        elif node.isNodeType(lw.LatexGroupNode):
            self.nodes(node.nodelist)
        elif node.isNodeType(lw.LatexMathNode):
            self.math = True
            self.builder.dropped(formula=True)
        elif node.isNodeType(lw.LatexSpecialsNode):
            text = _SPECIALS.get(node.specials_chars, "")
            if text.strip():
                self.builder.add_at(text, node.pos)
            else:
                self.builder.space()
        elif node.isNodeType(lw.LatexMacroNode):
            self.macro(node)
        elif node.isNodeType(lw.LatexEnvironmentNode):
            self.environment(node)

    def chars(self, text: str, pos: int) -> None:
        start = 0
        for brk in _PARAGRAPH_RE.finditer(text):
            self.builder.add(text[start:brk.start()], pos + start)
            self.finish()
            start = brk.end()
        self.builder.add(text[start:], pos + start)
        if text[-1:].isspace():
            self.builder.space()

    def args(self, node: lw.LatexMacroNode) -> list[lw.LatexNode | None]:
        argd = node.nodeargd
        return list(argd.argnlist) if argd is not None and argd.argnlist else []

    def macro(self, node: lw.LatexMacroNode) -> None:
        name = node.macroname
        args = self.args(node)
        if name in _SECTIONS:
            self.finish(restart=False)
            self.start("heading", _SECTIONS[name])
            self.node(args[-1] if args else None)
            self.finish()
        elif name in _SPANS:
            self.builder.open(_SPANS[name])
            self.node(args[0] if args else None)
            self.builder.close(_SPANS[name])
        elif name == "indexthis":  # \indexthis{shown}{index form}: the first is the text
            self.node(args[0] if args else None)
        elif name in _NOTES:
            self.builders.append((BlockBuilder(self.src), "footnote", 0, None))
            self.node(args[-1] if args else None)
            self.finish(restart=False)
            self.builder.dropped()
        elif name == "caption":
            self.finish(restart=False)
            self.start("caption")
            self.node(args[-1] if args else None)
            self.finish()
        elif name == "item":
            self.item(args)
        elif name in _CHARS:
            self.builder.add_at(_CHARS[name], node.pos)
            if node.macro_post_space:
                self.builder.space()
        elif name in _SPACES:
            self.builder.space()
        elif name in _HIDDEN:
            self.builder.dropped()
        else:  # an unknown macro: the text of its arguments, if it has any
            for arg in args:
                self.node(arg)
            if node.macro_post_space:
                self.builder.space()

    def item(self, args: list[lw.LatexNode | None]) -> None:
        term = None
        if args and args[0] is not None:  # \item[Term]
            probe = _Walk(self.src, self.file)
            probe.start("heading")
            probe.node(args[0])
            probe.finish(restart=False)
            term = probe.out[0].text if probe.out else None
        self.finish(restart=False)
        kind: BlockKind = "definition" if term else "list_item"
        level = max(1, sum(1 for k in self.kinds if k == "list_item"))
        self.start(kind, level, term)

    def environment(self, node: lw.LatexEnvironmentNode) -> None:
        name = node.environmentname
        if name in _SKIP_ENVS:
            self.builder.dropped()
            return
        kind: BlockKind | None = ("list_item" if name in _LISTS else "quote"
                                  if name in _QUOTES else None)
        self.finish(restart=False)
        self.kinds.append(kind or (self.kinds[-1] if self.kinds else "paragraph"))
        body = list(node.nodelist or [])
        first = next((n for n in body if n is not None and not (
            n.isNodeType(lw.LatexCharsNode) and not n.chars.strip())), None)
        if first is not None and first.isNodeType(lw.LatexGroupNode) and kind is None:
            self.start("heading")  # a box's title: \begin{onebox}{Title}
            self.node(first)
            self.finish(restart=False)
            body = body[body.index(first) + 1:]
        self.start("paragraph" if kind == "list_item" else None)
        self.nodes(body)
        self.finish(restart=False)
        self.kinds.pop()
        self.start()


#: Characters that are text wherever they are (no special, brace, comment, math or
#: macro starts with one); a run of them is one token.
_PLAIN = r"[^\W_]|[ .,;:()/+=<>|@\"]"


class _Walker(lw.LatexWalker):
    """pylatexenc's walker, taking a run of plain characters as one character token."""

    def __init__(self, text: str, **kwargs: object) -> None:
        super().__init__(text, **kwargs)
        db = kwargs["latex_context"]
        starts = {k[0] for c in db.category_list for k in db.d[c]["specials"]}  # type: ignore[attr-defined]
        plain = _PLAIN if not starts else f"(?![{re.escape(''.join(sorted(starts)))}])(?:{_PLAIN})"
        self._run = re.compile(f"(?:{plain})+")
        self._single = 0  # inside get_latex_expression: one character is one token

    def get_latex_expression(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self._single += 1
        try:
            return super().get_latex_expression(*args, **kwargs)
        finally:
            self._single -= 1

    def get_latex_nodes(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        saved, self._single = self._single, 0  # a braced group's body reads runs again
        try:
            return super().get_latex_nodes(*args, **kwargs)
        finally:
            self._single = saved

    def get_token(self, pos, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not self._single:
            run = self._run.match(self.s, pos)
            if run is not None and not self.s[pos].isspace():
                return lw.LatexToken(tok="char", arg=run.group(), pos=pos,
                                     len=run.end() - pos, pre_space="")
        return super().get_token(pos, *args, **kwargs)


def read_latex(text: str, file: str) -> list[Block]:
    """Blocks of a normalised LaTeX text (the document body if it has one)."""
    walker = _Walker(text, latex_context=_context(), tolerant_parsing=True)
    nodes, _, _ = walker.get_latex_nodes(pos=0)
    body = next((n for n in nodes if n is not None and n.isNodeType(lw.LatexEnvironmentNode)
                 and n.environmentname == "document"), None)
    walk = _Walk(SourceText(text), file)
    walk.start()
    walk.nodes(body.nodelist if body is not None else nodes)
    while walk.builders:
        walk.finish(restart=False)
    walk.out.extend(walk.notes)
    return walk.out


class LatexReader:
    name = "latex"
    extensions = (".tex", ".latex", ".ltx")

    def sniff(self, head: bytes) -> bool:
        start = head.lstrip()[:200]
        return start.startswith((b"\\documentclass", b"\\section", b"\\chapter"))

    def read(self, doc: Document) -> Iterator[Block]:
        text = tree_text(doc, "LaTeX")
        if text is None:
            return
        try:
            yield from read_latex(text, doc.file)
        except lw.LatexWalkerError as exc:
            raise ReadError(f"unreadable LaTeX ({exc}); skipped") from None
