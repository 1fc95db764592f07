"""Dialects of plain text: the scraped comment pages (the seeds) and everything else.

A dialect is a module with ``looks_like(text) -> bool`` and ``blocks(text, file)``; the
text reader asks each in turn, the generic dialect last.
"""
