/**
 * Thresholds and timings as people write them: "within 14 days", "above 500 USD", "more than 2 percent",
 * "by 16:00", "1 business day before go-live". The number and unit are kept exactly as written.
 */

const NUMBER = String.raw`\d{1,3}(?:[,.]\d{3}){0,4}(?:[.,]\d{1,2})?|\d{1,12}(?:[.,]\d{1,4})?`;
const CURRENCY = String.raw`(?:EUR|USD|GBP|CHF|JPY|CAD|AUD|SEK|NOK|DKK|PLN|INR|euros?|dollars?|pounds?|€|\$|£)`;
const TIME_UNIT = String.raw`(?:business\s|working\s|calendar\s)?(?:days?|hours?|minutes?|weeks?|months?|years?|quarters?)`;
const COMPARATOR = String.raw`(?:within|after|before|above|below|over|under|more\sthan|less\sthan|fewer\sthan|at\sleast|at\smost|up\sto|no\smore\sthan|not\smore\sthan|exceeds?|exceeding|beyond|from|by|>=?|<=?|≥|≤)`;
const AMOUNT = String.raw`(?:${CURRENCY}\s?)?(?:${NUMBER})(?:\s?(?:%|percent|per\scent|${CURRENCY}|${TIME_UNIT}|-day|-hour|-month)|\s[a-z][\w-]{1,20}){0,1}`;

/** A comparison with a number: "over 5,000 EUR", "more than 2 late shifts", "within 3 business days". */
export const COMPARED = new RegExp(
  String.raw`\b${COMPARATOR}\s(?:the\s)?${AMOUNT}|(?:${NUMBER})\s?(?:%|${CURRENCY})?\s(?:or|and)\s(?:more|less|fewer|above|below|over|under)\b`,
  'i',
);
/** An amount with its unit even without a comparison: "10%", "329.00 EUR", "14-day". */
export const MEASURE = new RegExp(String.raw`(?:${CURRENCY}\s?)?\b(?:${NUMBER})\s?(?:%|percent|${CURRENCY}(?![\w-]))|\b\d{1,4}-(?:day|hour|week|month)\b`, 'i');
/** Times and calendars: "at 09:00", "by Thursday noon", "every Monday", "14 days after go-live", "valid for 12 months". */
export const TIMING = new RegExp(
  String.raw`\b\d{1,2}:\d{2}\b|\b(?:every|each|by|on|before|until)\s(?:other\s)?(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\s(?:noon|morning|afternoon|evening)\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\sto\s(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\bevery\s(?:day|week|month|quarter|year|morning|evening)\b|\b(?:daily|weekly|monthly|quarterly|annually)\b|\b\d{1,4}\s${TIME_UNIT}\s(?:after|before|of|from|overdue|late|early|in\sadvance)\b|\bvalid\s(?:for\s)?\d{1,4}\s${TIME_UNIT}|\bwithin\s(?:the\s)?\d{1,4}\s${TIME_UNIT}|\bday\s\d{1,4}\b(?![-\d])|\bsame\sday\b|\bend\sof\s(?:the\s)?(?:day|week|month|quarter)\b`,
  'i',
);
const TIME_ONLY = new RegExp(String.raw`^(?:${COMPARATOR}\s)?(?:the\s)?(?:${NUMBER})\s?${TIME_UNIT}$`, 'i');

export type Measure = 'threshold' | 'timing';

/** Whether a sentence holds a threshold or a timing, and which it mainly is. */
export function measureOf(sentence: string): Measure | undefined {
  const text = sentence.slice(0, 2_000);
  const compared = COMPARED.exec(text);
  if (compared && !TIME_ONLY.test(compared[0].trim())) return 'threshold';
  if (/\bday\s\d{1,4}\s(?:to|and|-)\s(?:day\s)?\d{1,4}\b/i.test(text)) return 'threshold';
  if (TIMING.test(text) || compared) return 'timing';
  if (MEASURE.test(text)) return 'threshold';
  return undefined;
}

/** The threshold phrase of a text, as written: "above 15%", "over 200 EUR". */
export function thresholdIn(text: string): string | undefined {
  const m = COMPARED.exec(text.slice(0, 2_000));
  return m?.[0].trim();
}
