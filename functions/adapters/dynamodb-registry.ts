// The Registry port on the single DynamoDB table. Key layout (docs/data-model.md):
//   REG#<id> / REG               registration          gsi2: PRIMARY#<primaryId> / <createdAt>#<id> (dependents)
//   REG#<id> / AUDIT#<at>#<n>     audit event (append-only)
//   REG#<id> / OTP#mobile         mobile OTP state (hash only)
//   UNIQUE#<scheme>#<aadhaarToken> / UNIQUE     one card per Aadhaar per scheme
//   IDEMP#<scope>#<key> / IDEMP                 idempotency record (TTL)
//   RATE#MOBILE#<mobile token> / <hour>         SMS sends per mobile per hour (TTL); the token is a keyed hash
//   OTPGUARD#person#<scheme>#<personId> / OTPGUARD   a person's OTP lock and consecutive wrong codes (TTL)
//   OTPGUARD#mobile#<mobile token> / OTPGUARD        a mobile's OTP lock (TTL)
//   CARD#<cardNumber> / CARD                    issued card (with its QR text, and its revocation while revoked)
//   REVOKED / <cardNumber>                      a revoked card's entry in the revocation list (reason, when)
//   SEQ#<series> / SEQ                          counters (card numbers)
// The person (PERSON#...) is dynamodb-people.ts's.
import { randomBytes } from 'node:crypto';
import {
  BatchGetCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ConflictError, NotFoundError } from '../core/errors.js';
import type { OtpGuard, OtpState } from '../core/otp.js';
import type { Clock } from '../core/use-cases/deps.js';
import { conditionHeld } from './dynamodb-conditions.js';
import { queryAll, storedFields } from './dynamodb-cursor.js';
import { transactWrite } from './dynamodb-transactions.js';
import { currentRegistrationKey } from './dynamodb-progress.js';
import { indianDay, placeOf, progressKeyOf } from '../core/progress.js';
import { allowedFrom, canResume, terminalStatuses, type RegistrationStatus } from '../core/registration.js';
import type { RevokedCard } from '../core/revocations.js';
import type { CardRevocation, CardRevocationChange, Cards, IssuedCard } from '../ports/cards.js';
import type { IdempotencyRecords } from '../ports/idempotency.js';
import type { OtpCodes } from '../ports/otp-codes.js';
import type { MobileSendCounts, OtpGuards } from '../ports/otp-guards.js';
import type { Actor, AuditEvent, Registration, Registry, RelocateRequest, TransitionRequest } from '../ports/registry.js';
import type { Sequences } from '../ports/sequences.js';
import type { UniquenessClaim, UniquenessClaims } from '../ports/uniqueness-claims.js';

const registrationKey = (id: string) => ({ pk: `REG#${id}`, sk: 'REG' });
const claimKey = (scheme: string, token: string) => ({ pk: `UNIQUE#${scheme}#${token}`, sk: 'UNIQUE' });
const otpGuardKey = (key: string) => ({ pk: `OTPGUARD#${key}`, sk: 'OTPGUARD' });
const toOtpGuard = (item: Record<string, unknown>): OtpGuard => ({
  ...(typeof item.failures === 'number' ? { failures: item.failures } : {}),
  ...(typeof item.lastFailureAt === 'number' ? { lastFailureAt: item.lastFailureAt } : {}),
  ...(typeof item.lockedUntil === 'number' ? { lockedUntil: item.lockedUntil } : {}),
});
const auditItem = (registrationId: string, event: AuditEvent) => ({
  pk: `REG#${registrationId}`,
  sk: `AUDIT#${event.at}#${randomBytes(3).toString('hex')}`,
  kind: 'audit',
  ...event,
});

const inProgress = () =>
  new ConflictError({
    code: 'REGISTRATION_IN_PROGRESS',
    message: 'This person already has a registration in progress: continue that one, or start again once it has ended.',
  });

/**
 * DynamoDB cancels a transaction that touches an item another transaction is writing (the shared count items of
 * campaign progress, mostly), or when the table is over capacity: sent again after a random pause
 * (dynamodb-transactions.ts).
 */

