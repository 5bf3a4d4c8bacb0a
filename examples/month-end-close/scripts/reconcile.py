#!/usr/bin/env python3
"""Match Stripe payouts to bank credits for one month and write the reconciliation report.

Usage: python3 scripts/reconcile.py --month 2026-10 [--tolerance 0.50]
Reads exports/bank-<month>.csv and exports/stripe-payouts-<month>.csv,
writes out/reconciliation-<month>.csv. Exits 3 when any payout is unmatched.
"""
import argparse
import csv
import sys

parser = argparse.ArgumentParser()
parser.add_argument("--month", required=True)
parser.add_argument("--tolerance", type=float, default=0.50)
args = parser.parse_args()

bank = list(csv.DictReader(open(f"exports/bank-{args.month}.csv")))
payouts = list(csv.DictReader(open(f"exports/stripe-payouts-{args.month}.csv")))

credits = [r for r in bank if r["description"].startswith("STRIPE PAYOUT")]
unmatched = []
rows = []
for p in payouts:
    match = next((c for c in credits if abs(float(c["amount"]) - float(p["net"])) <= args.tolerance), None)
    rows.append({"payout_id": p["payout_id"], "net": p["net"], "bank_date": match["date"] if match else "", "status": "matched" if match else "UNMATCHED"})
    if not match:
        unmatched.append(p["payout_id"])

with open(f"out/reconciliation-{args.month}.csv", "w", newline="") as fh:
    w = csv.DictWriter(fh, fieldnames=["payout_id", "net", "bank_date", "status"])
    w.writeheader()
    w.writerows(rows)

if unmatched:
    print(f"{len(unmatched)} payout(s) unmatched: {', '.join(unmatched)}", file=sys.stderr)
    sys.exit(3)
print(f"all {len(rows)} payouts matched")
