"""`python -m cards` runs the CLI."""

from cards.cli import main

main()
