// Page cursors for list APIs: DynamoDB's LastEvaluatedKey, opaque to callers, checked on the way back in.
import { ValidationError } from '../core/errors.js';

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
