// Camps API: admins plan camps from a catchment of the rosters, invite the target list, read the calendar, a
// camp's outcome and its follow-up list; a camp's operators check people in (or record them turned away) and
// search its queue; anyone may opt a mobile out of invitations. Declarations and schemas; the handlers are in
// functions/api/camps.ts.
import * as z from 'zod';
import { campPlaceKinds, campStatuses, targetStates, turnedAwayReasons } from '../../core/camps.js';
import { defineRoutes, pathParameter, type Access, type RouteAnswers, type RouteRequest } from './define.js';
import { adminsByDistrict, freeText, pageQuery, requestBody, shortText, text, view } from './shared.js';
// Places are resolved as the roster importer resolves them (core/place-names.ts).
import { blockIssue, canonicalBlock, districtName, indianDay, placeName } from './shared.js';

const hourMinute = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day, HH:MM (24-hour, IST)')
  .meta({ description: 'HH:MM, IST' });
const names = (max: number) => z.array(freeText(max)).max(200).optional();

export const CatchmentBody = z
  .object({
    villages: z
      .array(placeName(60))
      .max(200)
      .optional()
      .meta({ description: "Villages as the roster names them (within the camp's block)" }),
    rationShops: names(80).meta({ description: "Ration (PDS) shops, for rosters that give each card's shop" }),
    offices: names(120),
    ddoCodes: names(40),
    departments: names(120),
  })
  .strict()
  .meta({ id: 'CampCatchment', description: 'Whom the camp is for: anyone matching one of the lists' });

export const CampBody = requestBody('CampRequest', {
  campaignId: z.string().regex(/^[0-9a-f]{16}$/, 'a campaign id: 16 hex characters'),
  name: freeText(120),
  placeKind: z.enum(campPlaceKinds),
  address: freeText(300),
  district: districtName,
  block: placeName(60),
  village: placeName(60).optional(),
  ward: freeText(60).optional(),
  startsOn: indianDay,
  endsOn: indianDay,
  opensAt: hourMinute,
  closesAt: hourMinute,
  nodalOfficer: z.object({ name: freeText(120), mobile: text(20).meta({ description: '10-digit Indian mobile' }) }).strict(),
  operators: z.array(shortText(128)).max(50).meta({ description: "The operators' token subjects: who may check people in" }),
  catchment: CatchmentBody,
})
  .superRefine(blockIssue)
  .overwrite(canonicalBlock);

export const CampView = view('Camp', {
  campId: z.string(),
  campaignId: z.string(),
  scheme: z.string(),
  name: z.string(),
  placeKind: z.enum(campPlaceKinds),
  address: z.string(),
  district: z.string(),
  block: z.string(),
  village: z.string().optional(),
  ward: z.string().optional(),
  startsOn: z.string().meta({ description: 'First day, IST' }),
  endsOn: z.string().meta({ description: 'Last day, IST' }),
  opensAt: z.string().meta({ description: 'HH:MM, IST' }),
  closesAt: z.string(),
  status: z.enum(campStatuses).meta({ description: 'From its days (IST): PLANNED before, OPEN on, CLOSED after' }),
  nodalOfficer: z.object({ name: z.string(), mobileMasked: z.string().meta({ description: 'Last four digits only: ******3210' }) }),
  operators: z.array(z.string()),
  catchment: CatchmentBody,
  createdAt: z.string(),
  createdBy: z.string(),
});

const reasonCounts = z.record(z.string(), z.number());

export const CampOutcomeView = view('CampOutcome', {
  asOf: z.string(),
  targeted: z.number().meta({ description: 'On the target list (the catchment’s eligible people without a card when planned)' }),
  invited: z.number(),
  came: z.number().meta({ description: 'Checked in, or registered at the camp, and not turned away' }),
  turnedAway: z.object({ total: z.number(), byReason: reasonCounts }),
  started: z.number().meta({ description: 'Registrations started at the camp (one per person)' }),
  ekycDone: z.number(),
  blocked: z.object({ total: z.number(), byReason: reasonCounts.meta({ description: 'By gap reason' }) }),
  cards: z.number(),
  notCome: z.number().meta({ description: 'Invited and did not come: the follow-up list' }),
  url: z.string().optional().meta({ description: 'With ?format=csv or pdf: the outcome as that file, a 15-minute link' }),
  expiresAt: z.string().optional(),
});

const CampCountsView = view('CampCounts', {
  targeted: z.number(),
  invited: z.number(),
  came: z.number(),
  turnedAway: z.number(),
  started: z.number(),
  ekycDone: z.number(),
  cards: z.number(),
});