export const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException ||
  (error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed'));

/** The condition that the registration is as it was read: its last change (`updatedAt`, which every change sets). */
const unchangedSince = (read: Registration) => (read.updatedAt === undefined ? 'attribute_not_exists(#updatedAt)' : '#updatedAt = :read');
const lastChange = (read: Registration): Record<string, unknown> => (read.updatedAt === undefined ? {} : { ':read': read.updatedAt });

/** The registration as a conditional write left it: what was read, with what was set and without what was removed. */
const afterChange = (read: Registration, set: Partial<Registration>, removed: readonly (keyof Registration)[]): Registration => {
  const after: Record<string, unknown> = { ...read };
  for (const [field, value] of Object.entries(set)) if (value !== undefined) after[field] = value;
  for (const field of removed) delete after[field];
  return after as unknown as Registration;
};

/** A Put of a transaction: the further items a status change writes (a claim, a card), both or neither. */
type AlsoPut = {
  readonly Put: { readonly TableName: string; readonly Item: Record<string, unknown>; readonly ConditionExpression?: string };
};

export class DynamoDbRegistry
  implements Registry, OtpCodes, OtpGuards, MobileSendCounts, IdempotencyRecords, UniquenessClaims, Cards, Sequences
{
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  private nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  async createRegistration(registration: Registration, actor: Actor): Promise<void> {
    const event: AuditEvent = { at: registration.createdAt, actor, from: null, to: registration.status, why: 'REGISTRATION_STARTED' };
    const progress = registration.progressKey === undefined ? [] : await this.takeOverPerson(registration);
    try {
      await this.writeNewRegistration(registration, event, progress);
    } catch (error) {
      if (isConditionFailure(error)) {
        const reasons = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
        if (reasons[0]?.Code !== 'ConditionalCheckFailed' && reasons.slice(2).some((reason) => reason.Code === 'ConditionalCheckFailed'))
          throw inProgress();
        throw new ConflictError({ code: 'REGISTRATION_EXISTS', message: 'This registration exists already.' });
      }
      throw error;
    }
  }

  /**
   * The person moves to this registration: allowed when they have none, or their latest one ended. The person's
   * CURRENT item names their latest registration (written only here, so a status change writes nothing of the
   * person); the one it names is read to see whether it ended, and marked superseded in the same transaction, on
   * condition it is still in the status read: the stream then stops counting it (whatever it does later).
   */
  private async takeOverPerson(registration: Registration): Promise<Record<string, unknown>[]> {
    const key = currentRegistrationKey(registration.scheme, registration.personId);
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    const held = typeof Item?.registrationId === 'string' ? Item.registrationId : undefined;
    const latest = held === undefined || held === registration.registrationId ? undefined : await this.getRegistration(held);
    if (latest !== undefined && !terminalStatuses.has(latest.status)) throw inProgress();
    const current = {
      Put: {
        TableName: this.tableName,
        Item: { ...key, kind: 'current-registration', registrationId: registration.registrationId, createdAt: registration.createdAt },
        ...(held === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'registrationId = :held', ExpressionAttributeValues: { ':held': held } }),
      },
    };
    if (latest === undefined) return [current];
    return [
      current,
      {
        Update: {
          TableName: this.tableName,
          Key: registrationKey(latest.registrationId),
          ConditionExpression: '#status = :status AND attribute_not_exists(supersededBy)',
          UpdateExpression: 'SET supersededBy = :by, supersededAt = :at',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': latest.status, ':by': registration.registrationId, ':at': registration.createdAt },
        },
      },
    ];
  }

  private async writeNewRegistration(
    registration: Registration,
    event: AuditEvent,
    progress: readonly Record<string, unknown>[],
  ): Promise<void> {
    await transactWrite(this.documents, {
      TransactItems: [
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...registrationKey(registration.registrationId),
              kind: 'registration',
              ...registration,
              ...(registration.primaryRegistrationId === undefined
                ? {}
                : {
                    gsi2pk: `PRIMARY#${registration.primaryRegistrationId}`,
                    gsi2sk: `${registration.createdAt}#${registration.registrationId}`,
                  }),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        { Put: { TableName: this.tableName, Item: auditItem(registration.registrationId, event) } },
        ...progress,
      ],
    });
  }

  async getRegistration(registrationId: string): Promise<Registration | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: registrationKey(registrationId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : storedFields<Registration>(Item);
  }

  transition(registrationId: string, request: TransitionRequest): Promise<Registration> {
    return this.transitionWith(registrationId, request, []);
  }

  /** The status change with further puts in the same transaction; a failed condition on one of them is ALREADY_CLAIMED. */
  private async transitionWith(registrationId: string, request: TransitionRequest, alsoPut: readonly AlsoPut[]): Promise<Registration> {
    // The workflow and the API move the same registration (e.g. AwaitEkyc opening while the person starts
    // e-KYC): when the status changed between read and write, read again; the rules decide if the move still holds.
    // A registration the caller read is used once: a change since then means reading it here, as without one.
    let read = request.read?.registrationId === registrationId ? request.read : undefined;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.transitionOnce(registrationId, request, alsoPut, read);
      } catch (error) {
        if (!(error instanceof ConflictError && error.code === 'CONCURRENT_CHANGE') || attempt >= 3) throw error;
        read = undefined;
      }
    }
  }

  private async transitionOnce(
    registrationId: string,
    request: TransitionRequest,
    alsoPut: readonly AlsoPut[],
    read: Registration | undefined,
  ): Promise<Registration> {
    const current = read ?? (await this.getRegistration(registrationId));
    if (current === undefined) throw new NotFoundError({ code: 'REGISTRATION_NOT_FOUND', message: 'No such registration.' });
    const from = allowedFrom[request.to];
    const resuming = request.resume === true && current.status === 'STOPPED' && canResume(current.stopped?.from, request.to);
    if ((!from.includes(current.status) && !resuming) || (request.onlyFrom !== undefined && current.status !== request.onlyFrom)) {
      throw new ConflictError({
        code: 'INVALID_STATUS',
        message: `A registration in ${current.status} cannot move to ${request.to}.`,
        details: {
          status: current.status,
        },
      });
    }
    const now = this.nowIso();
    const names: Record<string, string> = { '#status': 'status', '#updatedAt': 'updatedAt' };
    const values: Record<string, unknown> = { ':to': request.to, ':now': now, ':current': current.status, ...lastChange(current) };
    const sets = ['#status = :to', '#updatedAt = :now'];
    for (const [index, [field, value]] of Object.entries(request.set ?? {}).entries()) {
      if (value === undefined) continue;
      names[`#f${index}`] = field;
      values[`:v${index}`] = value;
      sets.push(`#f${index} = :v${index}`);
    }
    const removes = (request.remove ?? []).map((field, index) => {
      names[`#r${index}`] = String(field);
      return `#r${index}`;
    });
    const progressKey = this.progressKeyOfTransition(current, request, now);
    if (progressKey !== undefined && progressKey !== current.progressKey) {
      names['#progressKey'] = 'progressKey';
      values[':progressKey'] = progressKey;
      sets.push('#progressKey = :progressKey');
    }
    const event: AuditEvent = {
      at: now,
      actor: request.actor,
      from: current.status,
      to: request.to,
      why: request.why,
      ...(request.note === undefined ? {} : { note: request.note }),
    };
    try {
      // The registration read above must still be the registration (its status, and its last change): concurrent
      // changes lose, never interleave, and what is answered is exactly what was read plus what was written.
      await this.writeChange(
        registrationId,
        { condition: `#status = :current AND ${unchangedSince(current)}`, sets, removes, names, values },
        event,
        alsoPut,
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        const reasons = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
        const claimFailed = reasons.slice(2, 2 + alsoPut.length).some((reason) => reason.Code === 'ConditionalCheckFailed');
        throw new ConflictError({
          code: claimFailed ? 'ALREADY_CLAIMED' : 'CONCURRENT_CHANGE',
          message: claimFailed ? 'A conflicting record already exists.' : 'The registration changed meanwhile; read it again.',
        });
      }
      throw error;
    }
    return afterChange(
      current,
      { ...request.set, status: request.to, updatedAt: now, ...(progressKey === undefined ? {} : { progressKey }) },
      request.remove ?? [],
    );
  }

  async relocate(registrationId: string, request: RelocateRequest): Promise<Registration> {
    const current = await this.getRegistration(registrationId);
    if (current === undefined) throw new NotFoundError({ code: 'REGISTRATION_NOT_FOUND', message: 'No such registration.' });
    const now = this.nowIso();
    const to = placeOf(request.place);
    const names: Record<string, string> = { '#status': 'status', '#district': 'district', '#updatedAt': 'updatedAt' };
    const values: Record<string, unknown> = { ':status': current.status, ':from': current.district, ':now': now, ...lastChange(current) };
    const sets = ['#updatedAt = :now'];
    const removes: string[] = [];
    for (const field of ['district', 'block', 'village', 'department', 'ddoCode'] as const) {
      names[`#${field}`] = field;
      const value = to[field];
      if (value === undefined) removes.push(`#${field}`);
      else {
        values[`:${field}`] = value;
        sets.push(`#${field} = :${field}`);
      }
    }
    if (to.district !== current.district) {
      names['#migratedFrom'] = 'migratedFrom';
      values[':migratedFrom'] = {
        district: current.district,
        at: now,
        ...(request.requestFingerprint === undefined ? {} : { request: request.requestFingerprint }),
      };
      sets.push('#migratedFrom = :migratedFrom');
    }
    const event: AuditEvent = {
      at: now,
      actor: request.actor,
      from: current.status,
      to: current.status,
      why: request.why,
      ...(request.note === undefined ? {} : { note: request.note }),
    };
    // The district it leaves keeps the person counted under MIGRATED, for good (the stream counts each place listed).
    if (to.district !== current.district && current.progressKey !== undefined) {
      names['#countedBehind'] = 'countedBehind';
      values[':behind'] = [placeOf(current)];
      values[':none'] = [];
      sets.push('#countedBehind = list_append(if_not_exists(#countedBehind, :none), :behind)');
    }
    try {
      // Status and district as read: a registration that moved on meanwhile is not moved from a stale view.
      await this.writeChange(
        registrationId,
        { condition: `#status = :status AND #district = :from AND ${unchangedSince(current)}`, sets, removes, names, values },
        event,
        [],
      );
    } catch (error) {
      if (isConditionFailure(error))
        throw new ConflictError({ code: 'CONCURRENT_CHANGE', message: 'The registration changed meanwhile; read it again.' });
      throw error;
    }
    const moved: Record<string, unknown> = { updatedAt: now, ...to };
    if (to.district !== current.district) moved.migratedFrom = values[':migratedFrom'];
    const gone = (['district', 'block', 'village', 'department', 'ddoCode'] as const).filter((field) => to[field] === undefined);
    return afterChange(current, moved as Partial<Registration>, gone);
  }

  async annotate(
    registrationId: string,
    request: Pick<TransitionRequest, 'actor' | 'why' | 'note' | 'set' | 'remove'> & { readonly status: RegistrationStatus },
  ): Promise<void> {
    const now = this.nowIso();
    const names: Record<string, string> = { '#status': 'status', '#updatedAt': 'updatedAt' };
    const values: Record<string, unknown> = { ':status': request.status, ':now': now };
    const sets = ['#updatedAt = :now'];
    for (const [index, [field, value]] of Object.entries(request.set ?? {}).entries()) {
      names[`#s${index}`] = field;
      values[`:s${index}`] = value;
      sets.push(`#s${index} = :s${index}`);
    }
    const removes = (request.remove ?? []).map((field, index) => {
      names[`#r${index}`] = field;
      return `#r${index}`;
    });
    // Who, why and the note as asked; from and to the status it holds.
    const { status, set: _set, remove: _remove, ...said } = request;
    const event: AuditEvent = { at: now, from: status, to: status, ...said };
    try {
      await this.writeChange(registrationId, { condition: '#status = :status', sets, removes, names, values }, event, []);
    } catch (error) {
      if (isConditionFailure(error))
        throw new ConflictError({ code: 'INVALID_STATUS', message: `The registration is no longer ${request.status}.` });
      throw error;
    }
  }

  /** A registration's change, its audit event and what moves with it (claims, tasks, counts): one transaction. */
  private async writeChange(
    registrationId: string,
    change: {
      condition: string;
      sets: readonly string[];
      removes: readonly string[];
      names: Record<string, string>;
      values: Record<string, unknown>;
    },
    event: AuditEvent,
    alsoWrite: readonly Record<string, unknown>[],
  ): Promise<void> {
    await transactWrite(this.documents, {
      TransactItems: [
        {
          Update: {
            TableName: this.tableName,
            Key: registrationKey(registrationId),
            ConditionExpression: change.condition,
            UpdateExpression: `SET ${change.sets.join(', ')}${change.removes.length > 0 ? ` REMOVE ${change.removes.join(', ')}` : ''}`,
            ExpressionAttributeNames: change.names,
            ExpressionAttributeValues: change.values,
          },
        },
        { Put: { TableName: this.tableName, Item: auditItem(registrationId, event) } },
        ...alsoWrite,
      ],
    });
  }

  /** The progress key a status change leaves the registration counted under (the stream moves the counts). */
  private progressKeyOfTransition(current: Registration, request: TransitionRequest, now: string): string | undefined {
    if (current.progressKey === undefined) return undefined;
    return progressKeyOf(request.to, {
      ...(request.set?.reason === undefined ? {} : { reasonCode: request.set.reason.code }),
      // A resumed registration is counted again under the key it was stopped under (a pending case keeps its age).
      previousKey: current.status === 'STOPPED' ? (current.stopped?.progressKey ?? current.progressKey) : current.progressKey,
      previousStatus: current.status,
      day: indianDay(Date.parse(now)),
    });
  }

  async update(registrationId: string, set: TransitionRequest['set'], expectStatus: readonly RegistrationStatus[]): Promise<Registration> {
    const names: Record<string, string> = { '#status': 'status', '#updatedAt': 'updatedAt' };
    const values: Record<string, unknown> = { ':now': this.nowIso() };
    const sets = ['#updatedAt = :now'];
    for (const [index, [field, value]] of Object.entries(set ?? {}).entries()) {
      names[`#f${index}`] = field;
      values[`:v${index}`] = value;
      sets.push(`#f${index} = :v${index}`);
    }
    const allowed = expectStatus.map((status, index) => {
      values[`:s${index}`] = status;
      return `:s${index}`;
    });
    try {
      // The item as written comes back with the write (no read after it).
      const { Attributes } = await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: registrationKey(registrationId),
          ConditionExpression: `#status IN (${allowed.join(', ')})`,
          UpdateExpression: `SET ${sets.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return storedFields<Registration>(Attributes ?? {});
    } catch (error) {
      if (isConditionFailure(error))
        throw new ConflictError({ code: 'CONCURRENT_CHANGE', message: 'The registration changed meanwhile; read it again.' });
      throw error;
    }
  }

  async holdCardSms(registrationId: string, holder: string, now: string, until: string): Promise<boolean> {
    return conditionHeld(
      this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: registrationKey(registrationId),
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(cardNotifiedAt) AND (attribute_not_exists(cardSmsHold) OR cardSmsHold.#until < :now)',
          UpdateExpression: 'SET cardSmsHold = :hold',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':hold': { holder, until }, ':now': now },
        }),
      ),
    );
  }

  async releaseCardSms(registrationId: string, holder: string): Promise<void> {
    // Refused when it was taken over after it ran out: the hold is another attempt's now.
    await conditionHeld(
      this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: registrationKey(registrationId),
          ConditionExpression: 'cardSmsHold.holder = :holder',
          UpdateExpression: 'REMOVE cardSmsHold',
          ExpressionAttributeValues: { ':holder': holder },
        }),
      ),
    );
  }

  async audit(registrationId: string): Promise<AuditEvent[]> {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: { ':pk': `REG#${registrationId}`, ':audit': 'AUDIT#' },
      ConsistentRead: true,
    });
    return items.map((item) => storedFields<AuditEvent>(item));
  }

  async dependentsOf(primaryRegistrationId: string): Promise<Registration[]> {
    const page = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': `PRIMARY#${primaryRegistrationId}` },
      }),
    );
    return (page.Items ?? []).map((item) => storedFields<Registration>(item));
  }

  async getOtp(registrationId: string): Promise<OtpState | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `REG#${registrationId}`, sk: 'OTP#mobile' }, ConsistentRead: true }),
    );
    return Item === undefined ? undefined : storedFields<OtpState>(Item);
  }

  async putOtp(registrationId: string, state: OtpState, expected: OtpState | undefined): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `REG#${registrationId}`,
            sk: 'OTP#mobile',
            kind: 'otp',
            ...state,
            expiresAt: Math.floor(state.validUntil / 1000) + 86_400,
          },
          // Compare-and-set on the code and the counters: concurrent wrong tries cannot both count as one.
          ...(expected === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#hash = :hash AND wrongAttempts = :attempts AND resends = :resends AND used = :used',
                ExpressionAttributeNames: { '#hash': 'hash' },
                ExpressionAttributeValues: {
                  ':hash': expected.hash,
                  ':attempts': expected.wrongAttempts,
                  ':resends': expected.resends,
                  ':used': expected.used,
                },
              }),
        }),
      );
    } catch (error) {
      if (isConditionFailure(error))
        throw new ConflictError({ code: 'CONCURRENT_CHANGE', message: 'The code changed meanwhile; try again.' });
      throw error;
    }
  }

  async countMobileSend(mobileToken: string, limit: number, now: number): Promise<boolean> {
    const hour = Math.floor(now / 3_600_000);
    return conditionHeld(
      this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          // A keyed hash, not the number: keys show up in metrics, logs of throttling, exports. An unkeyed hash of a
          // 10-digit number is undone by hashing every number (10^10, minutes on a laptop).
          Key: { pk: `RATE#MOBILE#${mobileToken}`, sk: String(hour) },
          UpdateExpression: 'ADD sends :one SET expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(sends) OR sends < :limit',
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': (hour + 2) * 3600 },
        }),
      ),
    );
  }

  async getOtpGuard(key: string): Promise<OtpGuard | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: otpGuardKey(key), ConsistentRead: true }));
    return Item === undefined ? undefined : toOtpGuard(Item);
  }

  async getOtpGuards(keys: readonly string[]): Promise<(OtpGuard | undefined)[]> {
    const { Responses, UnprocessedKeys } = await this.documents.send(
      new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys.map(otpGuardKey), ConsistentRead: true } } }),
    );
    // Keys DynamoDB left unread (throttled) are read one by one: a lock is never missed for want of a retry.
    if (Object.keys(UnprocessedKeys ?? {}).length > 0) return Promise.all(keys.map((key) => this.getOtpGuard(key)));
    const found = new Map((Responses?.[this.tableName] ?? []).map((item) => [String(item.pk), item]));
    return keys.map((key) => {
      const item = found.get(otpGuardKey(key).pk);
      return item === undefined ? undefined : toOtpGuard(item);
    });
  }

  async countOtpFailure(key: string, now: number, forgetBefore: number): Promise<number> {
    // Kept a day past the last wrong code; a lock set meanwhile keeps the item at least as long (lockOtp).
    const values = { ':one': 1, ':now': now, ':forget': forgetBefore, ':expires': Math.floor(now / 1000) + 2 * 86_400 };
    for (let attempt = 1; ; attempt += 1) {
      try {
        // Still remembered: one more. Atomic, so two wrong codes at once count twice.
        const { Attributes } = await this.documents.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: otpGuardKey(key),
            UpdateExpression: 'ADD failures :one SET lastFailureAt = :now, expiresAt = :expires',
            ConditionExpression: 'attribute_not_exists(lastFailureAt) OR lastFailureAt > :forget',
            ExpressionAttributeValues: values,
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        return Number(Attributes?.failures);
      } catch (error) {
        if (!isConditionFailure(error) || attempt >= 3) throw error;
      }
      try {
        // Forgotten: this wrong code is the first again.
        await this.documents.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: otpGuardKey(key),
            UpdateExpression: 'SET failures = :one, lastFailureAt = :now, expiresAt = :expires',
            ConditionExpression: 'lastFailureAt <= :forget',
            ExpressionAttributeValues: values,
          }),
        );
        return 1;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
  }

  async clearOtpFailures(key: string): Promise<void> {
    await conditionHeld(
      this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: otpGuardKey(key),
          UpdateExpression: 'REMOVE failures, lastFailureAt',
          ConditionExpression: 'attribute_exists(pk)',
        }),
      ),
    );
  }

  async lockOtp(keys: readonly string[], until: number): Promise<void> {
    for (const key of keys) {
      await conditionHeld(
        this.documents.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: otpGuardKey(key),
            UpdateExpression: 'SET lockedUntil = :until, expiresAt = :expires',
            ConditionExpression: 'attribute_not_exists(lockedUntil) OR lockedUntil < :until',
            ExpressionAttributeValues: { ':until': until, ':expires': Math.floor(until / 1000) + 2 * 86_400 },
          }),
        ),
      );
    }
  }

  async findIdempotent(scope: string, key: string) {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `IDEMP#${scope}#${key}`, sk: 'IDEMP' }, ConsistentRead: true }),
    );
    return Item === undefined ? undefined : { requestHash: String(Item.requestHash), registrationId: String(Item.registrationId) };
  }

  async releaseIdempotent(scope: string, key: string, registrationId: string): Promise<void> {
    await conditionHeld(
      this.documents.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: `IDEMP#${scope}#${key}`, sk: 'IDEMP' },
          ConditionExpression: 'registrationId = :id',
          ExpressionAttributeValues: { ':id': registrationId },
        }),
      ),
    );
  }

  async claimIdempotent(scope: string, key: string, requestHash: string, registrationId: string): Promise<boolean> {
    return conditionHeld(
      this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `IDEMP#${scope}#${key}`,
            sk: 'IDEMP',
            kind: 'idempotency',
            requestHash,
            registrationId,
            // Keys are kept 7 days, longer than any portal retries.
            expiresAt: Math.floor(this.clock.now() / 1000) + 7 * 86_400,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async findClaim(scheme: string, aadhaarToken: string) {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: claimKey(scheme, aadhaarToken), ConsistentRead: true }),
    );
    if (Item === undefined) return undefined;
    return {
      registrationId: String(Item.registrationId),
      ...(typeof Item.cardNumber === 'string' ? { cardNumber: Item.cardNumber } : {}),
    };
  }

  claimWithTransition(claim: UniquenessClaim, registrationId: string, move: TransitionRequest): Promise<Registration> {
    const item = {
      ...claimKey(claim.scheme, claim.aadhaarToken),
      kind: 'uniqueness-claim',
      scheme: claim.scheme,
      registrationId,
      claimedAt: this.nowIso(),
    };
    return this.transitionWith(registrationId, move, [
      { Put: { TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    ]);
  }

  async recordCardOnClaim(scheme: string, aadhaarToken: string, cardNumber: string): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: claimKey(scheme, aadhaarToken),
        UpdateExpression: 'SET cardNumber = :card',
        ExpressionAttributeValues: { ':card': cardNumber },
      }),
    );
  }

  issueCard(card: IssuedCard, move: TransitionRequest): Promise<Registration> {
    return this.transitionWith(card.registrationId, move, [
      { Put: { TableName: this.tableName, Item: { pk: `CARD#${card.cardNumber}`, sk: 'CARD', kind: 'card', ...card } } },
    ]);
  }

  revokeCard(cardNumber: string, revocation: CardRevocation, change: CardRevocationChange) {
    return this.changeRevocation(cardNumber, change, {
      condition: 'attribute_exists(pk) AND attribute_not_exists(revocation)',
      update: 'SET revocation = :revocation',
      values: { ':revocation': revocation },
      registration: {
        update: 'SET cardRevocation = :mark, #updatedAt = :now',
        values: { ':mark': { reasonCode: revocation.reasonCode, revokedAt: revocation.revokedAt } },
      },
      listEntry: {
        Put: {
          TableName: this.tableName,
          Item: {
            pk: 'REVOKED',
            sk: cardNumber,
            kind: 'revokedCard',
            cardNumber,
            reasonCode: revocation.reasonCode,
            revokedAt: revocation.revokedAt,
          },
        },
      },
      why: 'CARD_REVOKED',
    });
  }

  reinstateCard(cardNumber: string, change: CardRevocationChange) {
    return this.changeRevocation(cardNumber, change, {
      condition: 'attribute_exists(pk) AND attribute_exists(revocation)',
      update: 'REMOVE revocation',
      values: {},
      registration: { update: 'SET #updatedAt = :now REMOVE cardRevocation', values: {} },
      listEntry: { Delete: { TableName: this.tableName, Key: { pk: 'REVOKED', sk: cardNumber } } },
      why: 'CARD_REINSTATED',
    });
  }

  /** The card's change, the registration's mark and audit event, the list's entry: one transaction, or nothing when the card is already so. */
  private async changeRevocation(
    cardNumber: string,
    change: CardRevocationChange,
    write: {
      condition: string;
      update: string;
      values: Record<string, unknown>;
      registration: { update: string; values: Record<string, unknown> };
      listEntry: Record<string, unknown>;
      why: string;
    },
  ): Promise<{ card: IssuedCard; changed: boolean }> {
    const card = await this.getCard(cardNumber);
    if (card === undefined) throw new NotFoundError({ code: 'CARD_NOT_FOUND', message: 'No such card.' });
    const now = this.nowIso();
    const event: AuditEvent = {
      at: now,
      actor: change.actor,
      from: change.registrationStatus,
      to: change.registrationStatus,
      why: write.why,
      ...(change.note === undefined ? {} : { note: change.note }),
    };
    try {
      await transactWrite(this.documents, {
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: { pk: `CARD#${cardNumber}`, sk: 'CARD' },
              ConditionExpression: write.condition,
              UpdateExpression: write.update,
              ...(Object.keys(write.values).length === 0 ? {} : { ExpressionAttributeValues: write.values }),
            },
          },
          {
            Update: {
              TableName: this.tableName,
              Key: registrationKey(card.registrationId),
              ConditionExpression: 'attribute_exists(pk)',
              UpdateExpression: write.registration.update,
              ExpressionAttributeNames: { '#updatedAt': 'updatedAt' },
              ExpressionAttributeValues: { ':now': now, ...write.registration.values },
            },
          },
          { Put: { TableName: this.tableName, Item: auditItem(card.registrationId, event) } },
          write.listEntry,
        ],
      });
    } catch (error) {
      // Revoked (or reinstated) already: a repeat changes nothing.
      if (isConditionFailure(error)) return { card: (await this.getCard(cardNumber)) ?? card, changed: false };
      throw error;
    }
    return { card: (await this.getCard(cardNumber)) ?? card, changed: true };
  }

  async revokedCards(): Promise<RevokedCard[]> {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'REVOKED' },
      ProjectionExpression: 'cardNumber, reasonCode',
    });
    return items.map((item) => ({ cardNumber: item.cardNumber as string, reasonCode: item.reasonCode as RevokedCard['reasonCode'] }));
  }

  async getCard(cardNumber: string): Promise<IssuedCard | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `CARD#${cardNumber}`, sk: 'CARD' } }),
    );
    return Item === undefined ? undefined : storedFields<IssuedCard>(Item);
  }

  async nextSequence(series: string): Promise<number> {
    const { Attributes } = await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `SEQ#${series}`, sk: 'SEQ' },
        UpdateExpression: 'ADD #value :one',
        ExpressionAttributeNames: { '#value': 'value' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.value);
  }
}
