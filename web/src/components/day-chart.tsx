// A chart of one figure per day (cards issued, the pending backlog): bars or a line on one axis from 0 to the
// largest value, drawn as SVG that scales with its box. Written here rather than taken from a charting library:
// two small charts need about eighty lines, where the smallest well-kept libraries (uPlot, Chart.js) would add
// 45-200 kB to a bundle that is otherwise Preact and the views. The figures are also a table under the chart,
// which screen readers and tests read.
import { formatNumber } from '../format.js';
import { useI18n } from '../i18n/index.js';

export interface DayValue {
  /** YYYY-MM-DD */
  readonly day: string;
  readonly value: number;
}

/** The drawing's frame in SVG units (it scales with its box): the plot sits inside the margins for the axis labels. */
const [width, height, left, bottom, top] = [560, 160, 36, 20, 8] as const;

/** 12-03 from 2026-12-03: the day of the month and the month, as the axis writes them. */
const shortDay = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}`;

export function DayChart({
  id,
  title,
  values,
  kind,
  valueLabel,
  drillDown,
}: {
  id: string;
  title: string;
  values: readonly DayValue[];
  kind: 'bars' | 'line';
  valueLabel: string;
  /** Where a day's figure leads (the people behind it), if anywhere. */
  drillDown?: (day: string) => string | undefined;
}) {
  const { t } = useI18n();
  const max = Math.max(1, ...values.map((entry) => entry.value));
  const slot = (width - left) / Math.max(1, values.length);
  const y = (value: number) => top + (height - top - bottom) * (1 - value / max);
  const x = (index: number) => left + slot * index + slot / 2;
  const points = values.map((entry, index) => `${x(index).toFixed(1)},${y(entry.value).toFixed(1)}`).join(' ');
  const first = values[0];
  const last = values.at(-1);
  return (
    <figure class="day-chart" data-chart={id} aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} preserveAspectRatio="xMidYMid meet">
        <line class="axis" x1={left} y1={y(0)} x2={width} y2={y(0)} />
        <line class="grid" x1={left} y1={y(max)} x2={width} y2={y(max)} />
        <text class="axis-label" x={left - 4} y={y(max) + 4} text-anchor="end">
          {formatNumber(max)}
        </text>
        <text class="axis-label" x={left - 4} y={y(0) + 4} text-anchor="end">
          0
        </text>
        {kind === 'line' ? <polyline class="chart-line" points={points} fill="none" /> : null}
        {values.map((entry, index) =>
          kind === 'bars' ? (
            <rect
              class="chart-bar"
              data-day={entry.day}
              data-value={entry.value}
              x={(x(index) - slot * 0.35).toFixed(1)}
              y={y(entry.value).toFixed(1)}
              width={(slot * 0.7).toFixed(1)}
              height={(y(0) - y(entry.value)).toFixed(1)}
            >
              <title>{`${entry.day}: ${formatNumber(entry.value)}`}</title>
            </rect>
          ) : (
            <circle class="chart-point" data-day={entry.day} data-value={entry.value} cx={x(index).toFixed(1)} cy={y(entry.value).toFixed(1)} r="2.5">
              <title>{`${entry.day}: ${formatNumber(entry.value)}`}</title>
            </circle>
          ),
        )}
        {first === undefined || last === undefined ? null : (
          <>
            <text class="axis-label" x={x(0)} y={height - 4} text-anchor="start">
              {shortDay(first.day)}
            </text>
            <text class="axis-label" x={x(values.length - 1)} y={height - 4} text-anchor="end">
              {shortDay(last.day)}
            </text>
          </>
        )}
      </svg>
      <details class="chart-figures">
        <summary>{t('chartFigures')}</summary>
        <div class="table-wrap" role="region" aria-label={title} tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('day')}</th>
                <th scope="col" class="numeric">
                  {valueLabel}
                </th>
              </tr>
            </thead>
            <tbody>
              {[...values].reverse().map((entry) => {
                const target = entry.value > 0 ? drillDown?.(entry.day) : undefined;
                return (
                  <tr data-row={entry.day}>
                    <th scope="row">{entry.day}</th>
                    <td class="numeric" data-field="value">
                      {target === undefined ? formatNumber(entry.value) : <a href={target}>{formatNumber(entry.value)}</a>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
