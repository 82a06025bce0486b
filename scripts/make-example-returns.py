#!/usr/bin/env python3
"""Writes examples/kpi-returns/returns/<AMS>/<year>.toml: an ILLUSTRATIVE set of KPI returns for the
ten AMS, 2021-2025. Real returns are not public; these numbers are invented to exercise
`accsm trend` and `accsm returns`, chosen so that every trend status occurs. Each return answers
in the forms `accsm new return` offers (data/kpis.toml: one form per KPI, a percentage only where
the template allows it; per-year counts for the return's own year, earlier years only in the
baseline return or as a declared revision). Rerun after changing it:
python3 scripts/make-example-returns.py"""
import os, shutil

ROOT = os.path.join(os.path.dirname(__file__), "..", "examples", "kpi-returns", "returns")
AMS = ["BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM"]
YEARS = range(2021, 2026)
# Gaps on purpose: Myanmar has no baseline return (its 2022 return stands in: guideline ii), Lao PDR
# returned only the baseline.
MISSING = {("MMR", 2021)} | {("LAO", y) for y in range(2022, 2026)}

def yes_no(i, y):
    # increasing (no->yes), sustained (yes->yes), unchanged (no->no), decreasing (yes->no)
    pattern = i % 4
    start = pattern in (1, 3)
    end = pattern in (0, 1)
    return start if y == 2021 else (end if y >= 2023 else start)

def block(kpi, lines):
    return f'\n[return.answers."{kpi}"]\n' + "".join(l + "\n" for l in lines)

def answers(i, c, y):
    t = y - 2021
    out = []
    out.append(block("A.1", [f"yes = {str(yes_no(i, y)).lower()}"]))
    total = 100 + 10 * i
    if i == 7:   # already every agency: sustained at 100 %
        count = total
    elif i == 8:  # unchanged
        count = 40
    elif i == 9:  # decreasing
        count = 60 - 5 * t
    else:
        count = 30 + 8 * t + i
    out.append(block("A.1.1", [f"count = {count}", f"total = {total}"]))
    out.append(block("B.1", [f"yes = {str(yes_no(i + 1, y)).lower()}"]))
    if i == 2 and y <= 2022:  # Indonesia: words only at the baseline and the year after -> qualitative only
        out.append(block("B.1.1", [f'narrative = "Agencies are adopting capacity policies; no count was kept in {y}."']))
    elif i == 4 and y >= 2023:  # Malaysia: a percentage after a count -> not comparable
        out.append(block("B.1.1", [f"percent = {40.0 + 5 * t:.1f}"]))
    else:
        n = 5 + t + (i % 3)
        out.append(block("B.1.1", [f"count = {n}", "names = [" + ", ".join(f'"Agency {k + 1}"' for k in range(n)) + "]"]))
    out.append(block("B.2", [f"levels = {{ national = {3 + t // 2}, provincial = {10 + i + t} }}"]))
    out.append(block("C.1", ["yes = true"]))
    out.append(block("C.1.1", [f"count = {12 + 2 * t}"]))
    out.append(block("C.2", [f"yes = {str(yes_no(i + 2, y)).lower()}"]))
    if not (i == 4 and y > 2021):  # Malaysia: C.2.1 answered only at baseline -> no later data
        out.append(block("C.2.1", [f"count = {4 + t * (i % 2)}"]))
    out.append(block("D.1", [f"yes = [{str(yes_no(i + 3, y)).lower()}, {str(y >= 2024).lower()}]"]))
    # Only the periods that have begun by the return's year are rated.
    ratings = {"2020-2022": 3 + (i % 2)}
    if y >= 2023:
        ratings["2023-2025"] = min(5, 3 + (i % 3))
    out.append(block("D.1.1", ["ratings = { " + ", ".join(f'"{p}" = {r}' for p, r in ratings.items()) + " }"]))
    # The return's own year; the baseline return also gives 2020, the first year the template asks.
    years = [2020, 2021] if y == 2021 else [y]
    lines = ["per_year = { " + ", ".join(f"{yy} = {projects(i, yy)}" for yy in years) + " }"]
    if i == 8 and y == 2024:  # Thailand corrects its 2023 figure, declared as a revision
        lines.append(f"revises = {{ 2023 = {projects(i, 2023) + 1} }}")
    out.append(block("D.2", lines))
    participants = 20 + 3 * t + i
    female = participants // 2 + (i % 3)
    per = [participants // 10] * 10
    per[AMS.index(c)] += participants - sum(per)
    out.append(
        f'\n[return.answers."D.2.1"]\n\n[[return.answers."D.2.1".projects]]\ntitle = "{c} ARC regional course {y}"\ntotal = {participants}\n'
        f"female = {female}\nmale = {participants - female}\nby_country = {{ "
        + ", ".join(f"{a} = {n}" for a, n in zip(AMS, per)) + " }\n")
    out.append(block("E.1", [f"count = {6 + t}"]))
    out.append(block("E.2", ["yes = true"]))
    if not (i == 6 and y <= 2022):  # the Philippines: E.2.1 from 2023 only -> no baseline
        out.append(block("E.2.1", [f"count = {35 + 4 * t + i}"]))
    rate = 70.0 + 2.5 * t - (3.0 * t if i == 6 else 0)
    source = "third_party" if i % 2 else "internal"
    if i == 9 and y >= 2024:  # Viet Nam: an internal survey after third-party ones -> not comparable
        source = "internal"
    out.append(block("E.3", [f'{source} = {{ rate = {rate:.1f}, title = "Public service satisfaction survey {y}", year = {y}, indicators = ["timeliness", "courtesy"], scale = "0-100" }}']))
    return out

def projects(i, yy):
    return max(2 + (i % 3) + (yy - 2020) * ((i % 3) - 1), 0)

def main():
    shutil.rmtree(ROOT, ignore_errors=True)
    for i, c in enumerate(AMS):
        for y in YEARS:
            if (c, y) in MISSING:
                continue
            os.makedirs(os.path.join(ROOT, c), exist_ok=True)
            round_ = {2021: "baseline", 2022: "mid-term", 2025: "target"}.get(y, "annual")
            head = (f"# ILLUSTRATIVE — not real data. Real KPI returns are not public; these figures are invented\n"
                    f"# to exercise accsm trend (written by scripts/make-example-returns.py).\n\n"
                    f'[return]\nplan = "accsm-2021-2025"\ncountry = "{c}"\nyear = {y}\nround = "{round_}"\n'
                    f'submitted = "{y + 1}-03-31"\nfocal_point = "Illustrative focal point"\n'
                    f'data_source = "Illustrative"\n')
            with open(os.path.join(ROOT, c, f"{y}.toml"), "w") as f:
                f.write(head + "".join(answers(i, c, y)))

main()