export const CampListQuery = z
  .object({
    campaignId: z
      .string()
      .regex(/^[0-9a-f]{16}$/, 'a campaign id: 16 hex characters')
      .optional(),
    district: districtName.optional(),
    block: placeName(60).optional(),
    from: indianDay.optional().meta({ description: 'Camps still running on or after this day' }),
    to: indianDay.optional().meta({ description: 'Camps starting on or before this day' }),
  })
  .strict()
  .superRefine((value, context) => {
    if (value.district !== undefined) blockIssue({ district: value.district, block: value.block }, context);
  });

export const CampTargetView = view('CampPerson', {
  personKey: z.string(),
  name: z.string().optional().meta({ description: "Whole for the district's admin, initials for others (core/names.ts)" }),
  nameLocal: z.string().optional(),
  block: z.string(),
  village: z.string().optional(),
  reason: z.string().meta({ description: 'The gap reason now (not-started, aadhaar-mobile-not-linked, …), or carded' }),
  onList: z.boolean().meta({ description: 'False for someone turned away who was not on the target list' }),
  invitedAt: z.string().optional(),
  checkedInAt: z.string().optional(),
  turnedAway: z.object({ reasonCode: z.enum(turnedAwayReasons), note: z.string().optional() }).optional(),
  registrationId: z.string().optional().meta({ description: 'The registration started at the camp' }),
});

const CampPeopleView = z.object({
  items: z.array(CampTargetView),
  cursor: z.string().optional().meta({ description: 'Pass back as ?cursor= for the next page; absent on the last' }),
  total: z.number(),
});

export const CheckInBody = requestBody('CampCheckIn', {
  personKey: shortText(120).meta({ description: 'The roster key (rc:<card>:<member>, emp:<id>) from the queue' }),
  turnedAway: z
    .object({ reasonCode: z.enum(turnedAwayReasons), note: freeText(300).optional() })
    .strict()
    .optional()
    .meta({ description: 'Turned away instead of checked in, with the reason' }),
});

export const CheckInView = view('CampCheckInAnswer', {
  personKey: z.string(),
  checkedInAt: z.string().optional(),
  turnedAway: z.object({ reasonCode: z.enum(turnedAwayReasons), note: z.string().optional(), at: z.string() }).optional(),
});

export const InvitationsView = view('CampInvitations', {
  sent: z.number().meta({ description: 'SMS sent by this call' }),
  sharedMobile: z
    .number()
    .meta({ description: 'Invited by the SMS this call sent to a mobile they share with another on the list (a family on one phone)' }),
  alreadyInvited: z.number().meta({ description: 'Invited by an earlier call: not sent again, ever' }),
  optedOut: z.number(),
  noMobile: z.number().meta({ description: 'The roster gives no mobile' }),
  deferredByLimit: z.number().meta({ description: "Past this call's share or the mobile's hourly SMS limit: sent by a later call" }),
  failed: z.number().meta({ description: 'The SMS gateway did not take them: sent by a later call' }),
});

export const OptOutBody = requestBody('SmsOptOut', { mobile: text(20).meta({ description: '10-digit Indian mobile; +91 or 0 accepted' }) });
export const OptOutView = view('SmsOptOutAnswer', { mobileMasked: z.string(), optedOut: z.literal(true) });

export const FollowUpView = view('CampFollowUp', {
  campId: z.string(),
  people: z.number(),
  url: z.string().meta({ description: 'CSV (UTF-8 with BOM): person, name, block, village, invited at, reason (15-minute link)' }),
  expiresAt: z.string(),
});

const campId = pathParameter(z.string().regex(/^[0-9a-f]{16}$/, 'a camp id: 16 hex characters'), 'camp id');
const atTheDesk = { roles: ['operator', 'district-admin', 'state-admin'], scope: 'district' } as const;

const CampDetailView = CampView.extend({ outcome: CampOutcomeView }).meta({ id: 'CampDetail' });

/** A 200 answer of a schema. */
const answer = <Schema extends z.ZodType>(schema: Schema, description: string) => ({ status: 200 as const, schema, description });

/** A route on one camp: its path parameter, and 404 CAMP_NOT_FOUND for a camp that is not there or not the caller's. */
const onCamp = <Request extends Omit<RouteRequest, 'params'>, Success extends RouteAnswers['success']>(
  access: Access,
  summary: string,
  request: Request,
  success: Success,
  errors: Omit<NonNullable<RouteAnswers['errors']>, 404> = {},
) => ({ access, summary, request: { ...request, params: { campId } }, success, errors: { ...errors, 404: ['CAMP_NOT_FOUND'] } });

/** Opting a mobile out of invitations, by the person (public) or by an admin for them. */
const optOut = (summary: string, access: Access) => ({
  access,
  summary,
  request: { body: OptOutBody },
  success: answer(OptOutView, 'Opted out (the same again changes nothing)'),
  errors: { 400: ['INVALID_MOBILE'] },
});

