"""open_dataset(): extracts checked against the contract, with French messages that name the file,
the column and the offending values; optional and extra columns; the two layouts; `current` symlink."""
from __future__ import annotations

import os

import pytest

import queries as q
from conftest import vfm
from fixtures import frames, write_fixture

HEAD = "Les extraits de données ne peuvent pas être chargés"


def load_error(tmp_path, overrides=None, prepare=None) -> str:
    d = write_fixture(tmp_path / "data", overrides)
    if prepare:
        prepare(d)
    with pytest.raises(q.DataError) as e:
        q.open_dataset(d)
    msg = str(e.value)
    assert msg.startswith(HEAD), msg
    assert e.value.problems and e.value.data_dir == d
    return msg


def with_value(table, column, row, value):
    df = frames()[table].copy()
    df[column] = df[column].astype("object")
    df.loc[row, column] = value
    return {table: df}


def test_the_fixture_loads(ds):
    assert ds.rows == {"activities": 13, "participants": 13, "attendance": 15, "assessments": 6, "cases": 5,
                       "case_events": 19, "case_services": 4, "milestones": 5, "budget": 1}
    assert ds.ignored_columns == {}
    assert ds.synthetic is True


def test_missing_data_dir(tmp_path):
    with pytest.raises(q.DataError) as e:
        q.open_dataset(tmp_path / "nowhere")
    assert "n'existe pas" in str(e.value) and "nowhere" in str(e.value)


def test_missing_extract(tmp_path):
    msg = load_error(tmp_path, prepare=lambda d: (d / "cases.parquet").unlink())
    assert "extrait manquant : cases.parquet" in msg


def test_missing_optional_extract_is_empty(tmp_path):
    d = write_fixture(tmp_path / "data")
    (d / "budget.parquet").unlink()
    ds = q.open_dataset(d)
    assert ds.rows["budget"] == 0
    ds.con.close()


def test_unreadable_parquet(tmp_path):
    msg = load_error(tmp_path, prepare=lambda d: (d / "activities.parquet").write_bytes(b"\x00garbage\xff" * 50))
    assert "activities.parquet : fichier illisible" in msg


def test_missing_required_column(tmp_path):
    msg = load_error(tmp_path, {"activities": frames()["activities"].drop(columns=["partner"])})
    assert "activities.parquet" in msg and "colonne(s) obligatoire(s) absente(s) : partner" in msg


@pytest.mark.parametrize("bad", ["Koflatie ", "BAMAKO"])
def test_locality_outside_the_enumeration(tmp_path, bad):
    msg = load_error(tmp_path, with_value("activities", "locality_id", 1, bad))
    assert "activities.parquet, colonne locality_id" in msg
    assert "hors de la liste du contrat" in msg and repr(bad) in msg
    assert "KOFLATIE" in msg   # the admitted codes are listed


def test_other_enumerations(tmp_path):
    msg = load_error(tmp_path, {**with_value("participants", "role", 0, "enseignant"),
                                **with_value("cases", "site_id", 0, "Kokoyo")})
    assert "participants.parquet, colonne role" in msg and "'enseignant'" in msg
    assert "cases.parquet, colonne site_id" in msg and "'Kokoyo'" in msg   # codes are case-sensitive


@pytest.mark.parametrize("bad", ["Mali", "ml", "M1I"])
def test_bad_nationality(tmp_path, bad):
    msg = load_error(tmp_path, with_value("cases", "nationality", 2, bad))
    assert "cases.parquet, colonne nationality" in msg and "ISO 3166-1 alpha-3" in msg and repr(bad) in msg


def test_null_in_required_column(tmp_path):
    msg = load_error(tmp_path, with_value("activities", "commune", 3, None))
    assert "activities.parquet, colonne commune : 1 ligne(s) sans valeur" in msg


def test_wrong_type(tmp_path):
    df = frames()["activities"]
    df["girls"] = df["girls"].astype("object").astype(str)
    df.loc[0, "girls"] = "beaucoup"
    msg = load_error(tmp_path, {"activities": df})
    assert "activities.parquet, colonne girls" in msg and "type incorrect" in msg and "'beaucoup'" in msg


def test_every_problem_is_reported_at_once(tmp_path):
    def prepare(d):
        (d / "milestones.parquet").unlink()
    msg = load_error(tmp_path, {**with_value("cases", "nationality", 0, "Mali"),
                                **with_value("participants", "locality_id", 0, "BAMAKO")}, prepare)
    assert "milestones.parquet" in msg and "'Mali'" in msg and "'BAMAKO'" in msg


def test_an_absent_consent_column_means_consent_unknown(tmp_path):
    # data-contract.md: null, or a cases file without the column, is consent unknown, treated like
    # false for every view but the data owner's, and reported
    d = write_fixture(tmp_path / "data", {"cases": frames()["cases"].drop(columns=["consent_reporting"])})
    ds = q.open_dataset(d)
    assert ds.con.execute("select count(*) from cases where consent_reporting is null").fetchone()[0] == 5
    assert vfm(ds.con)["cases_identified"] == (5, 3, 1)                     # the owner: every case
    assert vfm(ds.con, scope=q.Scope(hide_no_consent=True))["cases_identified"] == (0, 0, 0)
    assert q.case_left_out(ds.con, scope=q.Scope(hide_no_consent=True, min_cell=5))["left_out"]
    ds.con.close()


def test_extra_columns_are_ignored_and_reported(tmp_path):
    p = frames()["participants"].assign(nom="x", telephone="0")
    d = write_fixture(tmp_path / "data", {"participants": p})
    ds = q.open_dataset(d)
    assert ds.ignored_columns == {"participants": ["nom", "telephone"]}
    cols = [r[0] for r in ds.con.execute("describe participants").fetchall()]
    assert "nom" not in cols and "telephone" not in cols
    assert vfm(ds.con)["pe_trained"] == (3, 2, 1)
    ds.con.close()


def test_folder_of_parquet_files(tmp_path, ds):
    d = write_fixture(tmp_path / "data")
    (d / "activities.parquet").unlink()
    (d / "activities").mkdir()
    a = frames()["activities"]
    a.iloc[:6].to_parquet(d / "activities" / "part-1.parquet", index=False)
    a.iloc[6:].to_parquet(d / "activities" / "part-2.parquet", index=False)
    got = q.open_dataset(d)
    assert got.rows["activities"] == 13
    assert vfm(got.con) == vfm(ds.con)
    got.con.close()


def test_folder_with_a_bad_part_names_the_folder(tmp_path):
    def prepare(d):
        (d / "activities.parquet").unlink()
        (d / "activities").mkdir()
        frames()["activities"].drop(columns=["commune"]).to_parquet(d / "activities" / "part-1.parquet", index=False)
        frames()["activities"].drop(columns=["commune"]).to_parquet(d / "activities" / "part-2.parquet", index=False)
    msg = load_error(tmp_path, prepare=prepare)
    assert "activities/*.parquet" in msg and "commune" in msg


def test_current_symlink_is_followed(tmp_path, ds):
    base = tmp_path / "data"
    v1 = write_fixture(base / "versions" / "v1")
    write_fixture(base / "versions" / "v0", {"cases": frames()["cases"].iloc[:1]})   # an older version
    os.symlink(os.path.join("versions", "v1"), base / "current")
    got = q.open_dataset(base)
    assert got.data_dir == v1.resolve()
    assert got.rows["cases"] == 5
    assert vfm(got.con) == vfm(ds.con)
    assert q.has_extracts(base)
    got.con.close()
