"""``tthc plan parse FILE [--year YYYY]``: the plan as JSON, nothing written, exit 2 when unreadable."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from tthc.plans.management.commands.plan import Command
from tthc.plans.tests.test_seed_plans import HUE_2022

TTHC = Path(sys.executable).parent / "tthc"


def _parse(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    # The command object itself, so that the test does not depend on the app's registration.
    call_command(Command(), "parse", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_parse_prints_the_plan_as_json_and_writes_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        out, err = _parse(str(HUE_2022))

    data = json.loads(out)
    assert data["title"] == "Kế hoạch kiểm soát thủ tục hành chính năm 2022"
    assert data["year"] == 2022
    assert [group["number"] for group in data["groups"]] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    assert sum(len(group["tasks"]) for group in data["groups"]) == 46
    assert "Thừa Thiên Huế" in out  # not escaped: ensure_ascii=False
    assert out.startswith('{\n  "title"')  # indented by 2
    assert "Cần xem lại: Nhiệm vụ VII.3: không có đơn vị chủ trì." in err


def test_year_option_overrides_the_document_s_year():
    out, _ = _parse(str(HUE_2022), "--year", "2023")

    assert json.loads(out)["year"] == 2023


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "ke-hoach.xlsx",
            b"",
            "Không đọc được tệp «ke-hoach.xlsx»: chỉ nhận tài liệu .docx, .pdf, .txt hoặc .md.",
        ),
        (
            "ke-hoach.docx",
            b"PK\x03\x04 broken",
            "Tệp «ke-hoach.docx» không phải tài liệu Word (.docx) hợp lệ.",
        ),
        (
            "ke-hoach.txt",
            b"\xff\xfe\xfa",
            "Tệp «ke-hoach.txt» không phải văn bản UTF-8; hãy lưu lại với mã UTF-8.",
        ),
    ],
)
def test_an_unreadable_file_exits_with_status_2_and_a_vietnamese_message(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(CommandError) as failure:
        _parse(str(path))

    assert failure.value.returncode == 2
    assert str(failure.value) == message


def test_a_missing_file_and_a_bad_year_exit_with_status_2(tmp_path):
    with pytest.raises(CommandError) as missing:
        _parse(str(tmp_path / "khong-co.docx"))
    with pytest.raises(CommandError) as bad_year:
        _parse(str(HUE_2022), "--year", "22")

    assert missing.value.returncode == bad_year.value.returncode == 2
    assert str(missing.value).startswith("Không tìm thấy tệp")
    assert str(bad_year.value) == "Năm «22» không hợp lệ; ghi bốn chữ số, ví dụ 2022."


@pytest.mark.skipif(not apps.is_installed("tthc.plans"), reason="tthc.plans is not in INSTALLED_APPS yet")
def test_the_tthc_command_line_prints_the_json_and_exits_2_on_an_unreadable_file(tmp_path):
    parsed = subprocess.run([TTHC, "plan", "parse", HUE_2022], capture_output=True, text=True, timeout=120)
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(b"nope")
    failed = subprocess.run([TTHC, "plan", "parse", broken], capture_output=True, text=True, timeout=120)

    assert parsed.returncode == 0, parsed.stderr
    assert json.loads(parsed.stdout)["year"] == 2022
    assert failed.returncode == 2
    assert "Tệp «hong.pdf» không phải PDF hợp lệ." in failed.stderr
