// What the camps and field-force views work out from the API's answers, kept apart from rendering: the month a
// calendar shows, camps by the day they begin in it, one axis for a camp's figures, a category's name.
import type { CampListItem, CampOutcome, CategoryLabel } from './field-types.js';
import type { Language } from './i18n/index.js';

/** `YYYY-MM` of an ISO day. */
export const monthOf = (day: string): string => day.slice(0, 7);

/** The first and last day of a month (`2026-12` -> 2026-12-01, 2026-12-31). */
export const monthRange = (month: string): { from: string; to: string } => {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
};

/** The month before or after (`2026-12`, 1 -> `2027-01`). */
export const shiftMonth = (month: string, by: number): string => {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const date = new Date(Date.UTC(year, monthNumber - 1 + by, 1));
  return date.toISOString().slice(0, 7);
};

/** Today in India (the calendar's "this month"). */
export const indianToday = (now = new Date()): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kolkata', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);

/**
 * Camps by the day they begin within the range (a camp begun before it is under its first day), days in order,
 * camps of a day by opening hour then name.
 */
export const campsByDay = (camps: readonly CampListItem[], from: string): [string, CampListItem[]][] => {
  const days = new Map<string, CampListItem[]>();
  for (const camp of camps) {
    const day = camp.startsOn < from ? from : camp.startsOn;
    days.set(day, [...(days.get(day) ?? []), camp]);
  }
  return [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, list]) => [day, [...list].sort((a, b) => a.opensAt.localeCompare(b.opensAt) || a.name.localeCompare(b.name))]);
};

/**
 * One axis for every bar of a camp's outcome: the largest figure among them (the target list, unless more came than
 * were targeted), so that a bar's length compares with every other bar on the page.
 */
export const outcomeAxis = (outcome: CampOutcome): number =>
  Math.max(
    outcome.targeted,
    outcome.invited,
    outcome.came,
    outcome.started,
    outcome.ekycDone,
    outcome.cards,
    outcome.notCome,
    outcome.turnedAway.total,
    outcome.blocked.total,
  );

/** A category's name in the person's language: the category's own labels, or the one the API gave. */
export const categoryName = (label: CategoryLabel, language: Language): string => (typeof label === 'string' ? label : label[language]);

/** A day (`2026-12-05`) in the person's language: "Sat, 5 Dec 2026" / "शनि, 5 दिस॰ 2026". */
export const formatDay = (day: string, language: Language): string =>
  new Intl.DateTimeFormat(language === 'hi' ? 'hi-IN-u-nu-latn' : 'en-IN', {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(new Date(`${day}T00:00:00Z`));

/** A month (`2026-12`) in the person's language: "December 2026" / "दिसंबर 2026". */
export const formatMonth = (month: string, language: Language): string =>
  new Intl.DateTimeFormat(language === 'hi' ? 'hi-IN-u-nu-latn' : 'en-IN', { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
