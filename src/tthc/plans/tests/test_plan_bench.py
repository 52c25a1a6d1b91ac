"""The plan-parsing benchmark's code runs (``bench/plan_parse.py``), on a small plan; no time is asserted."""

from __future__ import annotations

from bench.plan_parse import (
    APPENDICES,
    CHARACTERS_PER_PAGE,
    appendix,
    build_plan_docx,
    build_plan_pdf,
    build_plan_text,
    measure,
    measure_file,
    pages_of,
)

from tthc.plans.tests.test_seed_plans import SEEDS


def test_pages_are_counted_by_the_page_breaks_inside_a_table():
    assert pages_of("a\tb\nc\td") == 1
    assert pages_of("a\tb\n\n\nc\td\n\ne\tf") == 3


def test_the_bench_plan_repeats_the_seed_appendices_until_it_has_the_pages_and_parses_whole():
    text, pages = build_plan_text(12)
    one_round = sum(len(appendix(SEEDS / name)) for name in APPENDICES)

    assert pages >= 12
    assert len(text) >= 12 * CHARACTERS_PER_PAGE
    result = measure(text, pages=pages, runs=1)
    rounds = text.count("Công tác chỉ đạo điều hành")  # the first group of the 000 appendix
    assert result.tasks == rounds * 39 + text.count("Chế độ thông tin, báo cáo") * 46
    assert result.characters == len(text) > one_round


def test_the_bench_also_writes_the_plan_as_pdf_and_word_and_both_parse_to_the_same_tasks(tmp_path):
    pdf, word = tmp_path / "ke-hoach.pdf", tmp_path / "ke-hoach.docx"

    pages, tables = build_plan_pdf(pdf, 3)
    build_plan_docx(word, tables)

    assert pages >= 3 and tables == 1
    from_pdf = measure_file(pdf, pages=pages, runs=1)
    from_word = measure_file(word, pages=pages, runs=1)
    assert from_pdf.tasks == from_word.tasks == 39  # the 000 appendix
    assert (from_pdf.format, from_word.format) == ("pdf", "docx")
