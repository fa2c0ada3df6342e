// The error `code`s of API v1 and what each means, for the published document (functions/api/openapi.ts): each
// route lists the codes it can answer, by status, and the document enumerates them. A code thrown somewhere and
// not written here, or answered by a route that does not list it, fails the integration test that received it
// (test/support/contract.ts holds every answer to the document).
import { mapUidaiError, EkycRefusedError } from '../core/ekyc.js';

/** Codes any route can answer (the gateway and functions/api/http.ts, before the route's function runs). */
export const generalErrorCodes = {
  INVALID_JSON: 'The request body is not valid JSON.',
  JSON_TOO_DEEP: 'The request body nests deeper than the API ever does.',
  INVALID_REQUEST: 'A field, query value or path value does not fit the API; `details.fields` names each and says what is wrong.',
  INVALID_PATH: 'The path has a malformed percent-escape.',
  UNAUTHORIZED: 'No bearer token, or one that is not valid (expired, wrong issuer or audience, bad signature).',
  FORBIDDEN: 'The token is valid but its roles (or its districts) do not admit this action.',
  PAYLOAD_TOO_LARGE: 'The request body is larger than the route takes (`details.limitBytes`).',
  UNSUPPORTED_MEDIA_TYPE: 'The request body is not sent as JSON (content-type application/json).',
  CLIENT_RATE_LIMITED: 'This client sent too many requests that make the pipeline send an SMS: wait `Retry-After` seconds.',
  SOURCE_RATE_LIMITED:
    'Too many requests that send an SMS (or, on a public route, too many card checks) came from this address: wait `Retry-After` seconds.',
  PROVIDER_UNAVAILABLE:
    'A service the API depends on (the Aadhaar service, the SMS gateway, the token issuer, AWS) did not answer or was throttling: nothing was lost, try again shortly.',
  INTERNAL: 'Something failed on the server side; `details.requestId` identifies the request in the logs.',
} as const;

