import duckdb

from tests.integration.excel_helpers import edited
from tests.integration.test_cli import run


def secrets_with_anna(folder):
    """A secrets file that knows the user "anna" (excel import checks --user against it)."""
    secrets = folder / "secrets.toml"
    secrets.write_text('[werkstatt_users.anna]\nrole = "bearbeiter"\npassword_hash = "x"\n',
                       encoding="utf-8")
    return secrets


def as_anna(folder) -> list[str]:
    return ["--user", "anna", "--secrets", str(secrets_with_anna(folder))]


def stored(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return (con.execute("SELECT count(*) FROM fortschritt").fetchone()[0],
                con.execute("SELECT count(*) FROM aenderung").fetchone()[0])
    finally:
        con.close()


def test_excel_export_then_import_previews_and_applies_only_with_apply(db, tmp_path):
    exported = tmp_path / "fortschritt.xlsx"
    result = run("excel", "export", "--db", str(db), "--out", str(exported),
                 "--handlungsfeld", "Bildungskette mit Übergängen", "--stichtag", "2019-09-30")
    assert result.returncode == 0, result.stderr
    filled = tmp_path / "ausgefuellt.xlsx"
    filled.write_bytes(edited(exported.read_bytes(), {1: {"Status": "erledigt",
                                                          "Kommentar": "fertig"}}))
    preview = run("excel", "import", str(filled), "--db", str(db), *as_anna(tmp_path))
    assert preview.returncode == 0, preview.stderr
    assert "„Pflege der Datenbank“ (Praxispool): offen → erledigt" in preview.stdout
    assert "Nichts gespeichert" in preview.stdout and stored(db) == (0, 0)
    applied = run("excel", "import", str(filled), "--db", str(db), *as_anna(tmp_path), "--apply")
    assert applied.returncode == 0, applied.stderr
    assert "1 Änderung(en) gespeichert (Quelle: Excel-Import, Benutzer: anna)" in applied.stdout
    assert stored(db) == (1, 1)


def test_a_refused_import_exits_1_with_the_german_reason(db, tmp_path):
    not_excel = tmp_path / "liste.xlsx"
    not_excel.write_text("ID;Status\n1;erledigt\n")
    result = run("excel", "import", str(not_excel), "--db", str(db), *as_anna(tmp_path),
                 "--apply")
    assert result.returncode == 1 and "keine lesbare Excel-Arbeitsmappe" in result.stderr
    assert "Traceback" not in result.stderr and stored(db) == (0, 0)


def test_unknown_filter_values_exit_2_and_write_no_file(db, tmp_path):
    target = tmp_path / "x.xlsx"
    unknown = "gibt es im Plan nicht"
    for option, value, words in (("--kontakt", "Niemand", f"Kontakt „Niemand“ {unknown}"),
                                 ("--monat", "2019-13", f"Monat „2019-13“ {unknown}"),
                                 ("--handlungsfeld", "Sport", f"Handlungsfeld „Sport“ {unknown}"),
                                 ("--stichtag", "31.12.2019", "kein Datum")):
        result = run("excel", "export", "--db", str(db), "--out", str(target), option, value)
        assert result.returncode == 2 and words in result.stderr, result.stderr
        assert not target.exists()


def test_ical_writes_the_contacts_calendar_and_refuses_an_unknown_contact(db, tmp_path):
    target = tmp_path / "buck.ics"
    result = run("ical", "--db", str(db), "--kontakt", "Niels Buck", "--out", str(target))
    assert result.returncode == 0, result.stderr
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    missing = tmp_path / "x.ics"
    refused = run("ical", "--db", str(db), "--kontakt", "Niemand", "--out", str(missing))
    assert refused.returncode == 2 and "Kontakt „Niemand“ gibt es im Plan nicht" in refused.stderr
    assert not missing.exists()
