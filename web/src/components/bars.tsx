// Horizontal bars: a part of a whole (cards issued of eligible) with the percentage beside it. The bar is
// drawn for the eye; the figures beside it are the text screen readers and tests read.
import { formatNumber, formatPercent } from '../format.js';
import { useI18n } from '../i18n/index.js';

export interface BarItem {
  readonly key: string;
  readonly label: string;
  readonly value: number;
  readonly total: number;
  /** As the API computed it (one decimal); null when the whole is 0. */
  readonly percent: number | null;
}

export function Bar({ value, total }: { value: number; total: number }) {
  const width = total <= 0 ? 0 : Math.min(100, (value / total) * 100);
  return (
    <span class="bar" aria-hidden="true">
      <span class="bar-fill" style={{ width: `${width}%` }} />
    </span>
  );
}

export function BarList({ title, items, id }: { title: string; items: readonly BarItem[]; id: string }) {
  const { t } = useI18n();
  return (
    <section class="bars" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      <ul>
        {items.map((item) => (
          <li data-bar={item.key}>
            <span class="bar-label">{item.label}</span>
            <Bar value={item.value} total={item.total} />
            <span class="bar-figures">
              <span data-field="issued-of-eligible">
                {item.total === 0 ? t('noEligible') : t('issuedOfEligible', { issued: formatNumber(item.value), eligible: formatNumber(item.total) })}
              </span>{' '}
              <strong data-field="saturation">{formatPercent(item.percent)}</strong>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
