"""Settings that a deployment must give: the secret key."""

from __future__ import annotations

import os
import subprocess
import sys


def _import_settings(**env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import tthc.settings as s; print(s.SECRET_KEY[:10])"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_a_secret_key_the_settings_refuse_to_load_unless_debug(tmp_path):
    refused = _import_settings(TTHC_VAR_DIR=str(tmp_path))
    assert refused.returncode != 0
    assert "ImproperlyConfigured" in refused.stderr and "SECRET_KEY chưa được đặt" in refused.stderr

    developing = _import_settings(TTHC_VAR_DIR=str(tmp_path), DEBUG="true")
    assert developing.returncode == 0, developing.stderr

    deployed = _import_settings(TTHC_VAR_DIR=str(tmp_path), SECRET_KEY="a-real-key-of-this-deployment")
    assert deployed.returncode == 0, deployed.stderr
    assert deployed.stdout.strip() == "a-real-key"
