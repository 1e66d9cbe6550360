"""The plugin manager behind hookspecs.py, and helpers that call its hooks.

See hookspecs.py for why this is a PluginManager of our own rather than
Datasette's. Entry points of the ``datasette_provenance`` group are loaded on
import; the built-in ratings-file provider is always registered.
"""
from __future__ import annotations

from typing import Dict, List, Optional

import pluggy

from . import hookspecs, ratings_file
from .model import Rating
from .ratings_io import RatingsFileError, rating_from_dict
from .text.extra import ExtraLexicon

pm = pluggy.PluginManager("datasette_provenance")
pm.add_hookspecs(hookspecs)
pm.load_setuptools_entrypoints("datasette_provenance")
pm.register(ratings_file, name="ratings_file")


def provided_ratings(config) -> List[tuple]:
    """Every plugin's ratings as (plugin name, Rating), validated."""
    config = config or {}
    found = []
    for impl in pm.hook.provenance_ratings.get_hookimpls():
        try:
            supplied = impl.function(config=config)
            for item in supplied or ():
                rating = item if isinstance(item, Rating) else rating_from_dict(item)
                found.append((impl.plugin_name, rating_from_dict(rating.to_dict())))
        except RatingsFileError as e:
            if impl.plugin_name == "ratings_file":  # its errors name the file already
                raise
            raise RatingsFileError(f"rating provider {impl.plugin_name!r}: {e}") from None
        except Exception as e:
            # Another package's failure (its service down, its bug): one line naming it, as
            # a bad rating gets, not a traceback from inside this one.
            raise RatingsFileError(f"rating provider {impl.plugin_name!r} failed: "
                                   f"{type(e).__name__}: {e}") from e
    return found


def cue_lexicon(config) -> Dict[str, List[str]]:
    """Extra cue words from every plugin, merged by lexicon name, first seen first."""
    merged: Dict[str, List[str]] = {}
    for words_by_lexicon in pm.hook.provenance_cue_lexicon(config=config or {}):
        for lexicon, words in (words_by_lexicon or {}).items():
            bucket = merged.setdefault(lexicon, [])
            bucket.extend(w for w in words if w not in bucket)
    return merged


def extra_lexicon(config) -> Optional[ExtraLexicon]:
    """Every plugin's cue words as the extractor's optional ``extra_lexicon`` (None when
    no plugin supplies any); a lexicon the extractor cannot read raises ValueError naming
    the plugin."""
    config = config or {}
    merged: Dict[str, List[str]] = {}
    for impl in pm.hook.provenance_cue_lexicon.get_hookimpls():
        supplied = impl.function(config=config) or {}
        try:
            ExtraLexicon.of(supplied)  # validated per plugin, so the error can name it
        except ValueError as e:
            raise ValueError(f"plugin {impl.plugin_name!r}: {e}") from None
        for lexicon, words in supplied.items():
            bucket = merged.setdefault(lexicon, [])
            bucket.extend(w for w in words if w not in bucket)
    return ExtraLexicon.of(merged)


def score_adjusters(config) -> list:
    """Adjusters for score.score(): one per plugin implementing the hook."""
    config = config or {}
    hook = pm.hook.provenance_score_adjustments
    if not hook.get_hookimpls():
        return []

    def adjust(statement, weights):
        pairs = []
        for result in hook(statement=statement, weights=weights, config=config):
            pairs.extend(result or ())
        return pairs

    return [adjust]
