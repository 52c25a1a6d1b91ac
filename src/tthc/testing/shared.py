"""Where the shared files (seed documents, glossary, test data) live.

``../shared`` beside the checkout in a session; CI may clone elsewhere, so ``TTHC_SHARED_DIR`` can name it and
``/work/shared`` is tried last.
"""

from __future__ import annotations

import os
from pathlib import Path

_REPO = Path(__file__).resolve().parents[3]


def shared_dir() -> Path:
    candidates = [os.environ.get("TTHC_SHARED_DIR"), _REPO.parent / "shared", Path("/work/shared")]
    for candidate in candidates:
        if candidate and (Path(candidate) / "seeds").is_dir():
            return Path(candidate)
    return _REPO.parent / "shared"


SEEDS = shared_dir() / "seeds"
