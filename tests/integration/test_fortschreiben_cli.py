"""`python -m werkstatt fortschreiben`: the proposal as text and as decisions CSV, the CSV fed
back, and every bad call refused in German with nothing written."""
from __future__ import annotations

import csv
import hashlib
import io
import subprocess
import sys
from pathlib import Path

from tests.integration.test_backup import werkstatt
from tests.integration.test_cli_beside_dashboard import held  # noqa: F401 - a fixture
from werkstatt import vocab
from werkstatt.__main__ import main

ROOT = Path(__file__).resolve().parents[2]


def files_of(folder: Path) -> dict[str, str]:
    """Every file in the folder with its hash: what "nothing written" compares."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()
            if p.is_file()}


def proposal_csv(db: Path, capsysbinary, *extra: str) -> list[dict[str, str]]:
    assert main(["fortschreiben", "--db", str(db), "--nach", "2020", "--format", "csv",
                 *extra]) == 0
    data = capsysbinary.readouterr().out
    assert data.startswith("\ufeff".encode())  # Excel reads the umlauts
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_the_text_shows_every_werkzeug_and_the_uebergang_counts_of_the_csv(db, capsysbinary):
    rows = proposal_csv(db, capsysbinary)
    assert main(["fortschreiben", "--db", str(db), "--nach", "2020", "--von", "2019"]) == 0
    text = capsysbinary.readouterr().out.decode()
    assert text.startswith("Fortschreibung 2019 → 2020: Vorschlag (nichts gespeichert")
    assert "Übergang 2019 → 2020" in text
    for label, kind in (("übernommen", vocab.CARRY), ("abgeschlossen", vocab.COMPLETED),
                        ("entfallen", vocab.DROP)):
        count = sum(row["Entscheidung"] == kind for row in rows)
        assert f"- {label}: {count} Maßnahme(n)" in text
    for name in {row["Werkzeug"] for row in rows}:
        assert f"Werkzeug „{name}“" in text
    assert all(row["Grund"] for row in rows if row["Entscheidung"] == vocab.DROP)


def test_the_csv_edited_and_fed_back_changes_the_decision_and_writes_nothing(db, tmp_path,
                                                                             capsysbinary):
    rows = proposal_csv(db, capsysbinary)
    dropped = next(row for row in rows if row["Entscheidung"] == vocab.DROP)
    dropped["Entscheidung"], dropped["Grund"] = vocab.CARRY, ""
    edited = tmp_path / "entscheidungen.csv"
    with open(edited, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    before = files_of(db.parent)
    again = proposal_csv(db, capsysbinary, "--entscheidungen", str(edited))
    assert next(r for r in again if r["ID"] == dropped["ID"])["Entscheidung"] == vocab.CARRY
    assert main(["fortschreiben", "--db", str(db), "--nach", "2020",
                 "--entscheidungen", str(edited)]) == 0
    assert f"[{dropped['ID']}] übernehmen (Vorschlag: entfällt)" in \
        capsysbinary.readouterr().out.decode()
    assert files_of(db.parent) == before


def test_a_target_year_not_after_the_plan_or_another_source_year_exits_with_2(db, capsys):
    assert main(["fortschreiben", "--db", str(db), "--nach", "2019"]) == 2
    assert "Fehler: Das Zieljahr 2019 muss nach dem Planjahr 2019 liegen" in \
        capsys.readouterr().err
    assert main(["fortschreiben", "--db", str(db), "--nach", "2021", "--von", "2020"]) == 2
    assert "Einen Plan 2020 gibt es in der Datenbank nicht (vorhanden: 2019)" in \
        capsys.readouterr().err


def test_a_bad_decisions_line_is_named_and_nothing_is_printed_or_written(db, tmp_path, capsys):
    bad = tmp_path / "entscheidungen.csv"
    bad.write_text("ID;Entscheidung;Grund\n1;übernehmen;\n2;entfällt;\n9999;übernehmen;\n",
                   encoding="utf-8")
    before = files_of(db.parent)
    assert main(["fortschreiben", "--db", str(db), "--nach", "2020",
                 "--entscheidungen", str(bad)]) == 1
    out, err = capsys.readouterr()
    assert not out
    assert "Zeile 3: „entfällt“ braucht einen Grund" in err
    assert "Zeile 4: eine Maßnahme mit der ID 9999 gibt es im Plan nicht" in err
    assert files_of(db.parent) == before
    assert main(["fortschreiben", "--db", str(db), "--nach", "2020",
                 "--entscheidungen", str(tmp_path / "fehlt.csv")]) == 1
    assert "gibt es nicht" in capsys.readouterr().err


def test_the_help_names_the_apply():
    run = subprocess.run([sys.executable, "-m", "werkstatt", "fortschreiben", "--help"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    help_text = " ".join(run.stdout.split())
    assert "--apply den neuen Plan anlegen (in einer Transaktion" in help_text
    assert "ohne --apply nur der Vorschlag" in help_text


def test_apply_beside_the_running_dashboard_points_to_the_page(held):  # noqa: F811
    code, _, err = werkstatt("fortschreiben", "--nach", "2020", "--db", held, "--apply")
    assert code != 0 and "auf der Seite „Fortschreibung“ anlegen" in err


def test_beside_the_running_dashboard_it_reads_the_read_copy(held):  # noqa: F811
    code, out, err = werkstatt("fortschreiben", "--nach", "2020", "--db", held)
    assert code == 0, err
    assert "Lesekopie des Dashboards vom" in err
    assert "\n  [1] abgeschlossen: " in out  # measure 1 is erledigt in the read copy only
