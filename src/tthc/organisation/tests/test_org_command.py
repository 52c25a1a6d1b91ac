"""The `tthc org` command: load-units, provinces, tree; wrong arguments exit with status 2."""

import datetime
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tthc.organisation.models import AdministrativeUnit, Agency
from tthc.testing.factories import AgencyFactory, level


def run(*args: str) -> str:
    out = StringIO()
    call_command("org", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_load_units_prints_what_it_created_then_nothing_new():
    first = run("load-units", "--province", "44")
    created = AdministrativeUnit.objects.count()
    assert f"Đã nạp tỉnh Quảng Trị: {created} đơn vị mới, 0 cập nhật" in first
    assert "Đã nạp tỉnh Quảng Trị: 0 đơn vị mới, 0 cập nhật" in run("load-units", "--province", "44")


def test_unknown_province_is_refused_with_exit_status_2(tmp_path):
    # The code is checked against the package before the database is touched, so a fresh directory will do.
    env = {**os.environ, "TTHC_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    command = Path(sys.executable).with_name("tthc")
    result = subprocess.run(
        [str(command), "org", "load-units", "--province", "99"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert "Không có tỉnh, thành phố nào mang mã 99" in result.stderr
    assert "tthc org provinces" in result.stderr


@pytest.mark.django_db
def test_unknown_province_through_call_command_has_return_code_2_and_writes_nothing():
    with pytest.raises(CommandError) as refused:
        run("load-units", "--province", "99")
    assert refused.value.returncode == 2
    assert not AdministrativeUnit.objects.exists()


@pytest.mark.django_db
def test_a_province_code_that_is_not_a_number_is_refused_with_exit_status_2():
    with pytest.raises(CommandError, match="Mã tỉnh phải là một số") as refused:
        run("load-units", "--province", "quang-tri")
    assert refused.value.returncode == 2


def test_provinces_lists_the_34_codes_and_names():
    lines = run("provinces").splitlines()
    assert len(lines) == 34
    assert any(line.split(None, 1) == ["44", "Quảng Trị"] for line in lines)


@pytest.mark.django_db
def test_tree_prints_the_agencies_valid_on_the_day_indented_under_their_parent(province):
    AgencyFactory(
        code="000.30.00.H99",
        name="UBND huyện Cũ",
        kind=Agency.Kind.DISTRICT_COMMITTEE,
        level=level("district"),
        parent=province.committee,
        valid_to=datetime.date(2025, 7, 1),
    )
    AgencyFactory(
        code="000.00.10.01.H99",
        name="Bộ phận Một cửa Sở Tư pháp",
        kind=Agency.Kind.ONE_STOP_DESK,
        parent=province.justice,
    )

    after = run("tree", "--on", "2025-07-01").splitlines()
    before = run("tree", "--on", "2025-06-30")

    assert after[0] == "Cây cơ quan ngày 01/07/2025:"
    assert "000.00.00.H99  UBND tỉnh Thử Nghiệm (UBND tỉnh)" in after
    assert "  000.00.10.H99  Sở Tư pháp (Sở, ban, ngành)" in after
    assert "    000.00.10.01.H99  Bộ phận Một cửa Sở Tư pháp (Bộ phận Một cửa)" in after
    assert after.index("    000.00.10.01.H99  Bộ phận Một cửa Sở Tư pháp (Bộ phận Một cửa)") == (
        after.index("  000.00.10.H99  Sở Tư pháp (Sở, ban, ngành)") + 1
    )
    assert "UBND huyện Cũ" not in "\n".join(after)
    assert "UBND huyện Cũ" in before


@pytest.mark.django_db
def test_tree_refuses_a_malformed_date_with_exit_status_2():
    with pytest.raises(CommandError, match="không hợp lệ") as refused:
        run("tree", "--on", "01/07/2025")
    assert refused.value.returncode == 2
