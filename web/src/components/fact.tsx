// Facts of one thing (`<dl class="facts">`): each its label, and its value under a data-field tests can read; a fact
// without a value is left out.
import type { ComponentChildren } from 'preact';

export type FactItem = readonly [field: string, label: string, value: ComponentChildren];

export function Facts({ items }: { items: readonly FactItem[] }) {
  return (
    <dl class="facts">
      {items
        .filter(([, , value]) => value !== undefined && value !== null)
        .map(([field, label, value]) => (
          <div>
            <dt>{label}</dt>
            <dd data-field={field}>{value}</dd>
          </div>
        ))}
    </dl>
  );
}

/** A labelled choice among values, each in words. */
export function Choice<T extends string>({
  name,
  label,
  value,
  options,
  words,
  onChoose,
  required,
}: {
  name: string;
  label: string;
  value: T | '';
  options: readonly { value: T | ''; words: string }[] | readonly T[];
  words?: (option: T) => string;
  onChoose: (value: T | '') => void;
  required?: boolean;
}) {
  const listed = options.map((option) => (typeof option === 'string' ? { value: option, words: words?.(option) ?? option } : option));
  return (
    <label>
      <span>{label}</span>
      <select name={name} required={required} value={value} onChange={(event) => onChoose((event.target as HTMLSelectElement).value as T | '')}>
        {listed.map((option) => (
          <option value={option.value}>{option.words}</option>
        ))}
      </select>
    </label>
  );
}
