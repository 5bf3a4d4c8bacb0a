#!/usr/bin/env bash
# Copies the month's bank and Stripe exports from Downloads into exports/ with the names the
# reconciliation expects. Usage: scripts/fetch_exports.sh 2026-10
set -euo pipefail
MONTH="$1"
cp ~/Downloads/statement-"$MONTH".csv "exports/bank-$MONTH.csv"
cp ~/Downloads/payouts-"$MONTH".csv "exports/stripe-payouts-$MONTH.csv"
echo "exports ready for $MONTH"
