"""Reads the CSV and NDJSON exports with pandas, as a notebook would, and checks real values; then
opens /export/peel.sqlite with Python's sqlite3 and holds its counts against the API.

Run against a running server: python3 test/notebook/read_exports.py http://127.0.0.1:4000
"""
import json
import sqlite3
import sys
import tempfile
import urllib.request

import pandas as pd

base = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://localhost:4000"

grades = pd.read_csv(f"{base}/export/grades.csv?year=2016&pillar=effectiveness&headline=true")
assert len(grades) == 43, len(grades)
counts = grades["grade"].value_counts().to_dict()
assert counts == {"GOOD": 28, "REQUIRES_IMPROVEMENT": 13, "OUTSTANDING": 1, "INADEQUATE": 1}, counts
assert grades["score"].dtype.kind in "if", grades["score"].dtype

cambs = pd.read_csv(f"{base}/export/grades.csv?year=2017&pillar=effectiveness&force=cambridgeshire")
assert list(cambs["questionKey"]) == ["overall", "eff_q1", "eff_q2", "eff_q3", "eff_q4", "eff_q5"], list(cambs["questionKey"])
assert cambs.loc[cambs["questionKey"] == "eff_q5", "gradeStatus"].item() == "UNGRADED"
assert cambs["question"].str.contains("force’s specialist").any()

ndjson = pd.read_json(f"{base}/export/grades.ndjson?year=2017&force=cambridgeshire", lines=True)
assert len(ndjson) == 14, len(ndjson)

areas = pd.read_csv(f"{base}/export/areas-for-improvement.csv?force=cambridgeshire")
assert len(areas) == 7, len(areas)
assert areas.groupby("questionKey").size().to_dict() == {"eff_q2": 3, "eff_q3": 4}

latest = pd.read_csv(f"{base}/export/grades.csv?year=2023")
graded_forces = latest.dropna(subset=["grade"])["force"].nunique()
assert graded_forces == 36, graded_forces  # fixtures/grades.csv: 36 forces with a 2023-25 area grade
sussex = latest[(latest["force"] == "sussex") & (latest["questionKey"] == "responding_to_public")]
assert sussex["grade"].tolist() == ["GOOD"] and sussex["conflict"].tolist() == [False], sussex

# The whole data set as one SQLite file, opened as it is, counted against the API.
def api(query):
    request = urllib.request.Request(f"{base}/graphql", data=json.dumps({"query": query}).encode(), headers={"content-type": "application/json"})
    return json.load(urllib.request.urlopen(request))["data"]


with tempfile.NamedTemporaryFile(suffix=".sqlite") as file:
    file.write(urllib.request.urlopen(f"{base}/export/peel.sqlite").read())
    file.flush()
    db = sqlite3.connect(file.name)
    counts = api("{ forces { totalCount } findings { totalCount } h: findings(filter: { evidence: [HMICFRS] }) { totalCount } }")
    assert db.execute("select count(*) from forces").fetchone()[0] == counts["forces"]["totalCount"] == 43
    assert db.execute("select count(*) from findings").fetchone()[0] == counts["findings"]["totalCount"]
    assert db.execute("select count(*) from grades where evidence = 'HMICFRS'").fetchone()[0] == counts["h"]["totalCount"]
    carried = db.execute(
        "select question_key, grade, carried_over_from from grades where force = 'cambridgeshire' and inspection_year = '2017' "
        "and pillar = 'EFFECTIVENESS' and carried_over_from is not null order by question_key"
    ).fetchall()
    assert carried == [("eff_q1", "GOOD", "2016"), ("eff_q4", "GOOD", "2016")], carried
    frame = pd.read_sql("select inspection_year, count(*) as findings from grades group by inspection_year", db)
    assert frame["findings"].sum() == counts["findings"]["totalCount"], frame
    db.close()

print(f"pandas {pd.__version__}: read {len(grades)} + {len(cambs)} + {len(ndjson)} grade rows and {len(areas)} areas for improvement; values as expected")
