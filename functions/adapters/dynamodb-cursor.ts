// Reading lists from the table: page cursors for list APIs (DynamoDB's LastEvaluatedKey, opaque to callers,
// checked on the way back in), one page from a cursor, every page of a query, and an item without its keys.
import { paginateQuery, QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../core/errors.js';

type Item = Record<string, unknown>;

export const encodeCursor = (key: Record<string, unknown> | undefined): string | undefined =>
  key === undefined ? undefined : Buffer.from(JSON.stringify(key)).toString('base64url');

export const decodeCursor = (cursor: string | undefined): Record<string, unknown> | undefined => {
  if (cursor === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (parsed !== null && typeof parsed === 'object' && 'pk' in parsed) return parsed as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw new ValidationError({ code: 'BAD_CURSOR', message: 'The cursor is not one this API gave out.' });
};

/** One page of a list API: the query from where `cursor` left off, and the cursor of the next page if there is one. */
export const queryPage = async (
  documents: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
  cursor: string | undefined,
): Promise<{ items: Item[]; cursor?: string }> => {
  const page = await documents.send(new QueryCommand({ ...input, ExclusiveStartKey: decodeCursor(cursor) }));
  const next = encodeCursor(page.LastEvaluatedKey);
  return { items: page.Items ?? [], ...(next === undefined ? {} : { cursor: next }) };
};

/** Every item a query finds, page after page (a registration's audit events, an import's chunks). */
export const queryAll = async (documents: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Item[]> => {
  const items: Item[] = [];
  for await (const page of paginateQuery({ client: documents }, input)) items.push(...(page.Items ?? []));
  return items;
};

/** An item's own fields: without the table's keys, index keys, item kind and TTL. */
export const storedFields = <T>(item: Item): T => {
  const { pk: _pk, sk: _sk, kind: _kind, gsi1pk: _g1, gsi1sk: _g1s, gsi2pk: _g2, gsi2sk: _g2s, expiresAt: _e, ...fields } = item;
  return fields as T;
};
