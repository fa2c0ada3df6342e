// Numbers the Indian way (28,95,434), times in IST, in the person's language. Digits stay Latin in Hindi too,
// as district reports write them.
import type { Language, Translate } from './i18n/index.js';

const numbers = new Intl.NumberFormat('en-IN');
export const formatNumber = (value: number): string => numbers.format(value);

export const formatPercent = (value: number | null | undefined): string =>
  value === null || value === undefined ? '—' : `${value.toFixed(1)}%`;

export const formatSigned = (value: number): string => (value > 0 ? `+${formatNumber(value)}` : formatNumber(value));

const locale = (language: Language) => (language === 'hi' ? 'hi-IN-u-nu-latn' : 'en-IN');

export const formatDateTime = (iso: string | undefined, language: Language): string => {
  if (iso === undefined) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  // Hindi on the 24-hour clock: the 12-hour form would print "am"/"pm" in Latin letters inside a Hindi page.
  return new Intl.DateTimeFormat(locale(language), {
    timeZone: 'Asia/Kolkata',
    dateStyle: 'medium',
    timeStyle: 'medium',
    ...(language === 'hi' ? { hourCycle: 'h23' as const } : {}),
  }).format(date);
};

/** A duration in the person's language (`t` gives the units): 850 ms, 12.5 s, 3 min 20 s, 5 h 10 min, 2 days 4 h. */
export const formatDuration = (ms: number | undefined, t: Translate): string => {
  if (ms === undefined) return '—';
  if (ms < 1000) return t('durationMs', { value: ms });
  const seconds = ms / 1000;
  if (seconds < 60) return t('durationSeconds', { value: seconds.toFixed(1) });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('durationMinutes', { minutes, seconds: Math.round(seconds % 60) });
  return formatOverdue(ms, t);
};

/** How long past a limit (or any span of a minute or more), truly: 45 min, 3 h 5 min, 2 days 4 h — never "0 h". */
export const formatOverdue = (ms: number, t: Translate): string => {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 1) return t('overdueUnderMinute');
  if (minutes < 60) return t('overdueMinutes', { minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('overdueHours', { hours, minutes: minutes % 60 });
  return t('overdueDays', { days: Math.floor(hours / 24), hours: hours % 24 });
};

/** `yyyy-mm-ddThh:mm` from a datetime-local input (read as IST) -> an ISO instant; '' stays ''. */
export const istInputToIso = (value: string): string => (value === '' ? '' : new Date(`${value}:00+05:30`).toISOString());
