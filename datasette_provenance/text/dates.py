"""Calendar words, lower-case: the one list that date-aware rules share (a dateline in
claims.py, a date before a name in spans.py, a time phrase after a cue in extractor.py)."""
from __future__ import annotations

MONTHS = frozenset("january february march april may june july august september october "
                   "november december".split())
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
