# %% [markdown]
# # PEEL grades in pandas
#
# Reads the grade table a running peel-graphql server exports, asks it one GraphQL question, and
# draws two pictures: how the 43 forces were graded for effectiveness in 2017, and how
# Cambridgeshire's effectiveness grades moved from round to round.
#
# Start the server first (`npm start` in the project folder). Set `PEEL_URL` if it is not at
# http://localhost:4000. Needs pandas and matplotlib, nothing else: the GraphQL call is plain `urllib`.
# The notebook `peel-comparison.ipynb` holds the same cells as `peel_comparison.py`.

# %%
import json
import os
import urllib.request

import matplotlib.pyplot as plt
import pandas as pd

BASE = os.environ.get("PEEL_URL", "http://localhost:4000").rstrip("/")
GRADES = ["OUTSTANDING", "GOOD", "ADEQUATE", "REQUIRES_IMPROVEMENT", "INADEQUATE"]
LABELS = {"OUTSTANDING": "Outstanding", "GOOD": "Good", "ADEQUATE": "Adequate", "REQUIRES_IMPROVEMENT": "Requires improvement", "INADEQUATE": "Inadequate"}
COLOURS = {"OUTSTANDING": "#0b5d1e", "GOOD": "#5cb270", "ADEQUATE": "#e6c229", "REQUIRES_IMPROVEMENT": "#e8853d", "INADEQUATE": "#a4161a"}

# %% [markdown]
# ## Every grade as a table
#
# `/export/grades.csv` is one row per force, round, pillar and question (the same rows as the
# `gradeTable` query). Filters go in the query string, e.g. `?year=2017&pillar=effectiveness`.

# %%
grades = pd.read_csv(f"{BASE}/export/grades.csv")
print(f"{len(grades)} rows, {grades['force'].nunique()} forces, rounds {', '.join(map(str, sorted(grades['inspectionYear'].unique())))}")
grades.head()

# %% [markdown]
# ## 2017 effectiveness: forces per overall grade

# %%
overall_2017 = grades[(grades["year"] == 2017) & (grades["pillar"] == "EFFECTIVENESS") & (grades["questionKey"] == "overall")]
distribution = overall_2017["grade"].value_counts().reindex([g for g in GRADES if g != "ADEQUATE"], fill_value=0)
assert distribution.sum() >= 40, distribution  # 43 forces; a force with no 2017 grade in the data is left out

fig, ax = plt.subplots(figsize=(7, 3.5))
ax.bar([LABELS[g] for g in distribution.index], distribution.values, color=[COLOURS[g] for g in distribution.index])
for x, count in enumerate(distribution.values):
    ax.annotate(str(count), (x, count), ha="center", va="bottom")
ax.set_ylabel("forces")
ax.set_title(f"PEEL 2017 effectiveness: overall grades of {distribution.sum()} forces")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Cambridgeshire's history, by question theme
#
# One GraphQL query: `history` lines up reworded questions across rounds by theme.

