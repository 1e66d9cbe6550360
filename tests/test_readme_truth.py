"""The README tells the truth about the command line: every `datasette provenance ...` command
it shows exists and takes the options it is shown with, and the file kinds `load` reads are
the ones the README's table and `load --help` list."""
import pathlib
import re

import click
from click.testing import CliRunner
from datasette.cli import cli

from datasette_provenance import ingest

README = (pathlib.Path(__file__).resolve().parent.parent / "README.md").read_text()
# "datasette provenance SUB[ SUB2] args..." up to the end of the command: a backtick, a
# line end, a shell operator or a comment.
COMMAND = re.compile(r"datasette provenance ((?:ratings )?[a-z]+)([^`\n&|>#]*)")
OPTION = re.compile(r"(?<![\w-])(--?[a-z][a-z-]*)")


def provenance_command(words):
    group = cli.commands["provenance"]
    command = group
    for word in words.split():
        assert isinstance(command, click.Group), (words, word)
        assert word in command.commands, f"README shows `datasette provenance {words}`: no such command"
        command = command.commands[word]
    return command


def test_every_command_and_option_the_readme_shows_exists():
    shown = COMMAND.findall(README)
    assert len(shown) > 20  # the pattern still finds the README's commands
    for words, rest in shown:
        command = provenance_command(words)
        if isinstance(command, click.Group):
            continue
        names = {opt for param in command.params for opt in param.opts + param.secondary_opts}
        for option in OPTION.findall(rest):
            assert option in names, f"README: `datasette provenance {words} ... {option}`: " \
                                    f"{words} has {sorted(names)}"


def test_readme_table_and_load_help_list_every_file_kind_load_reads():
    table = README[README.index("| file | what becomes the article |"):]
    table = table[:table.index("\n\n")]
    listed = set(re.findall(r"`(\.[a-z]+)`", table))
    help_text = CliRunner().invoke(cli, ["provenance", "load", "--help"], terminal_width=200).output
    for ext in ingest.KNOWN_EXTENSIONS:
        assert ext in listed, f"README's file table leaves out {ext}"
        assert re.search(re.escape(ext) + r"\b", help_text), f"`load --help` leaves out {ext}"
    assert listed <= ingest.KNOWN_EXTENSIONS  # and lists nothing load skips


def test_load_summary_parts_are_the_ones_the_readme_names(tmp_path):
    # Two articles naming one person differently: the identity pass merges them, and the
    # summary says so in the words the README gives.
    (tmp_path / "a.txt").write_text("Pier shut\n\nHarbour master Tom Berg said the pier was shut.\n")
    (tmp_path / "b.txt").write_text("Pier open\n\nMr. Berg said the pier would reopen in May.\n")
    result = CliRunner().invoke(cli, ["provenance", "load", str(tmp_path / "p.db"), str(tmp_path)])
    assert result.exit_code == 0, result.output
    line = result.output.strip().splitlines()[-1]
    assert line == "2 loaded, 0 unchanged, 0 failed, 1 source merged", line
    for part in ("N loaded, N unchanged, N failed", "N re-extracted", "N sources merged"):
        assert part in README, part
