// What the CLI prints: aligned tables (cli-table3 measures Devanagari and other wide text by its display
// width), numbers grouped the Indian way (28,95,434), times in IST, the way district offices read them.
import Table from 'cli-table3';
import { istOffsetMs } from './time.js';

export interface Column {
  readonly header: string;
  readonly align?: 'left' | 'right';
}

const borderless = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '  ',
};

/** A plain table: a header row, then the rows, columns two spaces apart, no borders, no colours. */
export const table = (columns: readonly Column[], rows: readonly (readonly string[])[]): string => {
  const aligns = columns.map((column) => column.align ?? 'left');
  const rendered = new Table({
    head: columns.map((column) => column.header),
    chars: borderless,
    colAligns: aligns,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  rendered.push(...rows.map((row) => [...row]));
  return rendered
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
};

const indian = new Intl.NumberFormat('en-IN');

export const count = (value: number | null | undefined): string => (value === null || value === undefined ? '-' : indian.format(value));

export const percent = (value: number | null | undefined): string => (value === null || value === undefined ? '-' : `${value.toFixed(1)}%`);

/** An instant as India reads it: `2026-12-01 18:45 IST`. */
export const ist = (iso: string | undefined): string => {
  if (iso === undefined) return '-';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms + istOffsetMs).toISOString().slice(0, 16).replace('T', ' ')} IST`;
};

export const duration = (ms: number): string => {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
};

export const size = (bytes: number): string => {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
};

export const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