# %%
def graphql(query, **variables):
    request = urllib.request.Request(
        f"{BASE}/graphql",
        data=json.dumps({"query": query, "variables": variables}).encode(),
        headers={"content-type": "application/json", "accept": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        body = json.load(response)
    if body.get("errors"):
        raise RuntimeError(body["errors"])
    return body["data"]


data = graphql(
    """query History($force: String!) {
      force(slug: $force) {
        name
        history(pillar: EFFECTIVENESS) { theme inspectionYear { year label } grade score carriedOverFrom { label } }
      }
    }""",
    force="cambridgeshire",
)
history = pd.json_normalize(data["force"]["history"])
scores = history.pivot_table(index="inspectionYear.label", columns="theme", values="score")
assert scores.loc["2017", "overall-effectiveness"] == 2  # Requires improvement, as the seed report says
scores

# %%
fig, ax = plt.subplots(figsize=(8, 4))
rounds = list(scores.index)
for i, theme in enumerate(scores.columns):
    graded = scores[theme].dropna()  # join the rounds a theme was graded in, across any gap
    offset = (i - (len(scores.columns) - 1) / 2) * 0.04  # side by side where themes share a grade
    ax.plot([rounds.index(r) + offset for r in graded.index], graded.values, marker="o", label=theme)
ax.set_xticks(range(len(rounds)), rounds)
ax.set_yticks([1, 2, 3, 4, 5], ["Inadequate", "Requires improvement", "Adequate", "Good", "Outstanding"])
ax.set_ylim(0.7, 5.3)
ax.set_title(f"{data['force']['name']}: effectiveness grades by theme")
ax.legend(loc="center left", bbox_to_anchor=(1, 0.5), fontsize="small")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## The latest round: 2023-25, area by area
#
# From 2021/22 HMICFRS grades areas (investigating crime, responding to the public, …) rather than
# pillars, on five grades with Adequate between Good and Requires improvement. The export filters
# to one round with `?year=2023`; each bar counts the forces given each grade in one area.

# %%
latest = pd.read_csv(f"{BASE}/export/grades.csv?year=2023")
graded_latest = latest.dropna(subset=["grade"])
print(f"2023-25: {graded_latest['force'].nunique()} forces with at least one area grade in the data")
counts = (
    graded_latest.pivot_table(index="theme", columns="grade", values="force", aggfunc="count", fill_value=0)
    .reindex(columns=GRADES, fill_value=0)
)
counts = counts.loc[counts.sum(axis=1).sort_values().index]

fig, ax = plt.subplots(figsize=(9, 4.5))
left = pd.Series(0, index=counts.index)
for grade in GRADES:
    ax.barh(counts.index, counts[grade], left=left, color=COLOURS[grade], label=LABELS[grade])
    left += counts[grade]
ax.set_xlabel("forces")
ax.set_title("PEEL 2023-25: forces per grade in each area")
ax.legend(loc="center left", bbox_to_anchor=(1, 0.5), fontsize="small")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Comparing with older rounds: the caveat
#
# HMICFRS changed its framework twice, for 2021/22 and for 2023-25, and each time says the new grades
# cannot be compared directly with the previous round's: a lower grade (Good in 2018/19, Adequate in
# 2021/22) does not by itself mean worse performance. The API says so per round
# (`InspectionYear.comparableWithPrevious`, with the note and HMICFRS's page), and `differences`
# marks each change across such a break `comparable: false`, with the caveat and its source.

# %%
rounds = graphql("{ inspectionYears { label comparableWithPrevious comparisonNote comparisonSourceUrl } }")["inspectionYears"]
for previous, current in zip(rounds, rounds[1:]):
    if not current["comparableWithPrevious"]:
        print(f"{previous['label']} -> {current['label']}: {current['comparisonNote']}\n  ({current['comparisonSourceUrl']})\n")

changes = graphql(
    """query Changes($force: String!) {
      differences(a: { force: $force, year: 2018, pillar: EFFECTIVENESS }, b: { force: $force, year: 2021 }) {
        theme change a { grade } b { grade } comparable caveatSourceUrl
      }
    }""",
    force="cambridgeshire",
)["differences"]
pd.json_normalize(changes)

# %% [markdown]
# ## The whole data set as one SQLite file
#
# `/export/peel.sqlite` holds every table (forces, rounds, questions, findings, every source
# statement, the reports' narrative) and two views, `grades` and `statements`. It opens as it is with
# Python's `sqlite3`: here, per round, how many grades an HMICFRS page states and how many rest only
# on pages quoting HMICFRS (`SECONDARY_ONLY`: worth checking against the report before citing).

# %%
import sqlite3
import tempfile

with tempfile.NamedTemporaryFile(suffix=".sqlite") as file:
    file.write(urllib.request.urlopen(f"{BASE}/export/peel.sqlite").read())
    file.flush()
    with sqlite3.connect(file.name) as db:
        evidence = pd.read_sql(
            "select inspection_year, evidence, count(*) as grades from grades where grade is not null group by inspection_year, evidence",
            db,
        )
evidence.pivot(index="inspection_year", columns="evidence", values="grades").fillna(0).astype(int)
