"""Click options more than one `datasette provenance` command takes, written once."""
from __future__ import annotations

import click


def config_option(what: str = "configures scoring and the extension hooks"):
    """``-c/--config FILE`` into ``config_path``: the file whose plugin block ``what``."""
    return click.option(
        "-c", "--config", "config_path", type=click.Path(exists=True, dir_okay=False),
        help=f"datasette.yaml / metadata.yml whose plugins: datasette-provenance: block {what}")