/** Codes particular to some routes (openapi.ts says which route answers which). */
export const routeErrorCodes: Record<string, string> = {
  IDEMPOTENCY_KEY_REQUIRED: 'No Idempotency-Key header: every new registration or dependent carries one.',
  IDEMPOTENCY_KEY_INVALID: 'The Idempotency-Key header is not 8 to 128 letters (A-Z, a-z), digits, `-` or `_`.',
  IDEMPOTENCY_KEY_REUSED: 'This Idempotency-Key was used by this client with a different request.',
  UNKNOWN_SCHEME: 'No such scheme.',
  INVALID_MOBILE: 'The mobile number is not a 10-digit Indian mobile number.',
  WRONG_ROSTER_TYPE: 'The scheme does not register people from this kind of roster.',
  NOT_ON_ROSTER: "The person is not on the scheme's eligible roster (or no longer is).",
  REGISTRATION_IN_PROGRESS: 'This person already has a registration in progress: continue that one.',
  REGISTRATION_EXISTS: 'A registration with this id exists already.',
  CONCURRENT_CHANGE: 'The registration changed between reading and writing it: read it again and retry.',
  ALREADY_CLAIMED: 'A conflicting record (a card claim for the same Aadhaar in the scheme) exists already.',
  REGISTRATION_NOT_FOUND: 'No such registration, or not one the caller may see (the answer does not say which).',
  INVALID_STATUS: 'The registration is not in a status where this action is possible; `details.status` says where it is.',
  OTP_NOT_SENT: 'No mobile code has been sent yet: wait for the SMS.',
  OTP_INCORRECT: 'The mobile code is not right; `details.attemptsLeft` says how many tries remain.',
  OTP_LOCKED:
    'Too many wrong mobile codes (or codes asked for): the registration is locked, and for 24 hours no new registration starts for this person or with this mobile (`Retry-After`, `details.lockedUntil`).',
  OTP_EXPIRED: 'The mobile code expired: ask for a new one (resend).',
  OTP_ALREADY_USED: 'This mobile code was used already.',
  OTP_RESEND_TOO_SOON: 'A new mobile code was asked for too soon after the last: wait `Retry-After` seconds.',
  OTP_RESEND_LIMIT: 'The mobile code was sent as many times as allowed for this registration.',
  MOBILE_RATE_LIMITED: 'Too many codes went to this mobile number in the last hour.',
  SMS_REJECTED:
    'The SMS gateway refused the message for good (a sender or template not registered): an operator must fix the configuration.',
  INVALID_AADHAAR: 'Not a valid Aadhaar number (12 digits with a correct Verhoeff check digit).',
  CONSENT_REQUIRED: "e-KYC needs the person's consent (`consent.accepted: true`).",
  CONSENT_VERSION_UNKNOWN: 'The consent text version is not one GET /v1/consents publishes.',
  OPERATOR_ONLY: 'Biometric and face e-KYC are done by a camp operator with a certified device.',
  CAPTURE_REQUIRED: 'Biometric and face e-KYC need the capture (PID block) from the device.',
  EKYC_OTP_NOT_REQUESTED: 'No Aadhaar OTP was requested for this registration: start e-KYC first.',
  AADHAAR_MISMATCH: 'Not the Aadhaar number the OTP was requested for.',
  SESSIONS_DISABLED: 'This deployment gives no applicant sessions.',
  MOBILE_NOT_VERIFIED: "A session is given once the person's mobile is verified.",
  NOT_A_PRIMARY: 'Dependents are added to the primary registration, not to a dependent.',
  PRIMARY_CLOSED: 'The primary registration ended without a card: no dependents can be added to it.',
  DEPENDENTS_NOT_ALLOWED: 'The scheme covers no dependents.',
  TOO_MANY_DEPENDENTS: 'The primary registration has as many dependents as the scheme allows.',
  DEPENDENT_FROM_ROSTER: 'In this scheme family members come from the roster: send `memberId`.',
  DEPENDENT_DECLARED: 'In this scheme dependents are declared: send relation, name, yearOfBirth and gender.',
  RELATION_NOT_COVERED: 'The scheme does not cover this relation.',
  DEPENDENT_TOO_OLD: "Children are covered up to the scheme's age limit.",
  DEPENDENT_EXISTS: 'This family member already has a registration in progress.',
  NOTE_REQUIRED: 'A note of at least 5 characters is needed (a return, a rejection for OTHER, a blocker fixed as other).',
  REASON_REQUIRED: 'A rejection needs a `reasonCode`.',
  APPROVAL_NOT_FOUND: "No such approval task in the caller's queues.",
  REGISTRATION_STOPPED: "The district office stopped this registration's workflow: it is decided once a redrive resumes it.",
  ALREADY_DECIDED: 'The case was decided already (perhaps by another approver a moment ago).',
  RETURNED_FOR_CORRECTION: 'The case is back with the applicant for correction: it cannot be decided now.',
  NOT_BLOCKED: 'Only a registration blocked at e-KYC resumes this way.',
  CARD_NOT_FOUND: 'No such card, or not one the caller may see.',
  CARD_NUMBER_MALFORMED: 'Not a card number: the shape (PREFIX-DISTRICT-8 digits-check character) or the check character is wrong.',
  PHOTO_NOT_AVAILABLE: 'The case has no e-KYC photo: none was given, or it was deleted once its time was up (SECURITY.md).',
  PHOTO_LINK_EXPIRED: 'The photo link has expired (or was never given out): ask for a new one from the case.',
  IMPORT_NOT_FOUND: 'No such roster import, or not one the caller may see.',
  ROSTER_KEY_REFUSED: 'The scheme, district, roster type and file name do not make a roster key the importer takes.',
  SNAPSHOT_NOT_DECLARED: 'A file name that marks a full snapshot (.full.csv) was sent without `fullSnapshot: true`.',
  DISTRICT_REQUIRED: 'The caller has several districts: say which one (?district=).',
  CAMPAIGN_NOT_FOUND: 'No such campaign, or not one the caller may see.',
  TARGET_PERCENT_OUT_OF_RANGE: 'A saturation target (of the district or of a block) is not between 1 and 100 per cent.',
  TARGET_DATE_OUTSIDE_CAMPAIGN: "The target's end date is before the campaign starts or after it ends.",
  CAMPAIGN_EXISTS: 'The scheme has a campaign of that name already, defined differently (`details` shows it: the caller may read it).',
  CAMPAIGN_NAME_TAKEN: 'The scheme has a campaign of that name already, in districts the caller may not read: choose another name.',
  INVALID_DATES: 'The campaign ends before it starts.',
  DISTRICT_NOT_IN_CAMPAIGN: "The district is not in this campaign, or not one of the caller's.",
  CAMP_NOT_FOUND: 'No such camp, or not one the caller may see (an operator: not a camp they are named on).',
  CAMP_DATES_INVALID:
    "The camp's days or hours do not fit: it ends before it starts, closes before it opens, or falls outside the campaign's dates.",
  CAMP_CATCHMENT_EMPTY: 'The catchment names nobody: give at least one village, ration shop, office, DDO code or department.',
  CAMP_CATCHMENT_TOO_LARGE: 'The catchment holds more people without a card than one camp serves: plan several camps.',
  CAMP_CLOSED: 'The camp is over: nobody is invited to it any more.',
  CAMP_NOT_OPEN: "People are checked in on the camp's days only.",
  NOT_ON_CAMP_LIST: "The person is not on the camp's list: register them, or record them turned away (NOT_ON_LIST).",
  UNKNOWN_CAMP: 'The registration names a camp (campId) that does not exist.',
  DATE_IN_FUTURE: 'The day has not ended yet in India (IST).',
  DATE_TOO_OLD: 'Reports go back a limited number of days.',
  UNKNOWN_KEY: 'Not a count the campaign views show: a figure, a gap reason, a status, a progress key, or day:<yyyy-mm-dd>:cardsIssued.',
  EXECUTION_NOT_FOUND: 'No such execution, or not one the caller may see.',
  EXECUTION_NOT_RUNNING: 'The execution is not running: there is nothing to stop.',
  EXECUTION_NOT_REDRIVABLE: 'Only a failed, timed-out or stopped execution is redriven.',
  BAD_CURSOR: 'The cursor is not one this API gave out.',
  INVALID_CURSOR: 'The cursor is not one this API gave out.',
  SAME_DISTRICT: 'The case is in that district already.',
  REGISTRATION_ENDED: 'Only a pending case moves; this registration ended.',
  MIGRATION_REPEAT_DIFFERS:
    "The case was moved already by a different request: only the same request repeated gets the same answer, and only the case's current district moves it again.",
  INVALID_CHARACTERS:
    'A text field holds invisible or direction-changing characters (bidi controls, zero-width characters); `details` names the field and the characters.',
  INVALID_PLACE_NAME:
    "A district, block or village is not a place name (letters, digits, spaces and - . ( ) & ' only; no slashes or `..`).",
  UNKNOWN_DISTRICT:
    'The district is not one the gazetteer knows (districts of Uttar Pradesh, Bihar, Madhya Pradesh and Chhattisgarh, in English or Hindi, with common spellings).',
  UNKNOWN_BLOCK:
    "The block is close to, but not, a block the gazetteer lists for the district: the message names the one probably meant. On a target: also a block none of the campaign's rosters names in the district.",
  ANOMALY_NOT_FOUND: 'No such anomaly, or not one the caller may see.',
  ALREADY_REVIEWED: 'The anomaly was reviewed already.',
  // Delegation of charge and the approver directory (routes/approvers.ts).
  DELEGATION_TO_SELF: 'A DDO code cannot hand its charge to itself: toDdoCode must differ from fromDdoCode.',
  DELEGATION_DATES_OUT_OF_ORDER: 'The delegation ends (endsOn) before it starts (startsOn).',
  DELEGATION_STARTS_IN_PAST: 'A delegation starts today (in India) or later.',
  DELEGATION_TOO_LONG: 'A delegation covers at most 90 days.',
  DELEGATION_OVERLAPS: 'The DDO code is handed over already for some of these days; `details` names that delegation and its days.',
  DELEGATION_NOT_FOUND: 'No such delegation, or not one the caller gave, received or may manage.',
  DDO_CODE_REQUIRED: 'An admin lists the delegations of one DDO code: ?ddoCode=.',
  INVALID_QUEUE: 'Not an approval queue: ddo:<DDO code>, verifier:<district>, district-admin:<district> or state-admin:all.',
  DISTRICT_MISMATCH: "The body's district is not the district the queue names.",
  // Field force (docs/field-force.md).
  OUT_OF_SEGMENT: 'A field worker may register only people of the segment they answer for; this person is not in it.',
  SEGMENT_EMPTY: 'A worker needs at least one segment value (a village, FPS code, school, job-card range, office or DDO code).',
  RULES_REPEAT_KIND: 'A segment kind appears more than once in the assignment order.',
  WORKER_NOT_FOUND: 'No such field worker (in the district), or the token names no worker on the field-force roster.',
  PERSON_NOT_FOUND: "No such person on the campaign's rosters, or not one the caller answers for.",
};

