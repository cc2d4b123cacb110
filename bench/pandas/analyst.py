#!/usr/bin/env python3
"""The pandas side of the benchmark (see README.md): what a council analyst
would write to work out England's ICPC, first core group and first review
deadlines for a caseload export, vectorised over every row with pandas and
numpy.

It reads cases.csv (one row a case: case_id, strategy_discussion, icpc,
icpc_plan, core_group, review; a date is empty when not held) and
holidays.csv (the bank holidays of England and Wales), and writes, for each
case and each of the three rules, the due date, the status and the working
days late, as the shipped england policy defines them
(policies/england.yaml):

  icpc-within-15-working-days: 15 working days from the strategy discussion,
      met by the ICPC;
  first-core-group-within-10-working-days: 10 working days from an ICPC that
      made a plan, met by the first core group on or after it;
  first-review-within-3-months: 3 months from that ICPC (the same date, or the
      last day of a shorter month; not rolled), met by the review conference.

Working days are Monday to Friday less the bank holidays, and the start is day
0 whatever day it is (counting: day0). An event counts as done only when dated
on or before the as-of date; one booked later is not done yet. Not done, a
deadline is overdue when due before the as-of date, due_soon when due on or
before the date 2 working days after it (warn_before: 2 working days, counted
the same way), and pending after that; with no plan, the core group and
review rules are not_applicable, with no due date. Working days late are the
working days after the due date up to and including the day it was done (late)
or the as-of date (overdue).

Times the reading, computing and writing (best of --runs) and prints cases a
second; the rate is also written to --rate.
"""

import argparse
import sys
import time

import numpy as np
import pandas as pd

RULES = np.array([
    "icpc-within-15-working-days",
    "first-core-group-within-10-working-days",
    "first-review-within-3-months",
])

WARN_BEFORE = 2  # working days, from the policy's warn_before

FILLER = np.datetime64("2000-01-03")  # stands in for NaT where numpy refuses it


def read_dates(series):
    """A column of YYYY-MM-DD dates (empty for none) as datetime64[D]."""
    return pd.to_datetime(series, format="%Y-%m-%d").to_numpy().astype("datetime64[D]")


def add_working_days(start, n, cal):
    """The date n working days (n >= 1) after each start, counting the start
    as day 0 whatever day it is; NaT stays NaT.

    np.busday_offset(start, n, roll='forward') first rolls a weekend or
    holiday start to the next working day and counts from there, which is the
    first working day after the start, so it lands one working day late:
    Saturday + 15 would be the 16th working day after it. From a rolled start
    the nth working day is n - 1 on.
    """
    off = np.isnat(start)
    filled = np.where(off, FILLER, start)
    rolled = ~np.is_busday(filled, busdaycal=cal)
    due = np.busday_offset(filled, n - rolled.astype(np.int64), roll="forward", busdaycal=cal)
    return np.where(off, np.datetime64("NaT"), due)


def add_months(start, n):
    """The date n months after each start: the same day of the month, or the
    last day of a shorter month (31 January + 3 months is 30 April)."""
    month = start.astype("datetime64[M]")
    day = start - month.astype("datetime64[D]")
    target = month + n
    last = (target + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
    return np.minimum(target.astype("datetime64[D]") + day, last)


def working_days_after(due, until, cal):
    """The working days in (due, until], for each pair; 0 where either is NaT."""
    bad = np.isnat(due) | np.isnat(until)
    one = np.timedelta64(1, "D")
    d = np.where(bad, FILLER, due) + one
    u = np.where(bad, FILLER, until) + one
    return np.where(bad, 0, np.busday_count(d, u, busdaycal=cal))


def judge(applies, start, due, held, as_of, warn_end, cal):
    """Status and working days late of one rule for every case.

    applies: the rule has an instance (a start); start: what the period counts
    from; due: the due dates; held: the dates of what meets it (NaT when none).
    """
    done = applies & ~np.isnat(held) & (held >= start) & (held <= as_of)
    not_done = applies & ~done
    late = done & (held > due)
    overdue = not_done & (due < as_of)
    status = np.select(
        [~applies, done & ~late, late, overdue, not_done & (due <= warn_end)],
        ["not_applicable", "met", "late", "overdue", "due_soon"],
        default="pending",
    )
    wdl = np.zeros(len(due), dtype=np.int64)
    wdl = np.where(late, working_days_after(due, held, cal), wdl)
    as_of_col = np.full(len(due), as_of)
    wdl = np.where(overdue, working_days_after(due, as_of_col, cal), wdl)
    return status, wdl


def compute(cases_csv, holidays_csv, as_of, out_csv, split):
    """Reads the cases, works out the three rules and writes the results;
    returns the number of cases. split gets the seconds spent reading,
    computing and writing."""
    t0 = time.perf_counter()
    df = pd.read_csv(cases_csv, dtype=str)  # an empty date is NaN, and NaT once read
    hol = read_dates(pd.read_csv(holidays_csv, usecols=["date"], dtype=str)["date"])
    cal = np.busdaycalendar(weekmask="1111100", holidays=hol)

    discussion = read_dates(df["strategy_discussion"])
    icpc = read_dates(df["icpc"])
    core_group = read_dates(df["core_group"])
    review = read_dates(df["review"])
    t1 = time.perf_counter()
    plan = ~np.isnat(icpc) & (df["icpc_plan"].to_numpy() == "true")
    warn_end = add_working_days(np.array([as_of]), WARN_BEFORE, cal)[0]
    nat = np.datetime64("NaT")

    icpc_due = add_working_days(discussion, 15, cal)
    icpc_status, icpc_wdl = judge(np.ones(len(df), dtype=bool), discussion, icpc_due, icpc, as_of, warn_end, cal)

    plan_start = np.where(plan, icpc, nat)
    cg_due = add_working_days(plan_start, 10, cal)
    cg_status, cg_wdl = judge(plan, plan_start, cg_due, core_group, as_of, warn_end, cal)

    review_due = np.where(plan, add_months(np.where(plan, icpc, FILLER), 3), nat)
    review_status, review_wdl = judge(plan, plan_start, review_due, review, as_of, warn_end, cal)

    # One row a case and rule, case by case, in the policy's rule order.
    due = np.column_stack([icpc_due, cg_due, review_due]).ravel()
    due_text = np.where(np.isnat(due), "", np.datetime_as_string(due, unit="D"))
    out = pd.DataFrame({
        "case_id": np.repeat(df["case_id"].to_numpy(), len(RULES)),
        "rule": np.tile(RULES, len(df)),
        "due": due_text,
        "status": np.column_stack([icpc_status, cg_status, review_status]).ravel(),
        "working_days_late": np.column_stack([icpc_wdl, cg_wdl, review_wdl]).ravel(),
    })
    t2 = time.perf_counter()
    out.to_csv(out_csv, index=False)
    split[:] = [t1 - t0, t2 - t1, time.perf_counter() - t2]
    return len(df)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", required=True)
    ap.add_argument("--holidays", required=True)
    ap.add_argument("--asof", required=True, help="the as-of date, YYYY-MM-DD")
    ap.add_argument("--out", required=True, help="the results CSV to write")
    ap.add_argument("--rate", help="a file to write the cases a second to")
    ap.add_argument("--runs", type=int, default=3, help="timed runs; the best is reported")
    args = ap.parse_args()
    as_of = np.datetime64(args.asof, "D")

    best, best_split, split = None, None, [0.0, 0.0, 0.0]
    for run in range(args.runs):
        start = time.perf_counter()
        n = compute(args.cases, args.holidays, as_of, args.out, split)
        elapsed = time.perf_counter() - start
        read, work, write = (f"{s * 1000:.0f}ms" for s in split)
        print(f"pandas: run {run + 1}: {n} cases in {elapsed * 1000:.0f}ms "
              f"(read {read}, compute {work}, write {write})", file=sys.stderr)
        if best is None or elapsed < best:
            best, best_split = elapsed, list(split)
    rate = n / best
    print(f"pandas: {n} cases, read + compute + write (pandas {pd.__version__}, numpy {np.__version__}) "
          f"best of {args.runs} runs: {best * 1000:.0f}ms, {rate:.0f} cases/s "
          f"(read {best_split[0] * 1000:.0f}ms, compute {best_split[1] * 1000:.0f}ms, write {best_split[2] * 1000:.0f}ms)")
    if args.rate:
        with open(args.rate, "w") as f:
            f.write(f"{rate:.0f}\n")


if __name__ == "__main__":
    main()
