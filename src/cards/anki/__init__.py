"""Anki packages both ways: `export` writes them with genanki, `formats` reads every
collection format Anki writes, `importing` maps what was read onto cards, and `text`
turns Anki's HTML and templates into plain text.

`cards.anki` keeps exporting the names it always had, so `from cards.anki import
AnkiCard, export_apkg` works as before.
"""

from cards.anki.export import (
    BASIC_MODEL_ID,
    BASIC_MODEL_NAME,
    CLOZE_MODEL_ID,
    CLOZE_MODEL_NAME,
    CSS,
    DECK_PREFIX,
    RENDER_EPOCH,
    AnkiCard,
    ExportSummary,
    _basic_model,
    _cloze_model,
    anki_deck_name,
    anki_tags,
    deck_id_for,
    export_apkg,
    html_text,
    note_mtime,
    source_html,
)

__all__ = [
    "BASIC_MODEL_ID",
    "BASIC_MODEL_NAME",
    "CLOZE_MODEL_ID",
    "CLOZE_MODEL_NAME",
    "CSS",
    "DECK_PREFIX",
    "RENDER_EPOCH",
    "AnkiCard",
    "ExportSummary",
    "_basic_model",
    "_cloze_model",
    "anki_deck_name",
    "anki_tags",
    "deck_id_for",
    "export_apkg",
    "html_text",
    "note_mtime",
    "source_html",
]
