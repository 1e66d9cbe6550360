"""The plugin's own extension points (pluggy), for other packages to implement.

Why a PluginManager of our own (the simonw/llm way) rather than hookspecs added to
Datasette's plugin manager (the datasette-enrichments way): the things these hooks
feed -- ratings, cue words, score adjustments -- are used by the pure core and the CLI
(`datasette provenance rescore`, `extract`, a notebook calling pipeline.analyse) as
much as by the web app, and none of them needs a running Datasette. A separate
manager loads the same way with or without Datasette, keeps Datasette's hook
namespace clean, and lets tests register a plugin without building a Datasette app.

Implement them with ``from datasette_provenance.hookspecs import hookimpl`` (the
package's own ``datasette_provenance.hookimpl`` name is Datasette's) and register
the module under the ``datasette_provenance`` entry point group::

    [project.entry-points.datasette_provenance]
    my_ratings = "my_package.ratings"

``config`` is always the ``datasette-provenance`` plugin configuration block
(a dict, possibly empty) from metadata.yml / datasette.yaml or ``-c FILE``.
"""
import pluggy

hookspec = pluggy.HookspecMarker("datasette_provenance")
hookimpl = pluggy.HookimplMarker("datasette_provenance")


@hookspec
def provenance_ratings(config):
    """Supply reliability ratings for sources and outlets.

    Return an iterable of ``datasette_provenance.model.Rating`` or of dicts with keys
    ``name``, ``reliability`` (A-F), optional ``target`` ("source", the default, or
    "outlet") and ``note`` (markdown); or None. Applied by
    ``datasette provenance ratings sync`` and ``rescore``: like every rating change
    they go through the audit table (who = "provider:<plugin name>") and re-score
    the statements they touch. A rating a person set later wins until the provider's
    value changes again.
    """


@hookspec
def provenance_cue_lexicon(config):
    """Supply extra cue words for the extractor.

    Return a dict mapping a lexicon name to a list of words or phrases, e.g.
    ``{"reporting_verbs": ["averred", "went on record"], "hedges": ["purportedly"]}``.
    The extractor reads ``reporting_verbs`` and ``intention_verbs`` (verb cues: list
    every form you want found), ``adverb_cues`` (source-less cues like "reportedly"),
    ``noun_cues`` (a noun before a reporting verb: "dispatches indicate") and
    ``hedges``; any other name is an error naming the plugin. A supplied word is always
    a cue (the shipped model is not asked); words the package already knows change
    nothing. ``plugins.extra_lexicon(config)`` merges every plugin's words for
    ``text.extract(text, extra_lexicon)``; load (also its worker processes), analyze,
    extract, evaluate and the SQL functions use it.
    """


@hookspec
def provenance_score_adjustments(statement, weights, config):
    """Adjust a statement's score with reasons of your own.

    ``statement`` is a ``model.Statement`` whose chain is filled in, ``weights`` the
    merged scoring weights. Return an iterable of ``(delta, reason)`` pairs: each
    delta is added to the score and the reason (words) is stored with it. Called
    wherever a score is computed (``analysis_inputs.py``): load and each of its worker
    processes, analyze jobs, rescore, rating changes, extract and the SQL functions.
    """
