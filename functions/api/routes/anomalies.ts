// Anomalies API for admins: shared mobiles and unusual operator volumes, listed, opened and reviewed.
// Declarations and schemas; the handlers are in functions/api/anomalies.ts.
import * as z from 'zod';
import { anomalyKinds, reviewOutcomes } from '../../core/anomalies.js';
import { defineRoutes, pathParameter } from './define.js';
import { NamedPersonView, adminList, adminsByDistrict, districtName, freeText, pageQuery, requestBody, view } from './shared.js';

export const AnomaliesQuery = z
  .object({
    district: districtName.optional(),
    state: z.enum(['open', 'reviewed']).default('open'),
    kind: z.enum(anomalyKinds).optional(),
    ...pageQuery(50),
  })
  .strict();

export const AnomalyView = view('Anomaly', {
  anomalyId: z.string(),
  kind: z.enum(anomalyKinds),
  scheme: z.string(),
  district: z.string(),
  subject: z.string().meta({ description: 'A masked mobile (******3210) or an operator id' }),
  day: z.string().optional().meta({ description: "The day of an operator's volume (IST)" }),
  members: z
    .number()
    .meta({ description: 'Families sharing the mobile, or people the operator registered that day (counted up to 1,000)' }),
  norm: z.number().meta({ description: "The scheme's norm it went past" }),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  lastRegistrationId: z.string(),
  state: z.enum(['open', 'reviewed']),
  review: z.object({ outcome: z.enum(reviewOutcomes), note: z.string(), by: z.string(), at: z.string(), members: z.number() }).optional(),
  lastPerson: NamedPersonView.optional().meta({ description: "The latest registration's person, as the caller may see them" }),
  operator: z.string().optional().meta({ description: "An operator's day: the operator (the id their portal gives them)" }),
});

export const AnomalyDetailView = AnomalyView.extend({
  registrations: z.array(
    z.object({
      member: z.string().meta({ description: 'The family (ration card, job card, employee) or person: its roster key, for machines' }),
      registrationId: z.string(),
      at: z.string(),
      person: NamedPersonView.optional().meta({ description: "The registration's person, by name as the caller may see them" }),
      block: z.string().optional(),
      operator: z.string().optional().meta({ description: 'The operator who registered them, when one did' }),
      campId: z.string().optional(),
    }),
  ),
}).meta({ id: 'AnomalyDetail' });

export const AnomalyReviewBody = requestBody('AnomalyReview', { outcome: z.enum(reviewOutcomes), note: freeText(500).min(5) });

const id = pathParameter(z.string().regex(/^[0-9a-f]{24}$/, 'an anomaly id: 24 hex characters'), 'anomaly id');

export const anomalyRoutes = defineRoutes('anomalies', {
  'GET /v1/admin/anomalies': adminList(
    "Registrations worth a second look: one mobile across unrelated families, an operator far past the camp's norm (listed, never blocked)",
    AnomaliesQuery,
    AnomalyView,
    'Anomalies, newest first',
  ),
  'GET /v1/admin/anomalies/{id}': {
    access: adminsByDistrict,
    summary: 'One anomaly with the registrations behind it',
    request: { params: { id } },
    success: { status: 200, schema: AnomalyDetailView, description: 'The anomaly and its registrations' },
    errors: { 404: ['ANOMALY_NOT_FOUND'] },
  },
  'POST /v1/admin/anomalies/{id}/review': {
    access: adminsByDistrict,
    summary: 'Record the review of an anomaly: explained, or referred for audit, with a note',
    request: { params: { id }, body: AnomalyReviewBody },
    success: { status: 200, schema: AnomalyView, description: 'Reviewed' },
    errors: { 404: ['ANOMALY_NOT_FOUND'], 409: ['ALREADY_REVIEWED'] },
  },
});
