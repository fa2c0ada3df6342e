// Times given on the command line. A day (2026-11-24) is a day in India: --from takes its first instant,
// --to its last. Anything else Date.parse reads is taken as given. The API wants ISO instants in UTC.
import { UsageError } from './errors.js';

/** India is UTC+5:30 all year. */
export const istOffsetMs = (5 * 60 + 30) * 60 * 1000;
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

export const isDay = (value: string): boolean =>
  dayPattern.test(value) &&
  !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
  new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

export const instantOf = (value: string, edge: 'start' | 'end', option: string): string => {
  if (isDay(value)) {
    const midnightIst = Date.parse(`${value}T00:00:00Z`) - istOffsetMs;
    return new Date(edge === 'start' ? midnightIst : midnightIst + 86_400_000 - 1).toISOString();
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new UsageError({ message: `${option} ${value}: give a day (2026-11-24, in IST) or an instant (2026-11-24T10:00:00Z).` });
  return new Date(ms).toISOString();
};
