"""The plugin's configuration block, from Datasette or from a file given to the CLI.

Datasette 0.65 reads it from metadata (``plugins: datasette-provenance: ...``), the
1.0 alphas from datasette.yaml (same shape); the CLI's ``-c FILE`` accepts either
file. A ``databases: <name>: plugins: datasette-provenance:`` block overrides the
top-level one for that database. Keys:

- ``weights``: scoring weights overriding score.DEFAULT_WEIGHTS (unknown keys are an error)
- ``ratings_file``: a CSV/JSON ratings file for the built-in rating provider
"""
from __future__ import annotations

import json
import os
from typing import Optional

import yaml

from . import score as scoring

PLUGIN = "datasette-provenance"


class ConfigError(ValueError):
    pass


def read_file(path: str, database: Optional[str] = None) -> dict:
    """The plugin block of a datasette.yaml / metadata.yml / .json file."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        data = json.loads(text) if path.endswith(".json") else yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise ConfigError(yaml_problem(path, e)) from None
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise ConfigError(f"{path}: {e}") from None
    data = _mapping(path, data, "the file")
    config = dict(_mapping(path, _mapping(path, data.get("plugins"), "plugins").get(PLUGIN),
                           f"plugins: {PLUGIN}"))
    if database:
        databases = _mapping(path, data.get("databases"), "databases")
        db_block = _mapping(path, databases.get(database), f"databases: {database}")
        db_plugins = _mapping(path, db_block.get("plugins"), f"databases: {database}: plugins")
        config.update(_mapping(path, db_plugins.get(PLUGIN), f"databases: {database}: plugins: {PLUGIN}"))
    return config


def yaml_problem(path: str, error) -> str:
    """A YAML error in the file's words: its line and column, what is wrong. PyYAML's own
    text spans lines and names the input "<unicode string>", not the file."""
    mark = getattr(error, "problem_mark", None)
    problem = (getattr(error, "problem", None) or str(error).splitlines()[0]).replace(
        "'<stream end>'", "the end of the file")
    where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else path
    return f"{where}: not valid YAML: {problem}"


def _mapping(path: str, value, where: str) -> dict:
    """``value`` (a block of the file) as a dict, {} when absent; anything else is a
    ConfigError naming the file and the block (`plugins: 5` is no configuration)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        kind = "a list" if isinstance(value, list) else repr(value)
        raise ConfigError(f"{path}: {where} must be a mapping (key: value lines), not {kind}")
    return value


def database_name(db_path: str) -> str:
    return os.path.splitext(os.path.basename(db_path))[0]


def weight_overrides(config: Optional[dict], stored: Optional[dict] = None) -> dict:
    """The configured weight overrides, validated; without a ``weights`` key in the
    configuration, the ones the database stored at its last rescore."""
    overrides = (config or {}).get("weights")
    if overrides is None:
        overrides = stored or {}
    if not isinstance(overrides, dict):
        raise ConfigError(f"weights must be a mapping of weight name to number, not {overrides!r}")
    try:
        scoring.merged_weights(overrides)
    except ValueError as e:
        raise ConfigError(str(e)) from None
    return dict(overrides)


def weights(config: Optional[dict], stored: Optional[dict] = None) -> dict:
    """Merged, validated weights (see weight_overrides); a bad value raises ConfigError."""
    return scoring.merged_weights(weight_overrides(config, stored))
