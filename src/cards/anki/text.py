"""Anki field HTML as plain text, and Anki card templates rendered to that text.

HTML goes through the standard library's `html.parser` (a real tokenizer, not regular
expressions): tags are dropped, entities decoded, line breaks kept where the HTML makes
them (``<br>``, block elements), script and style dropped with their content. Media
references are kept as text: ``<img src="a.png">`` reads ``[image: a.png]``, and sound
tags (``[sound:a.mp3]``) are already text.

Templates use Anki's small mustache dialect: ``{{Field}}``, ``{{#Field}}..{{/Field}}``,
``{{^Field}}..{{/Field}}``, ``{{FrontSide}}`` and filters (``{{text:Field}}``,
``{{hint:Field}}``...). Filters only change how a field looks in Anki, so each renders
as the field's plain text, except ``type:`` (an input box), which renders nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser

_BLOCK_TAGS = {"div", "p", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5",
               "h6", "blockquote", "pre", "hr", "section", "article", "dl", "dt", "dd"}
_SKIP_TAGS = {"script", "style", "head", "title"}
_SPACES_RE = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_TEMPLATE_RE = re.compile(r"\{\{([#^/]?)([^{}]*?)\}\}")
_ANSWER_RULE_RE = re.compile(r"<hr[^>]*id\s*=\s*['\"]?answer['\"]?[^>]*>", re.IGNORECASE)


class _TextParser(HTMLParser):
    """Collects visible text; a break is a pending newline, written once text follows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skipping = 0

    def _newline(self) -> None:
        self.lines.append("".join(self.current))
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag == "br":
            self._newline()
        elif tag == "img":
            src = dict(attrs).get("src") or ""
            if src:
                self.current.append(f"[image: {src}]")
        elif tag in _BLOCK_TAGS and "".join(self.current).strip():
            self._newline()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _SKIP_TAGS:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS and "".join(self.current).strip():
            self._newline()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.current.append(_SPACES_RE.sub(" ", data))

    def text(self) -> str:
        self.close()
        lines = [*self.lines, "".join(self.current)]
        cleaned = [line.strip() for line in lines]
        return "\n".join(cleaned).strip("\n")


@lru_cache(maxsize=4096)
def html_to_text(html: str) -> str:
    """Plain text of Anki field HTML (see the module docstring).

    Cached: a note's fields are read again for each of its cards and each template
    section. Text without tags or entities is only re-spaced, as the parser would do:
    the parser is most of an import's mapping time.
    """
    if "<" not in html and "&" not in html:
        return _SPACES_RE.sub(" ", html).strip()
    parser = _TextParser()
    parser.feed(html)
    return parser.text()


def render(template: str, fields: dict[str, str], front_side: str = "") -> str:
    """Render an Anki template over fields given as HTML; returns HTML."""
    out: list[str] = []
    stack: list[bool] = []  # for each open section: whether its content shows
    pos = 0
    for match in _TEMPLATE_RE.finditer(template):
        if all(stack):
            out.append(template[pos:match.start()])
        pos = match.end()
        sigil, name = match.group(1), match.group(2).strip()
        if sigil in ("#", "^"):
            filled = bool(html_to_text(fields.get(name, "")).strip())
            stack.append(filled if sigil == "#" else not filled)
        elif sigil == "/":
            if stack:
                stack.pop()
        elif all(stack):
            out.append(_replacement(name, fields, front_side))
    if all(stack):
        out.append(template[pos:])
    return "".join(out)


def _replacement(name: str, fields: dict[str, str], front_side: str) -> str:
    *filters, field_name = name.split(":")
    if field_name == "FrontSide":
        return front_side
    if "type" in filters:
        return ""
    return fields.get(field_name.strip(), "")


def card_sides(qfmt: str, afmt: str, fields: dict[str, str]) -> tuple[str, str]:
    """A card's question and answer as plain text.

    The answer is what the answer side adds: after Anki's ``<hr id=answer>`` when the
    template has one, otherwise the whole answer side.
    """
    question = render(qfmt, fields)
    answer = render(afmt, fields, question)
    parts = _ANSWER_RULE_RE.split(answer, maxsplit=1)
    answer = parts[1] if len(parts) == 2 else answer
    return html_to_text(question), html_to_text(answer)
