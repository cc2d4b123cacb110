#!/usr/bin/env python3
"""Compares the Go and pandas result CSVs of the benchmark row by row: the
same cases and rules in the same order, with the same due date, status and
working days late. Exits 0 when every row agrees, 1 when any differs (printing
the first differing rows), 2 when a file cannot be read. Standard library
only."""

import csv
import sys

SHOW = 10  # differing rows printed


def main():
    if len(sys.argv) != 3:
        print("usage: compare.py GO.csv PANDAS.csv", file=sys.stderr)
        return 2
    go_name, pd_name = sys.argv[1:]
    try:
        with open(go_name, newline="") as g, open(pd_name, newline="") as p:
            go_rows, pd_rows = list(csv.reader(g)), list(csv.reader(p))
    except OSError as e:
        print(f"compare: {e}", file=sys.stderr)
        return 2
    if go_rows[:1] != pd_rows[:1]:
        print(f"compare: the headers differ: go {go_rows[:1]}, pandas {pd_rows[:1]}")
        return 1
    header = go_rows[0]
    differ = 0
    for line, (a, b) in enumerate(zip(go_rows, pd_rows), start=1):
        if a == b:
            continue
        differ += 1
        if differ <= SHOW:
            fields = [f"{h}: go {x!r}, pandas {y!r}" for h, x, y in zip(header, a, b) if x != y]
            print(f"line {line}: go     {','.join(a)}")
            print(f"line {line}: pandas {','.join(b)}")
            print(f"  ({'; '.join(fields)})")
    if len(go_rows) != len(pd_rows):
        print(f"compare: go has {len(go_rows) - 1} result rows, pandas {len(pd_rows) - 1}")
        return 1
    if differ:
        print(f"compare: {differ} of {len(go_rows) - 1} result rows differ (the first {min(differ, SHOW)} above)")
        return 1
    cases = len({row[0] for row in go_rows[1:]})
    print(f"compare: go and pandas agree on all {len(go_rows) - 1} results ({cases} cases x {len(go_rows[1:]) // max(cases, 1)} rules): due date, status, working days late")
    return 0


if __name__ == "__main__":
    sys.exit(main())
