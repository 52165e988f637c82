"""The linter and the type checker are part of the one test command (`python -m pytest`)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def test_ruff_finds_nothing_in_the_tree():
    result = run("ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_no_type_error_in_werkstatt_and_the_glue_of_the_pages():
    result = run("mypy")  # the files of mypy.ini: werkstatt and pages/_ui
    assert result.returncode == 0, result.stdout + result.stderr


def test_imports_keep_the_layer_contract():
    """.importlinter: pages -> commands | outputs -> views -> store -> ingest -> vocabulary,
    and werkstatt never imports streamlit."""
    result = subprocess.run(  # import-linter has no `python -m` entry: its console script's
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command as c; c()",
         "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout
