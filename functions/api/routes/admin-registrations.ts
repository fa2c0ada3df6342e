// Admin actions on registrations: a migrant's pending case moved to the district the person lives in now, and
// registrations looked up by id for reconciliation (healthcard verify). Declarations and schemas; the handlers
// are in functions/api/admin-registrations.ts.
import { waitingStepNames } from '../../core/steps.js';
import * as z from 'zod';
import { idempotencyKeyPattern } from '../../core/use-cases/start-registration.js';
import { defineRoutes } from './define.js';
import {
  adminsByDistrict,
  blockIssue,
  canonicalBlock,
  districtName,
  freeText,
  lookupResult,
  placeName,
  requestBody,
  shortText,
  view,
} from './shared.js';

export const MigrateBody = z
  .object({
    district: districtName.meta({ description: 'The district the person lives in now' }),
    block: placeName(80).optional(),
    village: placeName(80).optional(),
    ddoCode: shortText(40).optional().meta({ description: 'The DDO who approves there (a transferred employee); kept when absent' }),
    note: freeText(300).min(5).meta({ description: 'Why: recorded in the audit trail' }),
  })
  .strict()
  .superRefine(blockIssue)
  .overwrite(canonicalBlock)
  .meta({ id: 'Migrate' });

export const MigratedView = view('Migrated', {
  registrationId: z.string(),
  status: z.string(),
  district: z.string(),
  block: z.string().optional(),
  approvalQueue: z.string().optional().meta({ description: 'Where an open approval waits now' }),
  migratedFrom: z.object({ district: z.string(), at: z.string() }).optional(),
});

// ---- Reconciliation: accepted requests and roster rows accounted for (healthcard verify) -----------------------

export const RegistrationLookupBody = requestBody(
  'RegistrationLookup',
  {
    items: z
      .array(
        z
          .object({
            registrationId: z.uuid(),
            idempotencyKey: z.string().regex(idempotencyKeyPattern, 'an Idempotency-Key: 8-128 letters, digits, - or _').optional().meta({
              description: 'The key the client started it with: the answer says which registration the key names',
            }),
          })
          .strict(),
      )
      .min(1)
      .max(100),
  },
  'Registrations a client was answered for, up to 100 at a time',
);

export const RegistrationLookupView = lookupResult('RegistrationLookupResult', {
  registrationId: z.string(),
  found: z.boolean().meta({ description: 'False for a registration that does not exist or is not in one of your districts' }),
  status: z.string().optional().meta({ description: 'A RegistrationStatus' }),
  reasonCode: z.string().optional(),
  scheme: z.string().optional(),
  district: z.string().optional(),
  personId: z.string().optional().meta({ description: 'The roster person (scheme and person id say who: one open registration each)' }),
  primaryRegistrationId: z.string().optional(),
  cardNumber: z.string().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  execution: z
    .object({
      name: z.string(),
      status: z.string(),
      startedAt: z.string(),
      stoppedAt: z.string().optional(),
      error: z.string().optional(),
      redriveCount: z.number(),
    })
    .nullable()
    .optional()
    .meta({ description: 'The execution named by the registration, from the ledger; null when the ledger has none' }),
  waitingSteps: z
    .array(z.enum(waitingStepNames))
    .optional()
    .meta({ description: 'Steps whose workflow token is still held (mobile-otp, ekyc, approval)' }),
  idempotencyKey: z
    .object({
      key: z.string(),
      registrationId: z.string().nullable().meta({
        description:
          'The registration the key names; null when the key is unknown or expired (7 days), or names a registration not in one of your districts',
      }),
    })
    .optional(),
});

export const adminRegistrationRoutes = defineRoutes('adminRegistrations', {
  // healthcard verify: a client's accepted requests accounted for, from the table (not ListExecutions).
  'POST /v1/admin/registrations/lookup': {
    access: adminsByDistrict,
    summary:
      'Several registrations by id, for reconciliation: status and reason code, the execution named by each (from the ledger), steps still waiting on a token, and the registration an Idempotency-Key names',
    request: { body: RegistrationLookupBody },
    success: {
      status: 200,
      schema: RegistrationLookupView,
      description: 'One item per registration asked for, found or not (nothing says whether an invisible one exists)',
    },
  },
  'POST /v1/admin/registrations/{id}/migrate': {
    access: adminsByDistrict,
    summary:
      'Move a pending case to the district the person lives in now: its counts, approval queue and execution follow; its history stays',
    request: { params: { id: { schema: z.uuid(), what: 'registration id' } }, body: MigrateBody },
    success: { status: 200, schema: MigratedView, description: 'Moved (a repeat answers the same)' },
    errors: {
      400: ['SAME_DISTRICT'],
      404: ['REGISTRATION_NOT_FOUND'],
      409: ['REGISTRATION_ENDED', 'MIGRATION_REPEAT_DIFFERS', 'CONCURRENT_CHANGE'],
    },
  },
});
