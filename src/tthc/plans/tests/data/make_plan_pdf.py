"""Regenerate ``plan.pdf``, the PDF the plan-parsing tests read, from the HTML below with Debian's Chromium.

    .venv/bin/python src/tthc/plans/tests/data/make_plan_pdf.py

The PDF is committed: the tests do not need Chromium. Its table has what Word-made PDFs have: a header
repeated on every page, group headings that are one merged cell, a lead cell merged over two tasks, and a task
whose number and content are merged over two rows with different leads.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILLER_TASKS = 14  # enough rows for the table to run over two pages

_STYLE = """
body { font: 11pt serif; }
table { border-collapse: collapse; width: 100%; }
td, th { border: 1px solid black; padding: 3px; vertical-align: top; }
"""


def html() -> str:
    rows = [
        '<tr><td colspan="6"><b>I. Công tác chỉ đạo, điều hành</b></td></tr>',
        "<tr><td>1</td><td>Xây dựng Kế hoạch kiểm soát thủ tục hành chính năm 2023</td>"
        '<td rowspan="2">Văn phòng UBND tỉnh</td><td>- Các sở, ban, ngành;<br>- UBND cấp huyện</td>'
        "<td>Kế hoạch</td><td>Quý I/2023</td></tr>",
        "<tr><td>2</td><td>Tổ chức hội nghị giao ban công tác kiểm soát thủ tục hành chính</td>"
        "<td>Sở Tư pháp</td><td>Thông báo kết luận</td><td>Tháng 6 và tháng 12</td></tr>",
        '<tr><td colspan="6"><b>II. Rà soát, đánh giá thủ tục hành chính</b></td></tr>',
        '<tr><td rowspan="2">1</td><td rowspan="2">Xây dựng Kế hoạch rà soát, đánh giá thủ tục hành chính '
        "trọng tâm</td><td>Sở, ban, ngành cấp tỉnh</td><td>Văn phòng UBND tỉnh</td>"
        "<td>Văn bản đăng ký rà soát</td><td>Tháng 12/2022</td></tr>",
        "<tr><td>Văn phòng UBND tỉnh</td><td>Sở, ban, ngành cấp tỉnh</td>"
        "<td>Kế hoạch rà soát của UBND tỉnh</td><td>Trước 31/12/2022</td></tr>",
    ]
    for number in range(2, 2 + FILLER_TASKS):
        rows.append(
            f"<tr><td>{number}</td><td>Rà soát các thủ tục hành chính thuộc lĩnh vực số {number}, đề xuất "
            "phương án đơn giản hóa gửi Văn phòng UBND tỉnh tổng hợp</td><td>Sở Nội vụ</td>"
            "<td>- Các cơ quan chuyên môn, cơ quan thuộc UBND tỉnh;<br>- UBND cấp huyện</td>"
            "<td>Báo cáo rà soát</td><td>Thường xuyên</td></tr>"
        )
    rows += [
        '<tr><td colspan="6"><b>III. Chế độ báo cáo</b></td></tr>',
        "<tr><td>1</td><td>Báo cáo kết quả kiểm soát thủ tục hành chính</td><td>Văn phòng UBND tỉnh</td>"
        "<td></td><td>Báo cáo</td><td>Định kỳ hàng quý</td></tr>",
    ]
    header = (
        "<tr><th>STT</th><th>Nội dung nhiệm vụ</th><th>Cơ quan chủ trì</th><th>Cơ quan phối hợp</th>"
        "<th>Sản phẩm dự kiến</th><th>Thời gian hoàn thành</th></tr>"
    )
    return (
        f'<html><head><meta charset="utf-8"><style>{_STYLE}</style></head><body>'
        "<p>ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM</p>"
        "<p>QUYẾT ĐỊNH</p><p>Ban hành Kế hoạch kiểm soát thủ tục hành chính năm 2023</p>"
        f"<p>Phụ lục</p><table><thead>{header}</thead><tbody>{''.join(rows)}</tbody></table></body></html>"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "plan.html"
        page.write_text(html(), encoding="utf-8")
        subprocess.run(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--print-to-pdf={HERE / 'plan.pdf'}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    print(HERE / "plan.pdf")


if __name__ == "__main__":
    main()
