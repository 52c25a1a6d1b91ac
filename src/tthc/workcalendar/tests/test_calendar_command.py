"""``tthc calendar import | show | due``: output, and exit status 2 with a Vietnamese message when wrong."""

import datetime
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tthc.workcalendar.models import CalendarOverride, WorkingSchedule

pytestmark = pytest.mark.django_db
TTHC = Path(sys.executable).with_name("tthc")


def run(*args) -> str:
    out = io.StringIO()
    call_command("calendar", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def refused(*args) -> CommandError:
    with pytest.raises(CommandError) as caught:
        call_command("calendar", *args, stdout=io.StringIO(), stderr=io.StringIO())
    assert caught.value.returncode == 2
    return caught.value


def test_due_prints_the_instant_in_iso_8601_with_the_vietnamese_offset():
    out = run("due", "--received", "2025-01-24T09:00", "--amount", "3", "--unit", "working_days")
    assert out.strip() == "2025-02-05T09:00:00+07:00"


def test_due_accepts_an_offset_and_a_vietnamese_date():
    assert run(
        "due", "--received", "2025-01-24T02:00Z", "--amount", "2", "--unit", "working_hours"
    ).strip() == ("2025-01-24T11:00:00+07:00")
    assert run(
        "due", "--received", "24/01/2025 09:00", "--amount", "0.5", "--unit", "working_days"
    ).strip() == ("2025-01-24T15:00:00+07:00")


def test_due_uses_the_working_hours_of_the_agency(province):
    WorkingSchedule.objects.create(agency=province.commune_a, periods=[["07:00", "11:00"]])
    args = ["due", "--received", "2026-03-09T07:00", "--amount", "1", "--unit", "working_days"]
    assert run(*args, "--agency", province.commune_a.code).strip() == "2026-03-09T11:00:00+07:00"
    assert run(*args, "--agency", province.justice.code).strip() == "2026-03-09T17:00:00+07:00"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--received", "2025-02-30T09:00", "--amount", "3", "--unit", "working_days"], "2025-02-30T09:00"),
        (["--received", "2025-01-24T09:00", "--amount", "3", "--unit", "weeks"], "Đơn vị thời hạn «weeks»"),
        (["--received", "2025-01-24T09:00", "--amount", "-1", "--unit", "working_days"], "không được âm"),
        (
            ["--received", "2025-01-24T09:00", "--amount", "ba", "--unit", "working_days"],
            "không phải là một số",
        ),
        (["--received", "2025-01-24T09:00", "--amount", "1.5", "--unit", "calendar_days"], "số nguyên"),
        (["--amount", "3", "--unit", "working_days"], "Thiếu --received"),
        (["--received", "2025-01-24T09:00", "--unit", "working_days"], "Thiếu --amount"),
        (["--received", "2025-01-24T09:00", "--amount", "3"], "Thiếu --unit"),
    ],
)
def test_due_with_wrong_arguments_exits_with_status_2(args, message):
    assert message in str(refused("due", *args))


def test_due_with_an_unknown_agency_exits_with_status_2():
    error = refused(
        "due", "--received", "2025-01-24T09:00", "--amount", "3", "--unit", "working_days", "--agency", "X"
    )
    assert "Không có cơ quan nào mang mã định danh «X»" in str(error)


def test_import_reads_a_csv_file_and_reports_what_it_did(tmp_path):
    path = tmp_path / "lich.csv"
    path.write_bytes("\ufeffdate,kind,name\n2026-03-10,off,Nghỉ bầu cử\n".encode())
    assert "1 ngày mới" in run("import", str(path))
    assert "1 ngày không đổi" in run("import", str(path))
    assert CalendarOverride.objects.count() == 1


def test_import_of_a_missing_file_exits_with_status_2(tmp_path):
    assert "Không tìm thấy tệp" in str(refused("import", str(tmp_path / "khong-co.csv")))


def test_import_of_a_bad_csv_exits_with_status_2_and_writes_nothing(tmp_path):
    path = tmp_path / "lich.csv"
    path.write_text("date,kind,name\n2026-03-10,off,Nghỉ\n2026-03-11,nghi,Nghỉ\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("calendar", "import", str(path), stdout=io.StringIO(), stderr=err)
    assert caught.value.returncode == 2
    assert "Dòng 3: Loại «nghi» không hợp lệ" in err.getvalue()
    assert not CalendarOverride.objects.exists()


def test_import_of_a_file_not_in_utf8_exits_with_status_2(tmp_path):
    path = tmp_path / "lich.csv"
    path.write_bytes("date,kind,name\n2026-03-10,off,Nghỉ\n".encode("utf-16"))
    assert "không phải văn bản UTF-8" in str(refused("import", str(path)))


def test_show_lists_days_off_and_working_saturdays_in_vietnamese():
    CalendarOverride.objects.create(date=datetime.date(2026, 3, 10), kind="off", name="Nghỉ bầu cử")
    out = run("show", "--year", "2026")
    assert "LỊCH LÀM VIỆC NĂM 2026" in out
    assert "27/04/2026  Thứ Hai   Ngày Giỗ Tổ Hùng Vương (nghỉ bù)" in out
    assert "10/03/2026  Thứ Ba    Nghỉ bầu cử (điều chỉnh của tỉnh)" in out
    saturdays = out.split("Thứ Bảy, Chủ nhật làm việc:")[1]
    assert "22/08/2026  Thứ Bảy   Làm việc bù cho ngày nghỉ 31/08/2026" in saturdays
    assert "Giờ làm việc chung: 07:00–11:30, 13:30–17:00" in out


def test_show_with_a_bad_year_exits_with_status_2():
    assert "Năm «hai nghìn»" in str(refused("show", "--year", "hai nghìn"))


def test_the_console_script_exits_with_status_2_on_wrong_arguments(tmp_path):
    env = {
        **os.environ,
        "TTHC_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
    }
    wrong = subprocess.run(
        [TTHC, "calendar", "due", "--received", "2025-01-24T09:00", "--amount", "3", "--unit", "tuan"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert wrong.returncode == 2
    assert "Đơn vị thời hạn «tuan» không hợp lệ" in wrong.stderr
    assert wrong.stdout == ""


def test_the_console_script_prints_the_due_instant(tmp_path):
    env = {
        **os.environ,
        "TTHC_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
    }
    subprocess.run([TTHC, "migrate", "-v0"], check=True, env=env, timeout=300, capture_output=True)
    done = subprocess.run(
        [
            TTHC,
            "calendar",
            "due",
            "--received",
            "2025-01-24T09:00",
            "--amount",
            "3",
            "--unit",
            "working_days",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "2025-02-05T09:00:00+07:00")
