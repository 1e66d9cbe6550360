"""What the provenance tables' less obvious columns hold, for Datasette's column
descriptions (shown above its table view and as header tooltips): a researcher browsing
`statements` should not have to guess what `sourcing`, `depth` or `reliability F` mean.
Only the columns whose values need explaining: Datasette lists these above the table."""
from __future__ import annotations

from typing import Dict

from .admiralty import scale_in_words
from .glossary import grade_bands, grade_scale_words

KINDS = "person, organisation, document, media, anonymous, vague or none"


def _grades() -> str:
    bands = grade_bands()
    parts = [f"{b['grade']} {b['low']}+" for b in bands[:-1]] + [f"{bands[-1]['grade']} {bands[-1]['label']}"]
    return "The score as a letter: " + ", ".join(parts) + f" ({grade_scale_words(', ')})"


def column_notes() -> Dict[str, Dict[str, str]]:
    return {
        "statements": {
            "sourcing": "Who the claim rests on: named, anonymous, vague (\u201creports\u201d), hedged "
                        "(\u201creportedly\u201d only) or unattributed (the article asserts it)",
            "score": "How well sourced, 0-100, higher is better; reasons says why",
            "grade": _grades(),
            "chain_depth": "Hops from the article to the original source; 0 = no attribution",
            "cue_kind": "How the article attributes it: verb (\u201csaid\u201d), according_to, adverb "
                        "(\u201creportedly\u201d), passive (\u201cit is believed\u201d), participle, noun, punctuation (a colon)",
            "source_kind": f"What the source the article cites is: {KINDS}",
            "claim": "1 when the statement asserts something checkable, 0 when it does not (a question, a call "
                     "to action, boilerplate, a byline...); ?claim=1 lists the claims. Empty: loaded before "
                     "claims were checked (?claim__isnull=1), counted apart; loading again checks it",
            "claim_reason": "Why it is not a claim, in words; empty for a claim",
        },
        "attributions": {
            "chain": "Which of the statement's chains, from 0 (\u201cX said A, and Y said B\u201d has two)",
            "depth": "Hop in the chain from 0: 0 = the source the article cites, 1 = where that source got it "
                     "(hop 1, hop 2 on the article page)",
            "source_kind": f"What the source is: {KINDS}",
            "direct": "1 when the content is a direct quote",
            "content_parts": "A content its cue interrupts (\u201cA,\u201d she said, \u201cB.\u201d), in its pieces: "
                             "[[start, end], ...] offsets into the article text; empty for one piece",
        },
        "sources": {
            "kind": f"What the source is: {KINDS}",
            "reliability": f"Admiralty code, set on the source's page: {scale_in_words()} "
                           "(not rated yet; not grade F)",
            "scope": "Empty for a source shared across articles; an article id for a role the article "
                     "never ties to a name (\u201cthe mayor said\u201d)",
        },
    }
