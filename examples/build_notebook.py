"""Writes peel-comparison.ipynb from peel_comparison.py, so the two always hold the same cells.

The script is the source: cells start at "# %%" lines ("# %% [markdown]" for text, its lines
written as "# ..." comments). Run after editing the script:  python3 examples/build_notebook.py
With --check it writes nothing and exits 1 when the notebook no longer matches the script (the test
suite runs that).
"""
import json
import pathlib
import sys

here = pathlib.Path(__file__).parent


def cells(script: str):
    current = None
    for line in script.splitlines():
        if line.startswith("# %%"):
            if current:
                yield current
            current = {"kind": "markdown" if "[markdown]" in line else "code", "lines": []}
        elif current is not None:
            if current["kind"] == "markdown":
                line = line[2:] if line.startswith("# ") else line.lstrip("#")
            current["lines"].append(line)
    if current:
        yield current


def notebook(script: str) -> dict:
    built = []
    for index, cell in enumerate(cells(script)):
        lines = cell["lines"]
        while lines and not lines[-1].strip():
            lines.pop()
        source = [line + "\n" for line in lines[:-1]] + lines[-1:]
        if cell["kind"] == "markdown":
            built.append({"cell_type": "markdown", "id": f"cell-{index}", "metadata": {}, "source": source})
        else:
            built.append({"cell_type": "code", "execution_count": None, "id": f"cell-{index}", "metadata": {}, "outputs": [], "source": source})
    return {
        "cells": built,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


if __name__ == "__main__":
    script = (here / "peel_comparison.py").read_text(encoding="utf-8")
    target = here / "peel-comparison.ipynb"
    text = json.dumps(notebook(script), indent=1, ensure_ascii=False) + "\n"
    if "--check" in sys.argv:
        if target.read_text(encoding="utf-8") != text:
            sys.exit(f"{target.name} differs from peel_comparison.py: run python3 examples/build_notebook.py")
        print(f"{target.name} matches peel_comparison.py")
    else:
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")
