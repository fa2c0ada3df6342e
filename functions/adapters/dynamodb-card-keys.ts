// The card keys' ledger on the table: one item a key, CARDKEY / <kid>, holding its public JWK and the span of the
// cards it signed. Each bound is widened by a conditional write (a smaller first, a later last), so signers in
// several containers, retries with an older `issuedAt` among them, agree without reading first.
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { JWK } from 'jose';
import type { CardKeyLedger, SignedCardKey } from '../ports/card-keys.js';
import { conditionHeld } from './dynamodb-conditions.js';
import { queryAll } from './dynamodb-cursor.js';

export class DynamoDbCardKeyLedger implements CardKeyLedger {
  /** What this container has written per kid: a bound it already holds needs no write. */
  private readonly written = new Map<string, { first: string; last: string; validUntil: string }>();

  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordSigning(jwk: JWK, issuedAt: string, validUntil: string): Promise<void> {
    const kid = jwk.kid as string;
    const known = this.written.get(kid);
    const key = { pk: 'CARDKEY', sk: kid };
    // `also` names further attributes set with the first bound (the key itself, the item's kind).
    const widen = (attribute: string, comparison: '<' | '>', value: string, also: Record<string, unknown> = {}) => {
      const names = Object.keys(also);
      return conditionHeld(
        this.documents.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key,
            ConditionExpression: `attribute_not_exists(#bound) OR #bound ${comparison} :value`,
            UpdateExpression: `SET #bound = :value${names.map((name, index) => `, #a${index} = :a${index}`).join('')}`,
            ExpressionAttributeNames: { '#bound': attribute, ...Object.fromEntries(names.map((name, index) => [`#a${index}`, name])) },
            ExpressionAttributeValues: { ':value': value, ...Object.fromEntries(names.map((name, index) => [`:a${index}`, also[name]])) },
          }),
        ),
      );
    };
    if (known === undefined || issuedAt < known.first) {
      await widen('firstIssuedAt', '>', issuedAt, { jwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, kid }, kind: 'cardKey' });
    }
    if (known === undefined || issuedAt > known.last) await widen('lastIssuedAt', '<', issuedAt);
    if (known === undefined || validUntil > known.validUntil) await widen('lastValidUntil', '<', validUntil);
    this.written.set(kid, {
      first: known === undefined || issuedAt < known.first ? issuedAt : known.first,
      last: known === undefined || issuedAt > known.last ? issuedAt : known.last,
      validUntil: known === undefined || validUntil > known.validUntil ? validUntil : known.validUntil,
    });
  }

  async signedKeys(): Promise<SignedCardKey[]> {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'CARDKEY' },
      ConsistentRead: true,
    });
    return items
      .filter((item) => typeof item.firstIssuedAt === 'string' && typeof item.lastIssuedAt === 'string' && item.jwk !== undefined)
      .map((item) => ({
        jwk: item.jwk as JWK,
        firstIssuedAt: item.firstIssuedAt as string,
        lastIssuedAt: item.lastIssuedAt as string,
        lastValidUntil: (item.lastValidUntil as string | undefined) ?? (item.lastIssuedAt as string).slice(0, 10),
      }));
  }
}
