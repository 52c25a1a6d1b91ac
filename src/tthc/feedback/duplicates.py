"""Finding feedback that says the same thing: token overlap (Jaccard) and sequence similarity of the folded
texts. Candidates are the open or answered cases received in the previous months, in the officer's scope."""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass

from tthc.feedback.models import Feedback, Status

THRESHOLD = 0.6
WORD_OVERLAP_FLOOR = 0.3
WINDOW = datetime.timedelta(days=180)
MAX_CANDIDATES = 500
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Similar:
    feedback: Feedback
    score: float

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def tokens(folded: str) -> set[str]:
    return {w for w in _WORD.findall(folded) if len(w) > 1}


def similarity(a: str, b: str) -> float:
    """Similarity of two folded texts in [0, 1]: the larger of token Jaccard and difflib's ratio."""
    if not a or not b:
        return 0.0
    ta, tb = tokens(a), tokens(b)
    jaccard = len(ta & tb) / len(ta | tb) if ta | tb else 0.0
    if jaccard >= THRESHOLD:
        return jaccard  # similar enough: the costlier comparison cannot change the verdict
    if jaccard < WORD_OVERLAP_FLOOR:
        return jaccard  # few words in common: not the same feedback, whatever the letters
    # Small spelling differences: difflib on the first 1,000 characters, when the cheap bounds allow a match.
    matcher = difflib.SequenceMatcher(None, a[:1000], b[:1000], autojunk=False)
    if matcher.real_quick_ratio() < THRESHOLD or matcher.quick_ratio() < THRESHOLD:
        return jaccard
    return max(jaccard, matcher.ratio())


def similar_to(feedback: Feedback, *, candidates, threshold: float = THRESHOLD) -> list[Similar]:
    """Cases among ``candidates`` (a scoped queryset) similar to ``feedback``, most similar first."""
    since = feedback.received_at - WINDOW
    rows = (
        candidates.exclude(pk=feedback.pk)
        .exclude(status=Status.MERGED)
        .filter(received_at__gte=since)
        .only("id", "code", "content", "content_folded", "received_at", "status", "agency_id")
        .order_by("-received_at")[:MAX_CANDIDATES]
    )
    found = [Similar(row, similarity(feedback.content_folded, row.content_folded)) for row in rows]
    return sorted((s for s in found if s.score >= threshold), key=lambda s: -s.score)
