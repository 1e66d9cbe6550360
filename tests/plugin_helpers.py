"""Registering a test's own plugin on datasette-provenance's plugin manager."""
import contextlib

from datasette_provenance import plugins


@contextlib.contextmanager
def registered(plugin, name):
    """``plugin`` is registered (as ``name``) for the length of the block."""
    plugins.pm.register(plugin, name=name)
    try:
        yield plugin
    finally:
        plugins.pm.unregister(plugin)
