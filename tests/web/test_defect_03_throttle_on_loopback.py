"""Issue 12, defect 3, over real HTTP: `bench/sign_in_throttle.py` serves the app on loopback
and sends 30 wrong passwords, then the right one, which must be refused (429)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "sign_in_throttle.py"


def test_defect_3_thirty_wrong_passwords_on_loopback_then_the_right_one_is_refused(
    tmp_path: Path,
) -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--attempts", "30"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    figures = json.loads(done.stdout.splitlines()[-1])
    # 4 refused as wrong, the 5th starts the lockout, then nothing more is even checked.
    assert figures["wrong_answers"] == {"401": 4, "429": 26}
    assert figures["right_password_status"] == 429
    assert 0 < figures["retry_after_s"] <= 15 * 60
