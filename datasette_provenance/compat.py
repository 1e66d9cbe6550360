"""Differences between Datasette 0.65.x and the 1.0 alphas, in one place."""
from __future__ import annotations

from datasette.version import __version__ as DATASETTE_VERSION

IS_1_0 = DATASETTE_VERSION.startswith("1.")
