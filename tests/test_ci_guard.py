"""The CI guard in tests/conftest.py: with CI set, any skipped test makes the run fail."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CONFTEST = Path(__file__).resolve().parent / "conftest.py"

CASES = {
    "skip_in_test": "import pytest\ndef test_a():\n    pytest.skip('no browser')\n",
    "skip_at_import": "import pytest\npytest.importorskip('kein_solches_paket')\n"
                      "def test_a():\n    pass\n",
    "xfail": "import pytest\n@pytest.mark.xfail(strict=True)\ndef test_a():\n    assert False\n",
    "passes": "def test_a():\n    pass\n",
}


def run_inner(tmp_path: Path, case: str, ci: bool) -> subprocess.CompletedProcess:
    (tmp_path / "pytest.ini").write_text("[pytest]\n")  # own rootdir: not the repo's config
    shutil.copy(CONFTEST, tmp_path / "conftest.py")
    (tmp_path / "test_inner.py").write_text(CASES[case])
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PYTHONPATH"] = str(CONFTEST.parents[1])  # the conftest imports from the repository
    if ci:
        env["CI"] = "true"
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("case,ci,code", [
    ("skip_in_test", True, 1), ("skip_at_import", True, 1), ("skip_in_test", False, 0),
    ("xfail", True, 0), ("passes", True, 0),
])
def test_skips_fail_only_in_ci(tmp_path, case, ci, code):
    result = run_inner(tmp_path, case, ci)
    assert result.returncode == code, result.stdout + result.stderr
    assert ("SKIPPED in CI" in result.stdout) == (code == 1), result.stdout