/**
 * The codes of UIDAI refusals a person can act on (422 on the e-KYC routes, with `details.nextAction` in English
 * and Hindi), read from core/ekyc.ts's mapping rather than copied: every UIDAI code (000-999 and the K- codes)
 * is mapped once and the refusals kept, so a code added to that mapping is published with it.
 */
let refusalsFound: Map<string, string> | undefined;

export const ekycRefusals = (): ReadonlyMap<string, string> =>
  (refusalsFound ??= (() => {
    const uidaiCodes = Array.from({ length: 1000 }, (_, index) => [
      String(index).padStart(3, '0'),
      `K-${String(index).padStart(3, '0')}`,
    ]).flat();
    const refusals = new Map<string, string>();
    for (const uidaiCode of uidaiCodes) {
      const error = mapUidaiError(uidaiCode);
      if (error instanceof EkycRefusedError && !refusals.has(error.code)) refusals.set(error.code, error.nextAction.en);
    }
    return refusals;
  })());

export const errorMeaning = (code: string): string | undefined =>
  (generalErrorCodes as Record<string, string>)[code] ?? routeErrorCodes[code] ?? ekycRefusals().get(code);

/** The UIDAI refusal codes alone, as the e-KYC routes list them. */
export const ekycRefusalCodes = (): string[] => [...ekycRefusals().keys()];