export const campRoutes = defineRoutes('camps', {
  'POST /v1/admin/camps': {
    access: adminsByDistrict,
    summary:
      "Plan a camp of a campaign: place, days, hours, nodal officer, operators and catchment; its target list is the catchment's eligible people without a card (Idempotency-Key header required)",
    request: { body: CampBody, idempotencyKey: true },
    success: {
      status: 201,
      schema: CampView,
      description: 'Planned',
      also: { 200: 'The same Idempotency-Key planned it before: that camp' },
    },
    errors: {
      400: [
        'IDEMPOTENCY_KEY_REQUIRED',
        'IDEMPOTENCY_KEY_INVALID',
        'CAMP_DATES_INVALID',
        'CAMP_CATCHMENT_EMPTY',
        'CAMP_CATCHMENT_TOO_LARGE',
        'UNKNOWN_BLOCK',
        'INVALID_MOBILE',
      ],
      404: ['CAMPAIGN_NOT_FOUND', 'DISTRICT_NOT_IN_CAMPAIGN'],
      409: ['IDEMPOTENCY_KEY_REUSED'],
    },
  },
  'GET /v1/admin/camps': {
    access: adminsByDistrict,
    summary: "The camps calendar: a district's camps (of a campaign, a block, between two days), each with its counts",
    request: { query: CampListQuery },
    success: {
      status: 200,
      schema: z.object({ items: z.array(CampView.extend({ counts: CampCountsView })), total: z.number() }),
      description: 'Camps by first day',
    },
    errors: { 400: ['DISTRICT_REQUIRED'] },
  },
  'GET /v1/admin/camps/{campId}': onCamp(adminsByDistrict, 'One camp and its outcome', {}, answer(CampDetailView, 'The camp')),
  'GET /v1/admin/camps/{campId}/outcome': onCamp(
    adminsByDistrict,
    'What the camp achieved: targeted, invited, came, turned away by reason, registrations started, e-KYC done, blocked by reason, cards, did not come (?format=csv or pdf: also as a file)',
    { query: z.object({ format: z.enum(['json', 'csv', 'pdf']).optional() }).strict() },
    answer(CampOutcomeView, 'The outcome now'),
  ),
  'GET /v1/admin/camps/{campId}/targets': onCamp(
    adminsByDistrict,
    "The camp's target list, by state (not-come: the follow-up list), with each person's gap reason now",
    { query: z.object({ state: z.enum(targetStates).default('all'), ...pageQuery(50) }).strict() },
    answer(CampPeopleView, 'A page of the list, by village then name'),
    { 400: ['BAD_CURSOR'] },
  ),
  'GET /v1/admin/camps/{campId}/follow-up.csv': onCamp(
    adminsByDistrict,
    'The follow-up list (invited, did not come) as a CSV to download',
    {},
    answer(FollowUpView, 'How many, and a 15-minute link to the CSV'),
  ),
  'POST /v1/admin/camps/{campId}/invitations': {
    ...onCamp(
      adminsByDistrict,
      'Invite the target list by SMS (template camp-invitation): once per person per camp ever, never an opted-out mobile, within the SMS limits; call again for those deferred',
      {},
      answer(InvitationsView, 'What this call did'),
      { 409: ['CAMP_CLOSED'] },
    ),
    rateLimit: 'sms-sending',
  },
  'POST /v1/camps/{campId}/check-ins': onCamp(
    atTheDesk,
    "Check a person in at the camp, or record them turned away with a reason (an operator named on the camp, or the district's admin; a repeat answers the first)",
    { body: CheckInBody },
    answer(CheckInView, 'Checked in (or turned away)'),
    { 409: ['CAMP_NOT_OPEN'], 422: ['NOT_ON_CAMP_LIST'] },
  ),
  'GET /v1/camps/{campId}/queue': onCamp(
    atTheDesk,
    "The camp's list at the desk, searched by name, ration card or employee id (?q=)",
    { query: z.object({ q: text(80).optional(), ...pageQuery(50) }).strict() },
    answer(CampPeopleView, 'A page of the list'),
    { 400: ['BAD_CURSOR'] },
  ),
  'POST /v1/sms/opt-out': {
    ...optOut('Stop camp invitations to a mobile (stored only as a keyed hash of the number)', {
      public: true,
      why: 'A person stops camp invitations to their mobile without an account; only a keyed hash of the number is kept',
    }),
    rateLimit: 'public-lookup',
  },
  'POST /v1/admin/sms/opt-out': optOut(
    'Opt a mobile out of camp invitations for a person who asked at a camp or on the phone',
    adminsByDistrict,
  ),
});
