"""A plan document as a whole: read by its extension, its title and year found in its text.

The date by which agencies issue their own plan derived from this one is read from the decision's text too
(:func:`find_derived_due`).

The title is the plan the decision issues: the first "Ban hành [kèm theo Quyết định này] Kế hoạch …"
paragraph ("Kế hoạch kiểm soát thủ tục hành chính trên địa bàn tỉnh Quảng Trị năm 2021"), else the "KẾ HOẠCH"
heading with the line under it, else a one-line heading "KẾ HOẠCH KIỂM SOÁT … NĂM 2023", else the file's
name. The year is the last year the title names ("năm 2021"),
else the year a "KẾ HOẠCH … NĂM 2021" heading names; ``year=`` overrides it.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from tthc.core.errors import DomainError
from tthc.core.folding import fold
from tthc.plans.parsing.docx_reader import load_docx
from tthc.plans.parsing.markup import strip_emphasis
from tthc.plans.parsing.pdf_reader import load_pdf
from tthc.plans.parsing.plan import Plan, parse_plan
from tthc.plans.parsing.text_reader import read_text

SUFFIXES = (".docx", ".pdf", ".txt", ".md")
_PLAN_WORDS = re.compile(r"k[eếềểễệ]\s+ho[aạ]ch", re.IGNORECASE)
_ISSUES_PLAN = re.compile(
    r"^(?:dieu\s*1\W*)?ban\s*hanh\s*(?:kem\s*theo\s*quyet\s*dinh\s*nay\s*)?ke\s*hoach\b"
)
_MAX_HEADING = 300
# "… xây dựng Kế hoạch kiểm soát TTHC năm 2022 của cơ quan, đơn vị … trước ngày 20 tháng 01 năm 2022".
_DERIVES = re.compile(r"(?:xay\s*dung|ban\s*hanh)\s*(?:ke\s*hoach)")
_DUE = re.compile(
    r"truoc\s*ngay\s*(?P<d>\d{1,2})\s*(?:thang\s*|/|-|\.)\s*(?P<m>\d{1,2})\s*(?:nam\s*|/|-|\.)\s*(?P<y>\d{4})"
)
_YEAR = re.compile(r"\bn[aă]m\s+((?:19|20|21)\d\d)\b", re.IGNORECASE)


def parse_file(path: str | Path, *, year: int | None = None) -> Plan:
    """The plan of a .docx, .pdf, .txt or .md file. Unreadable or unknown files raise :class:`DomainError`."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DomainError(
            f"Không đọc được tệp «{path.name}»: chỉ nhận tài liệu .docx, .pdf, .txt hoặc .md.",
            code="plan_unreadable",
        )
    if not path.is_file():
        raise DomainError(f"Không tìm thấy tệp «{path}».", code="plan_unreadable")
    if suffix == ".docx":
        document = load_docx(path)
        tables, text = document.tables, document.text
    elif suffix == ".pdf":
        document = load_pdf(path)
        tables, text = document.tables, document.text
    else:
        text = _read_text_file(path)
        tables = read_text(text)
    title = find_title(text) or path.stem
    plan_year = year or find_year(title, text)
    plan = parse_plan(tables, title=title, year=plan_year)
    plan.derived_due = find_derived_due(text)
    if plan_year is None:
        plan.problems.append("Không xác định được năm của kế hoạch; hãy cho biết năm (--year).")
    return plan


def _read_text_file(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DomainError(
            f"Không đọc được tệp «{path.name}»: {error.strerror or error}.", code="plan_unreadable"
        ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(
            f"Tệp «{path.name}» không phải văn bản UTF-8; hãy lưu lại với mã UTF-8.", code="plan_unreadable"
        ) from None


def _paragraphs(text: str) -> list[str]:
    """Paragraphs: blank lines separate them, and so does a line not starting in lower case (PDF text has
    no blank lines; a title wrapped over two lines goes on in lower case)."""
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", strip_emphasis(text)):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        for index, line in enumerate(lines):
            if index and line[0].islower():
                paragraphs[-1] += " " + line
            else:
                paragraphs.append(line)
    return [" ".join(paragraph.split()) for paragraph in paragraphs]


def find_title(text: str) -> str:
    paragraphs = _paragraphs(text)
    for paragraph in paragraphs:
        if _ISSUES_PLAN.match(fold(paragraph)):
            match = _PLAN_WORDS.search(paragraph)
            return _sentence(paragraph[match.start() :])
    for index, paragraph in enumerate(paragraphs[:-1]):
        if fold(paragraph) == "ke hoach":
            subtitle = paragraphs[index + 1]
            return _sentence(f"Kế hoạch {subtitle[:1].lower()}{subtitle[1:]}")
    for paragraph in paragraphs:
        # A heading on one line, in capitals: "KẾ HOẠCH KIỂM SOÁT THỦ TỤC HÀNH CHÍNH NĂM 2023".
        if _PLAN_WORDS.match(paragraph) and paragraph.isupper() and len(paragraph) <= _MAX_HEADING:
            return _sentence(paragraph)
    return ""


def _sentence(text: str) -> str:
    text = text.strip().rstrip(".;:").strip()
    if text.isupper():
        text = text.lower()
    return text[:1].upper() + text[1:]


def find_year(title: str, text: str) -> int | None:
    years = _YEAR.findall(title)
    if years:
        return int(years[-1])
    for paragraph in _paragraphs(text):
        if fold(paragraph).startswith("ke hoach") and (years := _YEAR.findall(paragraph)):
            return int(years[0])
    return None


def find_derived_due(text: str) -> datetime.date | None:
    """The date by which agencies issue their own plan, as the decision's implementation part writes it
    ("Thủ trưởng các sở, ban, ngành … xây dựng Kế hoạch … trước ngày 20 tháng 01 năm 2022"); None if the
    document names none."""
    for paragraph in _paragraphs(text):
        folded = fold(paragraph)
        if not _DERIVES.search(folded):
            continue
        match = _DUE.search(folded, _DERIVES.search(folded).end())
        if match:
            try:
                return datetime.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                continue
    return None
