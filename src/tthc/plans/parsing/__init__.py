"""Reading plan documents: readers turn a file's layout into tables, :func:`parse_plan` tables into a plan.

``parse_file("ke-hoach-2022.docx").as_json()`` is what ``tthc plan parse`` prints (.docx, .pdf, .txt, .md).
"""

from tthc.plans.parsing.documents import find_title, find_year, parse_file
from tthc.plans.parsing.docx_reader import read_docx
from tthc.plans.parsing.pdf_reader import read_pdf
from tthc.plans.parsing.plan import Group, Plan, Task, parse_plan
from tthc.plans.parsing.tables import Row, Table
from tthc.plans.parsing.text_reader import read_text

__all__ = [
    "Group",
    "Plan",
    "Row",
    "Table",
    "Task",
    "find_title",
    "find_year",
    "parse_file",
    "parse_plan",
    "read_docx",
    "read_pdf",
    "read_text",
]
