/**
 * Time zones as SOPs write them ("9am UK time", "17:00 CET", "UTC+2", "Europe/Paris") and what they mean for
 * a scheduler that only speaks UTC. Abbreviations are taken at their letter: CET is UTC+1 all year, CEST UTC+2.
 */

/** Minutes ahead of UTC. */
const ABBREVIATIONS: Record<string, number> = {
  UTC: 0,
  GMT: 0,
  WET: 0,
  BST: 60,
  WEST: 60,
  CET: 60,
  CEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  IST: 330,
  SGT: 480,
  HKT: 480,
  AWST: 480,
  JST: 540,
  KST: 540,
  AEST: 600,
  AEDT: 660,
  NZST: 720,
  NZDT: 780,
  EST: -300,
  EDT: -240,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  HST: -600,
};

/** Places and regions people name a clock by, before the word "time". */
const PLACES: Array<[RegExp, string]> = [
  [/\b(?:uk|u\.k\.|british|london|england)\b/, 'Europe/London'],
  [/\b(?:irish|ireland|dublin)\b/, 'Europe/Dublin'],
  [/\bcentral europe(?:an)?\b/, 'Europe/Berlin'],
  [/\b(?:paris|france|french)\b/, 'Europe/Paris'],
  [/\b(?:berlin|german|germany|frankfurt)\b/, 'Europe/Berlin'],
  [/\b(?:amsterdam|dutch|netherlands)\b/, 'Europe/Amsterdam'],
  [/\b(?:madrid|spain|spanish)\b/, 'Europe/Madrid'],
  [/\b(?:new york|eastern|us eastern)\b/, 'America/New_York'],
  [/\b(?:chicago|us central|central)\b/, 'America/Chicago'],
  [/\b(?:denver|mountain)\b/, 'America/Denver'],
  [/\b(?:los angeles|san francisco|pacific|california)\b/, 'America/Los_Angeles'],
  [/\b(?:india|indian|mumbai|bangalore|bengaluru|delhi|kolkata)\b/, 'Asia/Kolkata'],
  [/\b(?:singapore)\b/, 'Asia/Singapore'],
  [/\b(?:hong kong)\b/, 'Asia/Hong_Kong'],
  [/\b(?:tokyo|japan|japanese)\b/, 'Asia/Tokyo'],
  [/\b(?:dubai|uae)\b/, 'Asia/Dubai'],
  [/\b(?:sydney|melbourne|australian eastern)\b/, 'Australia/Sydney'],
  [/\b(?:auckland|new zealand|nz)\b/, 'Pacific/Auckland'],
];

export interface TimezoneFound {
  timezone: string;
  /** The words it was read from. */
  text: string;
}

/** The time zone a trigger sentence names, if any. */
export function timezoneIn(text: string): TimezoneFound | undefined {
  const offset = text.match(/\b(?:UTC|GMT)\s*([+\-−])\s*(\d{1,2})(?::?(\d{2}))?(?![\d:])/i);
  if (offset) {
    const minutes = (offset[1] === '+' ? 1 : -1) * (Number(offset[2]) * 60 + Number(offset[3] ?? 0));
    if (Math.abs(minutes) <= 14 * 60) return { timezone: offsetName(minutes), text: offset[0] };
  }
  const iana = text.match(/\b[A-Z][A-Za-z]+\/[A-Z][A-Za-z_]+(?:\/[A-Z][A-Za-z_]+)?\b/);
  if (iana && intlKnows(iana[0])) return { timezone: iana[0], text: iana[0] };
  // Abbreviations only in capitals, so "est" in "estimate" or "ist" in a list is not a zone.
  const abbreviation = text.match(new RegExp(`(?<![\\w/])(${Object.keys(ABBREVIATIONS).join('|')})(?![\\w/])`));
  if (abbreviation) return { timezone: abbreviation[1], text: abbreviation[1] };
  const clock = text.match(/(?<![\w/])(ET|PT|CT)(?![\w/])/);
  if (clock) return { timezone: { ET: 'America/New_York', PT: 'America/Los_Angeles', CT: 'America/Chicago' }[clock[1] as 'ET'], text: clock[1] };
  const lower = text.toLowerCase();
  const before = lower.match(/\b([a-z.]+(?:\s+[a-z.]+){0,2}?)\s+(?:local\s+)?time\b/g) ?? [];
  for (const phrase of before) {
    for (const [re, zone] of PLACES) if (re.test(phrase)) return { timezone: zone, text: phrase };
  }
  return undefined;
}

/** "UTC+02:00" for 120. */
export function offsetName(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const abs = Math.abs(minutes);
  return `UTC${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function intlKnows(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A zone this module can work with: an IANA name, an abbreviation it knows, or UTC±HH:MM. */
export function isKnownTimezone(zone: string): boolean {
  return fixedOffsetOf(zone) !== undefined || intlKnows(zone);
}

function intlOffset(zone: string, at: Date): number | undefined {
  try {
    const name =
      new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '';
    const m = name.match(/^GMT(?:([+-])(\d{2}):(\d{2}))?$/);
    return m ? (m[1] ? (m[1] === '+' ? 1 : -1) * (Number(m[2]) * 60 + Number(m[3])) : 0) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Minutes ahead of UTC for a zone whose offset never changes (UTC, CET as an abbreviation, UTC+05:30,
 * Asia/Kolkata); undefined for zones with daylight saving time and zones it does not know.
 */
export function fixedOffsetOf(zone: string): number | undefined {
  if (zone in ABBREVIATIONS) return ABBREVIATIONS[zone];
  const named = zone.match(/^UTC([+-])(\d{2}):(\d{2})$/);
  if (named) return (named[1] === '+' ? 1 : -1) * (Number(named[2]) * 60 + Number(named[3]));
  const year = new Date().getUTCFullYear();
  const offsets = [0, 3, 6, 9].map((month) => intlOffset(zone, new Date(Date.UTC(year, month, 1))));
  if (offsets.some((o) => o === undefined) || new Set(offsets).size !== 1) return undefined;
  return offsets[0];
}

/** A note on what an abbreviation means, when people often mean the clock with summer time. */
export function abbreviationNote(zone: string): string | undefined {
  const clocks: Record<string, string> = {
    CET: 'Europe/Paris',
    EST: 'America/New_York',
    PST: 'America/Los_Angeles',
    GMT: 'Europe/London',
    BST: 'Europe/London',
    AEST: 'Australia/Sydney',
  };
  const clock = clocks[zone];
  if (!clock || !(zone in ABBREVIATIONS)) return undefined;
  return `${zone} is read as ${offsetName(ABBREVIATIONS[zone])} all year; if the team means the local clock with summer time, set \`timezone: ${clock}\` in the front matter.`;
}
