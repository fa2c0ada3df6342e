// Numbers the Indian way (28,95,434), times in IST, in the person's language. Digits stay Latin in Hindi too,
// as district reports write them.
import type { Language } from './i18n/index.js';

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
  return new Intl.DateTimeFormat(locale(language), { timeZone: 'Asia/Kolkata', dateStyle: 'medium', timeStyle: 'medium' }).format(date);
};

export const formatDuration = (ms: number | undefined): string => {
  if (ms === undefined) return '—';
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ${minutes % 60} min` : `${Math.floor(hours / 24)} d ${hours % 24} h`;
};

/** `yyyy-mm-ddThh:mm` from a datetime-local input (read as IST) -> an ISO instant; '' stays ''. */
export const istInputToIso = (value: string): string => (value === '' ? '' : new Date(`${value}:00+05:30`).toISOString());
