import { put } from '../../support/tempTree';

/** Secrets planted in the work folder: none of them may ever come back from the server. */
export const SECRETS = {
  envKey: 'bpk_live_4fQ9xT2mR7vL1sK8wZ3nC6yH',
  dbPassword: 'Vx9mQ2rTzK4p',
  privateKeyLine: 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
};

export const SOP = 'sops/month-end-close.sop.md';

/** The SOP a controller wrote for the close; step 4 is the approval gate the posting waits for. */
export const CLOSE_SOP = `---
title: Month-end close
type: sop
owner: Marta Silva (Controller)
approver: Priya Nair (Finance manager)
workdir: close/2026-10
status: draft
---

# Month-end close

## Purpose

Close the books for the month the same way every time, so the bank and the ledger agree before the journal is posted.

## Inputs

- The bank export \`exports/bank-<YYYY-MM>.csv\`, downloaded from the bank portal on the first working day.
- The reconciliation script \`scripts/reconcile.py\`.

## Steps

1. Download the bank statement for <YYYY-MM> from the bank portal and save it as \`exports/bank-<YYYY-MM>.csv\`.
2. Run \`python3 scripts/reconcile.py --month <YYYY-MM>\` and read the differences it prints.
3. Explain every difference over 50 EUR in the close notes, with the invoice it belongs to.
4. Send the reconciliation report to Priya Nair (Finance manager) for approval and wait for her sign-off.
5. Post the closing journal in the ledger.

## Done when

The journal is posted and the script reports no unexplained difference.

## Escalation

- **Contact:** Priya Nair (Finance manager).
- **Include:** the month and the differences the script printed.
- **Stop if** the bank total and the ledger total differ by more than 500 EUR: do not post.
`;

/** A month-end close as it was really done: a script, the bank export, notes, and files that must never be read. */
export function writeMonthEndClose(ws: string): void {
  put(
    ws,
    'close/2026-10/scripts/reconcile.py',
    [
      '#!/usr/bin/env python3',
      '"""Compare the bank export with the ledger for one month and print the differences."""',
      'import argparse, csv, sys',
      '',
      'parser = argparse.ArgumentParser(description="Reconcile the bank export with the ledger")',
      'parser.add_argument("--month", required=True)',
      'args = parser.parse_args()',
      'rows = list(csv.DictReader(open(f"exports/bank-{args.month}.csv")))',
      'total = sum(float(r["amount"]) for r in rows)',
      'if abs(total) > 500:',
      '    print("difference over 500 EUR: do not post")',
      '    sys.exit(2)',
      'print(f"{len(rows)} bank lines, total {total:.2f}")',
      '',
    ].join('\n'),
  );
  put(
    ws,
    'close/2026-10/exports/bank-2026-10.csv',
    'date,reference,amount\n2026-10-03,INV-2231,1200.00\n2026-10-17,INV-2240,-85.50\n2026-10-29,FEE-10,-12.00\n',
  );
  put(
    ws,
    'close/2026-10/notes.md',
    [
      '# October close notes',
      '',
      'Ran the reconciliation on 2 November. INV-2240 was a partial refund, explained in the ticket.',
      `The ledger database is postgres://closer:${SECRETS.dbPassword}@ledger-db.internal:5432/ledger if the script cannot reach it.`,
      'Priya approved the report at 15:10 and the journal went in afterwards.',
      '',
    ].join('\n'),
  );
  put(ws, 'close/2026-10/.env', `BANK_PORTAL_API_KEY=${SECRETS.envKey}\nLEDGER_USER=closer\n`);
  put(ws, 'close/2026-10/id_rsa', `-----BEGIN OPENSSH PRIVATE KEY-----\n${SECRETS.privateKeyLine}\n-----END OPENSSH PRIVATE KEY-----\n`);
  put(ws, SOP, CLOSE_SOP);
}
