#!/usr/bin/env python3
"""Writes examples/progress/updates/<plan>/<number>/<date>.toml: an ILLUSTRATIVE set of progress
updates for the 70 programmes of the two 2021-2025 plans. The real per-programme updates are not
public; these are invented to exercise `accsm progress`, `accsm show` and the report's progress
section. One thing only is matched to a public fact: exactly 28 programmes stand completed as of
August 2024, the total the 22nd ACCSM reported ("about 28", ../shared/sources/
public-facts-2022-2026.md). Which 28 they are, and everything else, is invented.

The counts `accsm progress --as-of 2024-08` must give are worked out here, independently of
accsm, and written to examples/progress/expected-2024-08.json (tests/progress.rs compares).
Rerun after changing it (it reads the programmes from accsm itself):

    cargo run -q -- list --format json | python3 scripts/make-example-updates.py
"""
import json, os, shutil, sys

HERE = os.path.join(os.path.dirname(__file__), "..", "examples", "progress")
OUT = os.path.join(HERE, "updates")
PUBLIC_COMPLETED = 28   # 22nd ACCSM, August 2024: about 28 completed, both plans together
AS_OF = (2024, 8)
HEAD = ("# ILLUSTRATIVE — not a real update. Per-programme progress updates are not public; this\n"
        "# one is invented (scripts/make-example-updates.py) to exercise accsm progress.\n\n")


def meeting(year, month):
    if (year, month) == (2024, 8):
        return "22nd ACCSM SOM"
    return f"Illustrative review, {['January','February','March','April','May','June','July','August','September','October','November','December'][month-1]} {year}"


def write(plan, number, date, status, text, note=None, extra=""):
    folder = os.path.join(OUT, plan, str(number))
    os.makedirs(folder, exist_ok=True)
    y, m = date
    body = HEAD + "[update]\n"
    body += f'plan = "{plan}"\nnumber = {number}\ndate = "{y:04}-{m:02}"\nstatus = "{status}"\n'
    body += f'meeting = "{meeting(y, m)}"\ntext = "{text}"\n'
    if note:
        body += f'note = "{note}"\n'
    body += extra
    with open(os.path.join(folder, f"{y:04}-{m:02}.toml"), "w") as f:
        f.write(body)


def main():
    programmes = json.load(sys.stdin)
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    # (plan, number) -> [(date, status)], to count as accsm should.
    history = {}
    ended_by_2023 = [p for p in programmes if p["timeline"]["years"] and max(p["timeline"]["years"]) <= 2023]
    ended_by_2023.sort(key=lambda p: (max(p["timeline"]["years"]), p["plan"], p["number"]))
    completed_early = {(p["plan"], p["number"]) for p in ended_by_2023[:PUBLIC_COMPLETED]}
    assert len(completed_early) == PUBLIC_COMPLETED, "fewer programmes ended by 2023 than the public total"
    late = 0
    for i, p in enumerate(programmes):
        key = (p["plan"], p["number"])
        plan, number = key
        years = p["timeline"]["years"]
        h = history.setdefault(key, [])

        def add(date, status, text, note=None, extra=""):
            # Nothing before the plans began (one programme's timeline is 2020).
            date = (2021, max(date[1], 2)) if date[0] < 2021 else date
            write(plan, number, date, status, text, note, extra)
            h.append((date, status))

        if not years:
            # TBC or blank timeline: every third has a planned update, the others none at all.
            if i % 3 == 0:
                add((2022, 11), "planned", "Timing to be confirmed with the partners.")
            continue
        first, last = min(years), max(years)
        add((first - 1, 11) if first > 2021 else (2021, 2), "planned", "Concept note circulated to the AMS focal points.")
        if key in completed_early:
            if first < last or i % 2 == 0:
                add((first, 8), "ongoing", "First activities held.")
            cost = f'participants = {20 + i % 40}\nams = ["BRN", "IDN", "MYS", "PHL", "SGP", "THA", "VNM"]\ncost = {{ amount = {5000 + 250 * (i % 20)}, currency = "USD" }}\n'
            add((last, 12), "completed", "All activities held; report shared with the AMS.", extra=cost)
            continue
        if last <= 2023:
            # Ended by 2023 but not among the 28: postponed, cancelled, still planned (overdue),
            # or finished only after August 2024.
            late += 1
            kind = late % 4
            if kind == 0:
                add((last, 8), "postponed", "Postponed at the coordinator's request.")
            elif kind == 1:
                add((last, 8), "ongoing", "Activities under way.")
                add((2024, 11), "completed", "Completed later than planned.")
            elif kind == 2:
                pass  # still planned: overdue from the year after its timeline
            else:
                add((last, 8), "cancelled", "Cancelled: the partner withdrew its funding.")
            continue
        # Timeline into 2024 or 2025.
        if first <= 2024:
            add((first, 8), "ongoing", "Under way.")
        if i % 5 == 0 and first <= 2023:
            add((2024, 2), "completed", "First phase completed.")
            add((2024, 8), "ongoing", "Reopened for a second cohort.", note="The SOM asked for a second cohort in 2024.")
        if last <= 2025 and i % 2 == 1:
            add((last, 12), "completed", "Completed.")

    # What accsm progress --as-of 2024-08 should say, per plan.
    def status_at(h, when):
        before = [s for (d, s) in sorted(h, key=lambda x: x[0]) if d <= when]
        return before[-1] if before else None

    counts = {}
    for p in programmes:
        key = (p["plan"], p["number"])
        s = status_at(history.get(key, []), AS_OF)
        years = p["timeline"]["years"]
        if s is None:
            standing = "not-reported"
        elif s == "planned" and years and max(years) < AS_OF[0]:
            standing = "overdue"
        else:
            standing = s
        row = counts.setdefault(p["plan"], {})
        row[standing] = row.get(standing, 0) + 1
    total = {}
    for row in counts.values():
        for k, v in row.items():
            total[k] = total.get(k, 0) + v
    assert total.get("completed") == PUBLIC_COMPLETED, total
    with open(os.path.join(HERE, "expected-2024-08.json"), "w") as f:
        json.dump({"as_of": "2024-08", "plans": counts, "total": total}, f, indent=2, sort_keys=True)
        f.write("\n")


main()
