"""The plugin's own form tokens: signed with Datasette's secret for one actor, one
database and one kind of form, valid for a few hours.

Why, besides Datasette's CSRF protection: 0.65 checks asgi-csrf's ``csrftoken``, but the
1.0 alphas no longer verify ``csrftoken()``; they refuse a cross-site browser POST by its
Sec-Fetch-Site / Origin headers and let a POST without them through. A form that changes
data (a rating, an analysis job) therefore also carries this token, checked on both versions.
"""
from __future__ import annotations

import json
import time

RATE = "provenance-rate"
ANALYZE = "provenance-analyze"
MAX_AGE = 12 * 3600  # seconds a form stays valid
FIELD = "provenance_token"  # the hidden input's name


def actor_key(actor) -> str:
    if not actor:
        return ""
    return str(actor.get("id")) if actor.get("id") is not None else json.dumps(actor, sort_keys=True)


def form_token(datasette, actor, database: str, namespace: str = RATE) -> str:
    return datasette.sign({"a": actor_key(actor), "d": database, "t": int(time.time())}, namespace)


def token_is_valid(datasette, actor, database: str, token, namespace: str = RATE) -> bool:
    try:
        data = datasette.unsign(token or "", namespace)
    except Exception:  # itsdangerous.BadSignature and malformed input alike
        return False
    return (isinstance(data, dict) and data.get("a") == actor_key(actor)
            and data.get("d") == database
            and 0 <= time.time() - data.get("t", 0) <= MAX_AGE)
