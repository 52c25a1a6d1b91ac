"""scripts/system-packages.sh on a fresh Debian machine: it asks for what `make` needs before it runs."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "system-packages.sh"


def _shim(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


def _run(tmp_path: Path, *, python_has_venv: bool) -> subprocess.CompletedProcess:
    """The script as an ordinary user (it only reports), every other package present."""
    shims = tmp_path / "bin"
    shims.mkdir()
    _shim(shims, "id", "echo 1000")
    _shim(shims, "dpkg", "exit 0")
    _shim(shims, "chromium", "exit 0")
    _shim(shims, "apt-cache", 'test "$2" = python3.11-venv')
    status = 0 if python_has_venv else 1
    _shim(shims, "fakepython", f'case "$2" in "import venv, ensurepip") exit {status};; *) echo 3.11;; esac')
    workdir = tmp_path / "checkout"
    workdir.mkdir()
    env = {**os.environ, "PATH": f"{shims}:/usr/bin:/bin"}
    return subprocess.run(
        ["bash", str(SCRIPT), "fakepython"], cwd=workdir, env=env, capture_output=True, text=True, timeout=60
    )


def test_a_python_without_venv_asks_for_python3_venv_and_pip(tmp_path):
    result = _run(tmp_path, python_has_venv=False)
    assert "Thiếu gói hệ thống: python3-venv python3-pip python3.11-venv" in result.stderr


def test_a_python_with_venv_asks_for_nothing(tmp_path):
    result = _run(tmp_path, python_has_venv=True)
    assert result.returncode == 0 and result.stderr == "" and result.stdout == ""
