"""Re-drafting never destroys a hand edit (issue 9 item 1, issue 10 "Re-drafting is safe")."""

from __future__ import annotations

import subprocess
from pathlib import Path

from cards.decks import Deck, DeckCard, Source, dumps_deck, load_deck
from cards.redraft import backup_path, fingerprint, merge, record_path, save_draft
from cli_run import run_text

ROOT = Path(__file__).resolve().parents[1]

HAND_CARD = '''
[[cards]]
id = "mine.hand-written"
type = "basic"
front = "Who wrote this card?"
back = "I did."
tags = ["mine"]
'''


def _draft(out: Path) -> subprocess.CompletedProcess[str]:
    return run_text("draft", "seeds", "-o", str(out), cwd=ROOT)


def test_redraft_keeps_added_cards_edited_fields_and_deletions(tmp_path: Path) -> None:
    out = tmp_path / "deck.toml"
    first = _draft(out)
    assert first.returncode == 0, first.stderr
    drafted = load_deck(out)
    assert len(drafted.cards) >= 3
    edited, deleted = drafted.cards[0], drafted.cards[1]
    # by hand: a new card, a reworded answer, a card removed
    deck = load_deck(out)
    deck.cards[0].extra = "my own note"
    deck.cards[0].status = "rejected"
    deck.cards = [c for c in deck.cards if c.id != deleted.id]
    out.write_text(dumps_deck(deck) + HAND_CARD, "utf-8")
    by_hand = out.read_bytes()

    second = _draft(out)
    assert second.returncode == 0, second.stderr
    assert "edited by hand" in second.stderr and second.stderr.count("\n") == 1
    assert out.read_bytes() == by_hand  # the draft had nothing new: nothing to change
    again = {c.id: c for c in load_deck(out).cards}
    assert again["mine.hand-written"].back == "I did."
    assert again[edited.id].extra == "my own note"
    assert again[edited.id].status == "rejected"
    assert again[edited.id].front == edited.front  # unedited fields follow the draft
    assert deleted.id not in again
    assert {c.id for c in drafted.cards} - {deleted.id} <= set(again)

    third = _draft(out)  # nothing new by hand: the edits stay, still no loss
    assert third.returncode == 0, third.stderr
    kept = {c.id: c for c in load_deck(out).cards}
    assert kept["mine.hand-written"].back == "I did." and deleted.id not in kept


def test_redraft_without_edits_writes_no_backup_and_says_nothing(tmp_path: Path) -> None:
    out = tmp_path / "deck.toml"
    assert _draft(out).returncode == 0
    text = out.read_bytes()
    second = _draft(out)
    assert second.returncode == 0 and second.stderr == ""
    assert out.read_bytes() == text
    assert not backup_path(out).exists()
    assert record_path(out).exists()


def test_a_deck_file_that_does_not_parse_is_never_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "deck.toml"
    assert _draft(out).returncode == 0
    out.write_text(out.read_text("utf-8") + "\n[[cards]\nbroken", "utf-8")
    broken = out.read_bytes()
    result = _draft(out)
    assert result.returncode == 4
    assert result.stderr.startswith("cards: error:") and result.stderr.count("\n") == 1
    assert out.read_bytes() == broken


def test_a_deck_with_no_record_is_backed_up_and_its_cards_kept(tmp_path: Path) -> None:
    out = tmp_path / "deck.toml"
    out.write_text('[deck]\nname = "deck"\n' + HAND_CARD, "utf-8")
    result = _draft(out)
    assert result.returncode == 0, result.stderr
    assert "no record" in result.stderr and ".bak" in result.stderr
    assert "mine.hand-written" in {c.id for c in load_deck(out).cards}
    assert "mine.hand-written" in backup_path(out).read_text("utf-8")


def _card(cid: str, back: str) -> DeckCard:
    return DeckCard(id=cid, front=f"What is {cid}?", back=back, status="draft",
                    source=Source(file="n.md", line=1, quote=back))


def test_a_card_whose_concept_is_gone_goes_unless_it_was_edited() -> None:
    old = Deck(name="d", cards=[_card("d.a-basic", "A."), _card("d.b-basic", "B.")])
    record = fingerprint(old)
    on_disk = Deck(name="d", cards=[_card("d.a-basic", "A."), _card("d.b-basic", "B, mine.")])
    new = Deck(name="d", cards=[_card("d.c-basic", "C.")])
    merged, report = merge(on_disk, record, new)
    assert [c.id for c in merged.cards] == ["d.c-basic", "d.b-basic"]
    assert merged.cards[1].back == "B, mine."
    assert ("d.b-basic", "back") in report.edited


def test_an_edited_deck_name_is_kept() -> None:
    old = Deck(name="d", description="Drafted from d/", cards=[_card("d.a-basic", "A.")])
    on_disk = Deck(name="My deck", description="Drafted from d/",
                   cards=[_card("d.a-basic", "A.")])
    merged, report = merge(on_disk, fingerprint(old), old)
    assert merged.name == "My deck" and report.header_edited


def test_a_changed_draft_over_hand_edits_keeps_a_backup(tmp_path: Path) -> None:
    out = tmp_path / "d.toml"
    save_draft(Deck(name="d", cards=[_card("d.a-basic", "A."), _card("d.b-basic", "B.")]),
               out)
    deck = load_deck(out)
    deck.cards[1].back = "B, as I put it."
    out.write_text(dumps_deck(deck) + HAND_CARD, "utf-8")
    by_hand = out.read_bytes()
    _, report = save_draft(
        Deck(name="d", cards=[_card("d.a-basic", "A, better."), _card("d.b-basic", "B2.")]),
        out)
    assert report is not None and report.backed_up
    assert backup_path(out).read_bytes() == by_hand
    cards = {c.id: c for c in load_deck(out).cards}
    assert cards["d.a-basic"].back == "A, better."       # unedited: follows the draft
    assert cards["d.b-basic"].back == "B, as I put it."  # edited: the user's
    assert cards["mine.hand-written"].front == "Who wrote this card?"
