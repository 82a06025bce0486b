#!/usr/bin/env python3
"""Makes the workbooks of tests/cmd/import-spreadsheets.in/ as Excel and openpyxl write them:
a percentage typed into a cell formatted `0%` (Excel stores 45% as 0.45), a bare fraction in a
percent field, and a workbook saved in the 1904 date system (Excel for Mac's old default).

Run from the repository's top folder, with openpyxl (Debian: python3-openpyxl):
    cargo run -- --root tests/cmd/import-spreadsheets.in new return --country IDN --year 2025 \
        --format xlsx --out template.xlsx
    python3 scripts/make-test-workbooks.py tests/cmd/import-spreadsheets.in/template.xlsx
The template is then deleted; the workbooks are committed, so the tests need no Python.
"""

import datetime
import os
import sys

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904


def answer_row(ws, kpi, field, item=None):
    for row in ws.iter_rows(min_row=2):
        if row[0].value == kpi and row[3].value == field and row[4].value == item:
            return row
    raise SystemExit(f"no row for {kpi} {field} {item}")


def header_row(ws, field):
    for row in ws.iter_rows(min_row=2):
        if row[0].value == field:
            return row
    raise SystemExit(f"no header field {field}")


def fill(template, out, *, year, epoch_1904, percent, percent_format, rate, rate_format):
    wb = openpyxl.load_workbook(template)
    if epoch_1904:
        wb.epoch = CALENDAR_MAC_1904
    ret, answers = wb["Return"], wb["Answers"]
    header_row(ret, "year")[1].value = year
    submitted = header_row(ret, "submitted")[1]
    submitted.value = datetime.date(year, 3, 14)
    submitted.number_format = "yyyy-mm-dd"
    answer_row(answers, "A.1", "yes")[6].value = "yes"
    cell = answer_row(answers, "A.1.1", "percent")[6]
    cell.value = percent
    cell.number_format = percent_format
    for field, value in [("rate", rate), ("title", "Staff survey"), ("year", year),
                         ("scale", "0-100")]:
        cell = answer_row(answers, "E.3", f"third_party.{field}")[6]
        cell.value = value
        if field == "rate":
            cell.number_format = rate_format
    wb.save(out)


def main():
    template = sys.argv[1]
    folder = os.path.dirname(template)
    # 45% and 72.5% typed into cells formatted as percentages.
    fill(template, os.path.join(folder, "percent.xlsx"), year=2025, epoch_1904=False,
         percent=0.45, percent_format="0%", rate=0.725, rate_format="0.0%")
    # 0.45 typed into a cell of the General format: a fraction where a percentage belongs.
    fill(template, os.path.join(folder, "fraction.xlsx"), year=2024, epoch_1904=False,
         percent=0.45, percent_format="General", rate=72.5, rate_format="General")
    # The fraction corrected: the 2024 return again, 45% typed as a percentage (`--force`
    # replaces the earlier import).
    fill(template, os.path.join(folder, "corrected.xlsx"), year=2024, epoch_1904=False,
         percent=0.45, percent_format="0%", rate=72.5, rate_format="General")
    # The same return saved in the 1904 date system.
    fill(template, os.path.join(folder, "date1904.xlsx"), year=2023, epoch_1904=True,
         percent=45, percent_format="General", rate=72.5, rate_format="General")
    os.remove(template)


main()
