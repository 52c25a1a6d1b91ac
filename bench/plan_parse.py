"""Benchmark: parsing a 40-page plan document, the way ``tthc plan parse`` does it.

    python bench/plan_parse.py [--pages 40] [--runs 3]

The plan is built from the seed plans' appendices (``../shared/seeds/000_…`` and ``001_…``), repeated until
it has the pages asked for, counted two ways that must both be reached: the page breaks the converted text
shows (a blank line inside a table; the 000 appendix shows 9 pages, the 001 appendix 15), and the characters
of a full A4 page of prose (3,000 a page), since table pages hold less text. The decision's heading goes
first, so title and year are found as in a real document. The file is written to a temporary folder and parsed
with :func:`tthc.plans.parsing.parse_file`; the best of ``--runs`` runs is reported against the target of 2 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: make the project root importable so ``bench`` is a package like under pytest.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tthc.testing.shared import SEEDS

TARGET_SECONDS = 2.0
CHARACTERS_PER_PAGE = 3_000

APPENDICES = ("000_a161627418b390bc.txt", "001_0118d29324e9e057.txt")
HEADING = (
    "QUYẾT ĐỊNH\n\nBan hành Kế hoạch kiểm soát thủ tục hành chính trên địa bàn tỉnh năm 2022\n\n"
    "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch kiểm soát thủ tục hành chính năm 2022.\n\nPhụ lục\n\n"
)


@dataclass
class Measure:
    pages: int
    characters: int
    tasks: int
    seconds: float

    @property
    def met(self) -> bool:
        return self.seconds < TARGET_SECONDS


def appendix(path: Path) -> str:
    """The table of a seed plan: its lines from the first tab-separated row to the last one."""
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [index for index, line in enumerate(lines) if "\t" in line]
    return "\n".join(lines[rows[0] : rows[-1] + 1])


def pages_of(table_text: str) -> int:
    """Pages of a converted table: one, plus one per page break (a run of blank lines between rows)."""
    pages, blank = 1, False
    for line in table_text.splitlines():
        if not line.strip():
            blank = True
        elif blank:
            pages, blank = pages + 1, False
    return pages


def build_plan_text(pages: int = 40, *, seeds: Path = SEEDS) -> tuple[str, int]:
    """A plan of at least ``pages`` pages of the seed appendices in turn; returns it and its page count."""
    tables = [appendix(seeds / name) for name in APPENDICES]
    parts: list[str] = []
    built = characters = 0
    while built < pages or characters < pages * CHARACTERS_PER_PAGE:
        table = tables[len(parts) % len(tables)]
        parts.append(table)
        built += pages_of(table)
        characters += len(table)
    return HEADING + "\n\n".join(parts) + "\n", built


def measure(text: str, *, pages: int, runs: int = 3) -> Measure:
    from tthc.plans.parsing import parse_file

    best = float("inf")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ke-hoach.txt"
        path.write_text(text, encoding="utf-8")
        for _ in range(max(runs, 1)):
            started = time.perf_counter()
            plan = parse_file(path)
            best = min(best, time.perf_counter() - started)
    return Measure(pages=pages, characters=len(text), tasks=len(plan.tasks()), seconds=best)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args(argv)
    text, pages = build_plan_text(options.pages)
    result = measure(text, pages=pages, runs=options.runs)
    verdict = "đạt" if result.met else "KHÔNG đạt"
    print(
        f"Kế hoạch {result.pages} trang, {result.characters:,} ký tự (≥ {options.pages} trang A4), "
        f"{result.tasks} nhiệm vụ: "
        f"đọc trong {result.seconds:.3f} s — mục tiêu < {TARGET_SECONDS:.0f} s: {verdict}"
    )
    return 0 if result.met else 1


if __name__ == "__main__":
    raise SystemExit(main())
