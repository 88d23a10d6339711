"""The ``graphkit`` command as a user runs it: a process of its own, on one store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def graphkit(
    store: str | Path, *args: str, check: bool = True, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``graphkit --store STORE ARGS…`` (wide columns: tables print unwrapped); with
    ``check``, a failure raises with what the command printed."""
    result = subprocess.run(
        [sys.executable, "-m", "graphkit.cli", "--store", str(store), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
    )
    if check and result.returncode != 0:
        raise AssertionError(f"graphkit {args} failed:\n{result.stdout}\n{result.stderr}")
    return result
