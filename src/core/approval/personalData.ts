/**
 * Whether a file's text is personal data about people (a staff list with salaries, national insurance or
 * social security numbers, dates of birth). Such a file is not copied anywhere it may be shared or committed;
 * the rule is deliberately simple: a table header that names such columns, or values shaped like the numbers.
 */

/** Columns that identify a person on their own. */
const IDENTITY_COLUMNS = new Map<string, string>([
  ['ni number', 'national insurance number'],
  ['ni no', 'national insurance number'],
  ['nino', 'national insurance number'],
  ['national insurance', 'national insurance number'],
  ['national insurance number', 'national insurance number'],
  ['national insurance no', 'national insurance number'],
  ['ssn', 'social security number'],
  ['social security number', 'social security number'],
  ['social security no', 'social security number'],
  ['date of birth', 'date of birth'],
  ['dob', 'date of birth'],
  ['birth date', 'date of birth'],
  ['birthdate', 'date of birth'],
  ['birthday', 'date of birth'],
  ['passport number', 'passport number'],
  ['passport no', 'passport number'],
  ['nhs number', 'NHS number'],
]);
/** Pay columns: personal data when the same table names the people. */
const PAY_COLUMNS = new Set(['salary', 'annual salary', 'base salary', 'gross salary', 'wage', 'wages', 'hourly rate', 'gross pay', 'net pay', 'pay', 'bonus']);
const NAME_COLUMNS = new Set([
  'name',
  'full name',
  'employee',
  'employee name',
  'staff name',
  'first name',
  'last name',
  'surname',
  'given name',
  'forename',
  'person',
]);

// UK national insurance number (HMRC's letter rules), and a US social security number in its dashed form.
const NI_NUMBER = /(?<![A-Za-z0-9])(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])/;
const SSN = /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/;
const DOB_LABEL = /\b(?:date of birth|d\.o\.b\.?|dob|born on)[ \t]{0,5}[:=\-–][ \t]{0,5}\d/i;
const CELL_SPLIT = /[,;\t|]/;

/** Enough of a file to judge it; larger files are refused before they get here. */
const SCAN_CHARS = 8 * 1024 * 1024;
const MAX_LINE = 4096;

function columnName(cell: string): string {
  return cell
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Why the text is personal data ("personal data: …"), or undefined. */
export function personalDataIn(text: string): string | undefined {
  const head = text.length > SCAN_CHARS ? text.slice(0, SCAN_CHARS) : text;
  for (const line of head.split('\n')) {
    if (line.length > MAX_LINE || !CELL_SPLIT.test(line)) continue;
    const columns = line.split(CELL_SPLIT).map(columnName).filter(Boolean);
    const identity = columns.find((c) => IDENTITY_COLUMNS.has(c));
    if (identity) return `personal data: a table with a "${IDENTITY_COLUMNS.get(identity)}" column`;
    const pay = columns.find((c) => PAY_COLUMNS.has(c));
    const name = columns.find((c) => NAME_COLUMNS.has(c));
    if (pay && name) return `personal data: a table of people ("${name}") with their pay ("${pay}")`;
  }
  if (NI_NUMBER.test(head)) return 'personal data: holds a national insurance number';
  if (SSN.test(head)) return 'personal data: holds a social security number';
  if (DOB_LABEL.test(head)) return 'personal data: holds a date of birth';
  return undefined;
}
