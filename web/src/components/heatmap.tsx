// A heat-map: rows by columns of counts, each cell shaded by its count against the largest one, with the count
// written in it (the shade is for seeing at a glance, the number for reading).
import { heatLevel, type HeatRow } from '../derived.js';
import { formatNumber } from '../format.js';
import { DataTable, type Column } from './table.js';

export function HeatMap({
  caption,
  rowHeader,
  columns,
  rows,
  footer,
  totalLabel,
}: {
  caption: string;
  rowHeader: string;
  columns: readonly { key: string; label: string }[];
  rows: readonly HeatRow[];
  /** A summary row (the whole district), shaded on the rows' scale but not part of it. */
  footer?: HeatRow;
  totalLabel: string;
}) {
  const max = Math.max(0, ...rows.flatMap((row) => columns.map((column) => row.cells[column.key] ?? 0)));
  const tableColumns: Column<HeatRow>[] = [
    { key: 'name', label: rowHeader, render: (row) => row.label },
    ...columns.map(
      (column): Column<HeatRow> => ({
        key: column.key,
        label: column.label,
        numeric: true,
        render: (row) => {
          const value = row.cells[column.key] ?? 0;
          return <span class={`heat heat-${heatLevel(value, max)}`}>{formatNumber(value)}</span>;
        },
      }),
    ),
    { key: 'total', label: totalLabel, numeric: true, render: (row) => <strong>{formatNumber(row.total)}</strong> },
  ];
  return <DataTable caption={caption} columns={tableColumns} rows={rows} rowKey={(row) => row.key} {...(footer === undefined ? {} : { footer })} />;
}
