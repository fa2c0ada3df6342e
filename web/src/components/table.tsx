// The one table every view uses: a caption, labelled columns, numbers right-aligned, and a box that scrolls
// sideways on its own (keyboard too) so that a wide table never widens the page on a phone, and says so when it
// does. The caption is for screen readers: every table sits under a visible heading that names it already.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../i18n/index.js';

export interface Column<T> {
  /** Also the cell's `data-field`, which tests and screen-scrapers can rely on. */
  readonly key: string;
  readonly label: ComponentChildren;
  readonly numeric?: boolean;
  readonly render: (row: T) => ComponentChildren;
}

export function DataTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  empty,
  footer,
}: {
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  empty?: string;
  footer?: T;
}) {
  const cells = (row: T) =>
    columns.map((column, index) =>
      index === 0 ? (
        <th scope="row" data-field={column.key}>
          {column.render(row)}
        </th>
      ) : (
        <td data-field={column.key} class={column.numeric === true ? 'numeric' : undefined}>
          {column.render(row)}
        </td>
      ),
    );
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const element = box.current;
    if (element === null) return undefined;
    const measure = () => setScrolls(element.scrollWidth > element.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    const table = element.firstElementChild;
    if (table !== null) observer.observe(table);
    return () => observer.disconnect();
  }, []);
  return (
    <>
      {scrolls ? (
        <p class="small table-scrolls" data-scroll-hint>
          {t('tableScrolls')} →
        </p>
      ) : null}
      <div class="table-wrap" role="region" aria-label={caption} tabIndex={0} ref={box} data-scrolls={scrolls ? 'true' : 'false'}>
        <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" class={column.numeric === true ? 'numeric' : undefined}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && empty !== undefined ? (
            <tr>
              <td colSpan={columns.length} class="empty">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => <tr data-row={rowKey(row)}>{cells(row)}</tr>)
          )}
        </tbody>
        {footer === undefined ? null : (
          <tfoot>
            <tr data-row="total">{cells(footer)}</tr>
          </tfoot>
        )}
        </table>
      </div>
    </>
  );
}
