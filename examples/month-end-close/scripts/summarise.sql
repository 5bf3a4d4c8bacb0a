-- Monthly close summary, run in the finance database after the reconciliation is clean.
-- psql -f scripts/summarise.sql -v month="'2026-10'"
SELECT category, SUM(amount) AS total
FROM ledger
WHERE to_char(booked_on, 'YYYY-MM') = :month
GROUP BY category
HAVING ABS(SUM(amount)) > 1000
ORDER BY total DESC;
