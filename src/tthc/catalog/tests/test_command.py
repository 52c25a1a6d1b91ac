"""``tthc catalog import`` and ``tthc catalog export``."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tthc.catalog.models import Procedure, ProcedureVersion
from tthc.catalog.tests.conftest import SAMPLE_FILE

TTHC = Path(sys.executable).parent / "tthc"


def _run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("catalog", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _write(path: Path, data) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_import_prints_a_summary_and_a_second_run_changes_nothing(province):
    out, _ = _run("import", str(SAMPLE_FILE))
    assert "4 thủ tục mới, 0 cập nhật (phiên bản mới), 0 không thay đổi" in out

    out, _ = _run("import", str(SAMPLE_FILE))
    assert "0 thủ tục mới, 0 cập nhật (phiên bản mới), 4 không thay đổi" in out
    assert ProcedureVersion.objects.count() == 4


@pytest.mark.django_db
def test_import_lists_the_late_signed_decisions_it_recorded(province, tmp_path):
    from tthc.catalog.tests.conftest import make_record

    def decision(number, signed_on, effective_on):
        return {"number": number, "signed_on": signed_on, "signer": "Lê Văn C", "effective_on": effective_on}

    records = [
        make_record("1.000001", decision=decision("7/QĐ-UBND", "2025-09-18", "2025-09-20")),
        make_record("1.000002", decision=decision("7/QĐ-UBND", "2025-09-18", "2025-09-20")),
        make_record("1.000003", decision=decision("8/QĐ-UBND", "2025-09-01", "2025-09-30")),
    ]
    out, _ = _run("import", str(_write(tmp_path / "late.json", records)))
    assert "Cảnh báo: 1 quyết định công bố ký muộn" in out
    line = "Quyết định số 7/QĐ-UBND: ký ngày 18/09/2025, có hiệu lực ngày 20/09/2025, người ký Lê Văn C"
    assert line in out
    assert "8/QĐ-UBND" not in out
    out, _ = _run("import", str(tmp_path / "late.json"))
    assert "ký muộn" not in out  # nothing new was recorded


@pytest.mark.django_db
def test_import_accepts_a_plain_array_of_records(province, tmp_path, records):
    out, _ = _run("import", str(_write(tmp_path / "records.json", records[:2])))
    assert "2 thủ tục mới" in out


@pytest.mark.django_db
def test_invalid_records_print_each_problem_and_exit_2_writing_nothing(province, tmp_path, records):
    records[0]["channels"][0]["time_unit"] = "weeks"
    records[2]["agencies"]["implementing"] = ["Sở Không Có"]
    err = io.StringIO()

    with pytest.raises(CommandError) as failure:
        call_command("catalog", "import", str(_write(tmp_path / "bad.json", records)), stderr=err)

    assert failure.value.returncode == 2
    assert "2 lỗi" in str(failure.value)
    lines = err.getvalue().splitlines()
    assert lines[0].startswith('Bản ghi 1.001193, trường "channels[0].time_unit": giá trị không hợp lệ')
    assert lines[1].startswith('Bản ghi 2.001035, trường "agencies.implementing[0]": không tìm thấy cơ quan')
    assert not Procedure.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "không phải JSON hợp lệ (dòng 1, cột 2)"),
        (b'{"items": []}', 'khóa "procedures"'),
        (b"\xff\xfe\x00", "không phải văn bản UTF-8"),
    ],
)
def test_an_unreadable_file_exits_2(tmp_path, content, message):
    path = tmp_path / "records.json"
    path.write_bytes(content)

    with pytest.raises(CommandError) as failure:
        _run("import", str(path))

    assert failure.value.returncode == 2
    assert message in str(failure.value)


def test_a_missing_file_exits_2(tmp_path):
    with pytest.raises(CommandError) as failure:
        _run("import", str(tmp_path / "missing.json"))
    assert failure.value.returncode == 2
    assert "Không tìm thấy tệp" in str(failure.value)


@pytest.mark.django_db
def test_export_writes_the_procedures_in_force_as_json(imported, tmp_path):
    output = tmp_path / "catalog.json"

    out, _ = _run("export", "--format", "json", "--output", str(output), "--on", "2026-03-02")

    assert "Đã xuất 4 thủ tục có hiệu lực ngày 02/03/2026" in out
    exported = json.loads(output.read_text(encoding="utf-8"))
    assert [r["code"] for r in exported] == ["1.000894", "1.001193", "1.009972", "2.001035"]
    _run("export", "--output", str(output), "--on", "2025-06-30")
    assert json.loads(output.read_text(encoding="utf-8")) == []  # before the decision took effect


@pytest.mark.django_db
def test_export_writes_an_excel_workbook(imported, tmp_path):
    output = tmp_path / "catalog.xlsx"

    _run("export", "--format", "xlsx", "--output", str(output), "--on", "2026-03-02")

    assert load_workbook(output)["Thủ tục hành chính"].max_row == 1 + 4


def test_export_with_a_wrong_date_exits_2(tmp_path):
    with pytest.raises(CommandError) as failure:
        _run("export", "--output", str(tmp_path / "x.json"), "--on", "02/03/2026")
    assert failure.value.returncode == 2


def _tthc(*args, cwd: Path) -> subprocess.CompletedProcess:
    # A database of its own under cwd: the command never touches the development or test database.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["TTHC_VAR_DIR"] = str(cwd)
    return subprocess.run([str(TTHC), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_the_console_script_exits_2_on_invalid_json(tmp_path):
    (tmp_path / "records.json").write_text("[{", encoding="utf-8")

    result = _tthc("catalog", "import", "records.json", cwd=tmp_path)

    assert result.returncode == 2
    assert "không phải JSON hợp lệ" in result.stderr


def test_the_console_script_names_each_invalid_record_and_writes_nothing(tmp_path, records):
    assert _tthc("migrate", "-v", "0", cwd=tmp_path).returncode == 0
    records[0]["code"] = "1-001193"
    _write(tmp_path / "records.json", records)

    result = _tthc("catalog", "import", "records.json", cwd=tmp_path)

    assert result.returncode == 2
    # A fresh database has none of the agencies the sample names, so every record is refused.
    assert 'Bản ghi #1, trường "code": mã TTHC phải có dạng 1.001193' in result.stderr
    assert 'Bản ghi 1.000894, trường "agencies.implementing[0]": không tìm thấy cơ quan' in result.stderr
    exported = tmp_path / "out.json"
    assert _tthc("catalog", "export", "--output", str(exported), cwd=tmp_path).returncode == 0
    assert json.loads(exported.read_text(encoding="utf-8")) == []
