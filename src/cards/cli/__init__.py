"""The `cards` command line.

Only click is imported at start-up: every subcommand lives in its own module and is
loaded when it is run (or when `--help` lists it), so `cards --help` and
`cards --version` stay fast however heavy the TUI, SQLAlchemy or genanki are.

Every expected failure is a `CardsError`; `main` prints it as one line on stderr and
exits with its documented code. Nothing reaches the user as a traceback.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from cards import __version__
from cards.errors import CardsError, ExitCode

#: subcommand name -> "module:attribute", loaded on demand.
COMMANDS: dict[str, str] = {
    "review": "cards.cli.review:review",
    "add": "cards.cli.cards_cmds:add",
    "import": "cards.cli.io_cmds:import_",
    "export": "cards.cli.io_cmds:export",
    "list": "cards.cli.cards_cmds:list_",
    "show": "cards.cli.cards_cmds:show",
    "edit": "cards.cli.cards_cmds:edit",
    "delete": "cards.cli.cards_cmds:delete",
    "due": "cards.cli.review_cmds:due",
    "answer": "cards.cli.review_cmds:answer",
    "undo": "cards.cli.review_cmds:undo",
    "suspend": "cards.cli.cards_cmds:suspend",
    "unsuspend": "cards.cli.cards_cmds:unsuspend",
    "accept": "cards.cli.cards_cmds:accept",
    "reject": "cards.cli.cards_cmds:reject",
    "redraft": "cards.cli.cards_cmds:redraft",
    "stats": "cards.cli.review_cmds:stats",
    "config": "cards.cli.config_cmds:config",
    "draft": "cards.cli.draft:draft",
    "tag": "cards.cli.cards_cmds:tag",
    "untag": "cards.cli.cards_cmds:untag",
    "move": "cards.cli.cards_cmds:move",
    "backup": "cards.cli.safety_cmds:backup",
    "undelete": "cards.cli.safety_cmds:undelete",
    "trash": "cards.cli.safety_cmds:trash",
    "check": "cards.cli.safety_cmds:check",
    "copy": "cards.cli.copy_cmd:copy",
    "compare-schedulers": "cards.cli.fsrs_cmds:compare_schedulers",
    "fsrs": "cards.cli.fsrs_cmds:fsrs",
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported only when needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        command: click.Command = getattr(importlib.import_module(module_name), attr)
        return command


@click.group(cls=LazyGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="cards")
@click.option("--db", "db", type=click.Path(), envvar="CARDS_DB",
              help="Collection file, or postgresql://USER@HOST/DB for one on a server "
                   "(default: your data folder; or $CARDS_DB).")
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """Spaced repetition in the terminal, with decks drafted from what you read.

    Run `cards` alone to open the review app.
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    if ctx.invoked_subcommand is None:
        if sys.stdin.isatty() and sys.stdout.isatty():
            from cards.cli.review import run_app

            run_app(db)
        else:
            click.echo(ctx.get_help())


#: An error line longer than this is cut in the middle: a 5 MB deck name must not make
#: a 5 MB error line.
MAX_MESSAGE = 500


def error_line(message: str) -> str:
    """The one stderr line of a failure: controls in file names, ids or deck names made
    visible (`textsafe.one_line`), and cut to `MAX_MESSAGE` characters."""
    from cards.textsafe import one_line

    text = one_line(message)
    if len(text) > MAX_MESSAGE:
        half = MAX_MESSAGE // 2
        text = f"{text[:half]}…{text[-half:]}"
    return f"cards: error: {text}"


def _fail(message: str, code: int) -> None:
    click.echo(error_line(message), err=True)
    sys.exit(code)


def main(argv: list[str] | None = None) -> Any:
    """Entry point: run the CLI, turning every failure into one line and an exit code."""
    try:
        return cli.main(args=argv, prog_name="cards", standalone_mode=False)
    except CardsError as exc:
        _fail(exc.message, int(exc.exit_code))
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help() if exc.ctx else str(exc), err=True)
        sys.exit(int(ExitCode.USAGE))
    except click.UsageError as exc:
        hint = f" (see 'cards {exc.ctx.command_path.partition(' ')[2]} --help')".replace(
            "cards  --help", "cards --help") if exc.ctx else ""
        _fail(f"{exc.format_message()}{hint}", int(ExitCode.USAGE))
    except click.ClickException as exc:
        _fail(exc.format_message(), int(ExitCode.USAGE))
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        _fail("interrupted", int(ExitCode.INTERRUPTED))
    except KeyboardInterrupt:
        _fail("interrupted", int(ExitCode.INTERRUPTED))
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # a bug; still one line, never a traceback
        _fail(f"internal error ({type(exc).__name__}): {exc}", int(ExitCode.INTERNAL))
    return None
