// A count that opens the list of people behind it. The campaign view says which campaign and district its counts
// belong to; a table of one district's blocks narrows the district; outside a campaign view a count is plain text.
import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import { formatNumber } from '../format.js';
import { peopleHref } from '../review.js';

export interface DrillScope {
  readonly campaignId: string;
  readonly district?: string | undefined;
}

export const DrillContext = createContext<DrillScope | undefined>(undefined);

/** `of`: the key the people route lists the count by; none when it lists nobody for it. */
export function Count({ value, of, block, district }: { value: number; of: string | undefined; block?: string | undefined; district?: string | undefined }) {
  const scope = useContext(DrillContext);
  const place = district ?? scope?.district;
  // Counts of every district together open nothing: the people are listed one district at a time.
  if (scope === undefined || place === undefined || of === undefined || value <= 0) return <>{formatNumber(value)}</>;
  return (
    <a class="count-link" data-drill={of} href={peopleHref({ campaignId: scope.campaignId, district: place, block, key: of })}>
      {formatNumber(value)}
    </a>
  );
}

/** Narrows the counts inside to one district (a table of that district's blocks). */
export function DrillDistrict({ district, children }: { district: string; children: ComponentChildren }) {
  const scope = useContext(DrillContext);
  return scope === undefined ? <>{children}</> : <DrillContext.Provider value={{ ...scope, district }}>{children}</DrillContext.Provider>;
}
