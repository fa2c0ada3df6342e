// Aadhaar e-KYC outcomes. UIDAI answers a refusal with a code; `uidaiCodes` below is the one table of the codes a
// person can act on: our `code` for it (what the API answers and clients branch on; every refusal is one class,
// EkycRefusedError), what UIDAI says it means, the registration status it leaves, the next action in English and
// Hindi, and where the meaning was checked. Technical codes (930-939, 950, 951, 999), anything not in the table, timeouts and 5xx are
// ProviderUnavailableError: retried, never the person's fault. docs/ekyc.md lists the table with its sources.
//
// Sources (UIDAI's own Authentication API 2.5 and e-KYC API 2.5 PDFs were not found in the searched corpora;
// every meaning below was confirmed in at least one public copy of UIDAI's tables):
//   [AUTH-DOCS] github.com/ss11051999/aadhaar_auth_docs, docs/error-codes.md: "Authentication Error Codes" and
//               "Additional Authentication Error Codes" (UIDAI's Auth API 2.5, OTP and e-KYC tables, consolidated)
//   [UIDAI-2.0] uidai.gov.in, Developer section, Data and Downloads: "API 2.0 Error Handling document"
//               (suggested handling and messages per Auth API code)
//   [SETU]      docs.setu.co/data/esign/error-codes: an eSign provider's table quoting UIDAI's messages
//   [LEEGALITY] support.leegality.com, "Frequent errors from ESPs and CAs": Auth API codes with UIDAI's texts
//   [JUSPAY]    juspay.io/in/docs/lotuspay, "eSign eMandate authorisation errors": UIDAI codes 112 and 953
//   [KUA-JS]    github.com/abhisengar27/india_consumer_new, configFiles/errorCodes.js: e-KYC codes of a KUA client
import { answering, ProviderUnavailableError, type CodedErrorFields } from './errors.js';
import type { NextAction } from './registration.js';
import type { Gender } from './person.js';

export type EkycMode = 'otp' | 'biometric' | 'face';

export interface EkycIdentity {
  readonly name: string;
  readonly nameLocal?: string;
  readonly yearOfBirth: number;
  readonly dateOfBirth?: string;
  readonly gender: Gender;
  readonly district?: string;
  readonly state?: string;
  readonly pincode?: string;
  readonly photo?: { readonly contentType: 'image/jpeg' | 'image/png'; readonly base64: string };
}

/**
 * The registration status a refusal leaves: `unchanged` when the person simply tries again now (another OTP entry,
 * another finger), `EKYC_BLOCKED` when something must change first (at an Aadhaar centre, by the holder, or time
 * passing). e-KYC may be started again from EKYC_BLOCKED, so neither is terminal.
 */
export type EkycRefusalStatus = 'unchanged' | 'EKYC_BLOCKED';

export interface EkycRefusal {
  readonly uidaiCode: string;
  readonly registrationStatus: EkycRefusalStatus;
  readonly nextAction: NextAction;
}

/**
 * A refusal the person can act on: UIDAI's code, our `code` for it (what the API answers and clients branch on),
 * the status it leaves and what to do next. One class for every code: `uidaiCodes` says which is which.
 */
export class EkycRefusedError extends answering(422) {
  readonly uidaiCode: string;
  readonly registrationStatus: EkycRefusalStatus;
  readonly nextAction: NextAction;
  constructor(fields: CodedErrorFields & EkycRefusal) {
    const { uidaiCode, registrationStatus, nextAction, ...rest } = fields;
    super({ ...rest, details: { nextAction } });
    this.uidaiCode = uidaiCode;
    this.registrationStatus = registrationStatus;
    this.nextAction = nextAction;
  }
}

/** Our codes for UIDAI's refusals, one per thing the person does about it. */
export type EkycRefusalCode =
  | 'EKYC_MOBILE_NOT_LINKED'
  | 'EKYC_BIOMETRIC_MISMATCH'
  | 'EKYC_BIOMETRICS_LOCKED'
  | 'EKYC_AADHAAR_LOCKED'
  | 'EKYC_INVALID_OTP'
  | 'EKYC_OTP_TRANSACTION_MISMATCH'
  | 'EKYC_OTP_ATTEMPTS_EXCEEDED'
  | 'EKYC_OTP_REQUEST_LIMIT'
  | 'EKYC_AADHAAR_SUSPENDED'
  | 'EKYC_AADHAAR_CANCELLED'
  | 'EKYC_INVALID_AADHAAR'
  | 'EKYC_AUTHENTICATION_FAILED'
  | 'EKYC_DATA_UNAVAILABLE';

export interface UidaiCode {
  /** The `code` the API answers (422, with `details.nextAction`). */
  readonly code: EkycRefusalCode;
  /** What UIDAI's table says the code means. */
  readonly meaning: string;
  readonly registrationStatus: EkycRefusalStatus;
  readonly nextAction: NextAction;
  /** Where the meaning was checked (the labels at the top of this file). */
  readonly source: string;
}

const linkMobile: NextAction = {
  en: 'No verified mobile number is linked to this Aadhaar. Visit an Aadhaar Seva Kendra or enrolment centre to link or update your mobile number (Aadhaar update), then try again — or do e-KYC by fingerprint at a registration camp.',
  hi: 'इस आधार से कोई सत्यापित मोबाइल नंबर जुड़ा नहीं है। आधार सेवा केंद्र या नामांकन केंद्र पर जाकर मोबाइल नंबर जुड़वाएँ या अपडेट कराएँ (आधार अपडेट), फिर प्रयास करें — या पंजीकरण शिविर में फिंगरप्रिंट से ई-केवाईसी कराएँ।',
};
const unlockAadhaar: NextAction = {
  en: 'This Aadhaar number is locked by its holder, so it cannot be used for e-KYC. Unlock it on myAadhaar (uidai.gov.in) or in the mAadhaar app — you need your Virtual ID — then try again.',
  hi: 'यह आधार नंबर धारक द्वारा लॉक किया गया है, इसलिए ई-केवाईसी नहीं हो सकता। myAadhaar (uidai.gov.in) या mAadhaar ऐप पर इसे अनलॉक करें — इसके लिए आपकी वर्चुअल आईडी चाहिए — फिर प्रयास करें।',
};
const waitForOtp: NextAction = {
  en: 'UIDAI has paused OTPs for this Aadhaar because too many were asked for. Wait 30 minutes, then start e-KYC again — or do e-KYC by fingerprint at a registration camp.',
  hi: 'बहुत अधिक OTP माँगे जाने के कारण UIDAI ने इस आधार के लिए OTP रोक दिए हैं। 30 मिनट प्रतीक्षा करें, फिर ई-केवाईसी दोबारा शुरू करें — या पंजीकरण शिविर में फिंगरप्रिंट से ई-केवाईसी कराएँ।',
};

/** UIDAI's refusal codes a person can act on. Codes are as UIDAI sends them (K- codes from the e-KYC API). */
export const uidaiCodes: Readonly<Record<string, UidaiCode>> = {
  // Older OTP API tables read 110 as "no verified mobile/email" and 112 as "neither email nor mobile"; newer ones
  // split "not present" (110-112) from "not verified" (113-115). Every one leaves OTP e-KYC impossible until a
  // verified mobile is linked, so every one gets the same next action.
  '110': {
    code: 'EKYC_MOBILE_NOT_LINKED',
    meaning: 'Aadhaar number does not have an email ID (older tables: no verified mobile/email).',
    registrationStatus: 'EKYC_BLOCKED',
    nextAction: linkMobile,
    source: '[AUTH-DOCS] Additional codes; [KUA-JS]',
  },
  '111': {
    code: 'EKYC_MOBILE_NOT_LINKED',
    meaning: 'Aadhaar number does not have a (verified) mobile number.',
    registrationStatus: 'EKYC_BLOCKED',
    nextAction: linkMobile,
    source: '[AUTH-DOCS] Additional codes; [KUA-JS]; [SETU] aadhaar_not_linked',
  },
  '112': {
    code: 'EKYC_MOBILE_NOT_LINKED',
    meaning: 'Aadhaar number has neither email ID nor mobile number.',
    registrationStatus: 'EKYC_BLOCKED',
    nextAction: linkMobile,
    source: '[AUTH-DOCS] Additional codes; [JUSPAY]; [KUA-JS]',
  },
  '113': {
    code: 'EKYC_MOBILE_NOT_LINKED',
    meaning: 'Aadhaar number does not have a verified email ID.',
    registrationStatus: 'EKYC_BLOCKED',
    nextAction: linkMobile,
    source: '[AUTH-DOCS] Additional codes',
  },
  '114': {
    code: 'EKYC_MOBILE_NOT_LINKED',
    meaning: 'Aadhaar number does not have a verified mobile number.',
    registrationStatus: 'EKYC_BLOCKED',
    nextAction: linkMobile,
    source: '[AUTH-DOCS] Additional codes',
  },
  '115': {
    code: 'EKYC_MOBILE_NOT_LINKED',
    meaning: 'Aadhaar number has neither a verified email nor a verified mobile.',
    registrationStatus: 'EKYC_BLOCKED',
    nextAction: linkMobile,
    source: '[AUTH-DOCS] Additional codes',
  },
  '300': {
    code: 'EKYC_BIOMETRIC_MISMATCH',
    meaning: 'Biometric data did not match.',
    // UIDAI's handling guide: let the person give fingerprints again, a configurable number of times.
    registrationStatus: 'unchanged',
    nextAction: {
      en: 'The fingerprint or face did not match. Try again now with another finger (clean, dry, placed flat), or use OTP e-KYC; if it keeps failing, update your biometrics at an Aadhaar Seva Kendra.',
      hi: 'फिंगरप्रिंट या चेहरा मेल नहीं खाया। अभी दूसरी उँगली से फिर प्रयास करें (साफ़, सूखी, सीधी रखी हुई), या OTP से ई-केवाईसी करें; बार-बार विफल हो तो आधार सेवा केंद्र पर बायोमेट्रिक अपडेट कराएँ।',
    },
    source: '[AUTH-DOCS] Authentication codes; [LEEGALITY]; [UIDAI-2.0] code 300',
  },
  '330': {
    code: 'EKYC_BIOMETRICS_LOCKED',
    meaning: 'Biometrics locked by the Aadhaar number holder.',
    registrationStatus: 'EKYC_BLOCKED',
    nextAction: {
      en: 'Your Aadhaar biometrics are locked (by you). Unlock them on myAadhaar (uidai.gov.in) or in the mAadhaar app, then try again — or use OTP e-KYC.',
      hi: 'आपके आधार बायोमेट्रिक (आपके द्वारा) लॉक हैं। myAadhaar (uidai.gov.in) या mAadhaar ऐप पर अनलॉक करें, फिर प्रयास करें — या OTP से ई-केवाईसी करें।',
    },
    source: '[AUTH-DOCS] Authentication codes; [LEEGALITY]',
  },
  '331': {
    code: 'EKYC_AADHAAR_LOCKED',
    meaning: 'Aadhaar locked by the Aadhaar number holder for all authentications.',
    registrationStatus: 'EKYC_BLOCKED',
    nextAction: unlockAadhaar,
    source: '[AUTH-DOCS] Additional codes; [SETU] aadhaar_locked',
  },
  '332': {
    code: 'EKYC_AADHAAR_LOCKED',
    meaning: 'Aadhaar number usage is blocked by the Aadhaar number holder.',
    registrationStatus: 'EKYC_BLOCKED',
    nextAction: unlockAadhaar,
    source: '[AUTH-DOCS] Additional codes',
  },
  '400': {
    code: 'EKYC_INVALID_OTP',
    meaning: 'Invalid OTP value.',
    registrationStatus: 'unchanged',
    nextAction: {
      en: 'The Aadhaar OTP is not right. Enter the OTP from the latest SMS sent by UIDAI.',
      hi: 'आधार OTP सही नहीं है। UIDAI द्वारा भेजे गए नवीनतम SMS का OTP दर्ज करें।',
    },
    source: '[AUTH-DOCS] Authentication codes; [LEEGALITY]; [SETU] invaild_otp',
  },
  '402': {
    code: 'EKYC_OTP_TRANSACTION_MISMATCH',
    meaning: '"txn" value did not match the "txn" of the OTP request.',
    registrationStatus: 'unchanged',
    nextAction: {
      en: 'That OTP belongs to an earlier request. Start e-KYC again to get a fresh OTP, and enter the OTP from that latest SMS.',
      hi: 'वह OTP किसी पिछले अनुरोध का है। नया OTP पाने के लिए ई-केवाईसी फिर से शुरू करें, और उसी नवीनतम SMS का OTP दर्ज करें।',
    },
    source: '[AUTH-DOCS] Authentication codes; [LEEGALITY]; [SETU] tnx_value_mismatch',
  },
  // No UIDAI table found has a separate "OTP expired" code: an expired OTP is "not generated" to UIDAI, so 403.
  '403': {
    code: 'EKYC_OTP_ATTEMPTS_EXCEEDED',
    meaning: 'Maximum number of attempts for OTP match exceeded, or OTP not generated.',
    registrationStatus: 'unchanged',
    nextAction: {
      en: 'The Aadhaar OTP was tried too many times, or it is no longer valid. Start e-KYC again to get a fresh OTP.',
      hi: 'आधार OTP बहुत बार आज़माया गया, या वह अब मान्य नहीं है। नया OTP पाने के लिए ई-केवाईसी फिर से शुरू करें।',
    },
    source: '[AUTH-DOCS] Additional codes; [SETU] exceeded_otp_attempt',
  },
  '952': {
    code: 'EKYC_OTP_REQUEST_LIMIT',
    meaning: 'OTP flooding: OTPs requested too often.',
    registrationStatus: 'EKYC_BLOCKED',
    nextAction: waitForOtp,
    source: '[AUTH-DOCS] Additional codes; [SETU] otp_flooding_error',
  },
  '953': {
    code: 'EKYC_OTP_REQUEST_LIMIT',
    meaning: 'OTP generation limit exceeded (repeated OTP requests without a successful submission).',
    registrationStatus: 'EKYC_BLOCKED',
    nextAction: waitForOtp,
    source: '[AUTH-DOCS] Additional codes; [JUSPAY]; [SETU] exceeded_otp_generation, wait_otp_generation_30min',
  },
  '995': {
    code: 'EKYC_AADHAAR_SUSPENDED',
    meaning: 'Aadhaar suspended by a competent authority.',
    registrationStatus: 'EKYC_BLOCKED',
    nextAction: {
      en: 'UIDAI reports this Aadhaar as suspended by an authority. Call UIDAI on 1947 or visit an Aadhaar Seva Kendra to learn why and what to bring.',
      hi: 'UIDAI के अनुसार यह आधार किसी प्राधिकारी द्वारा निलंबित है। कारण और आवश्यक दस्तावेज़ जानने के लिए UIDAI (1947) पर कॉल करें या आधार सेवा केंद्र जाएँ।',
    },
    source: '[AUTH-DOCS] Authentication codes',
  },
  '996': {
    code: 'EKYC_AADHAAR_CANCELLED',
    meaning: 'Aadhaar cancelled (not in an authenticable status).',
    registrationStatus: 'EKYC_BLOCKED',
    nextAction: {
      en: 'UIDAI reports this Aadhaar as cancelled. Visit a permanent Aadhaar enrolment centre with your documents to enrol again; UIDAI helpline 1947.',
      hi: 'UIDAI के अनुसार यह आधार रद्द है। दोबारा नामांकन के लिए अपने दस्तावेज़ लेकर स्थायी आधार नामांकन केंद्र जाएँ; UIDAI हेल्पलाइन 1947।',
    },
    source: '[AUTH-DOCS] Authentication codes',
  },
  '997': {
    code: 'EKYC_AADHAAR_SUSPENDED',
    meaning: 'Aadhaar suspended (not in an authenticatable status).',
    registrationStatus: 'EKYC_BLOCKED',
    nextAction: {
      en: 'UIDAI reports this Aadhaar as suspended, so it cannot be used now (often a pending document or biometric update). Visit an Aadhaar Seva Kendra to update it, then try again.',
      hi: 'UIDAI के अनुसार यह आधार निलंबित है, इसलिए अभी उपयोग नहीं हो सकता (अक्सर दस्तावेज़ या बायोमेट्रिक अपडेट बाकी)। आधार सेवा केंद्र पर अपडेट कराएँ, फिर प्रयास करें।',
    },
    source: '[AUTH-DOCS] Authentication codes',
  },
  '998': {
    code: 'EKYC_INVALID_AADHAAR',
    meaning: 'Invalid Aadhaar number, or its Aadhaar data not available.',
    registrationStatus: 'EKYC_BLOCKED',
    nextAction: {
      en: 'UIDAI has no usable record for this Aadhaar number. Check the number on your Aadhaar letter or e-Aadhaar and try again; if it is right, visit an Aadhaar Seva Kendra.',
      hi: 'UIDAI के पास इस आधार नंबर का उपयोग योग्य रिकॉर्ड नहीं है। आधार पत्र या ई-आधार पर नंबर जाँचकर फिर प्रयास करें; नंबर सही हो तो आधार सेवा केंद्र जाएँ।',
    },
    source: '[AUTH-DOCS] Authentication codes (998) and e-KYC codes (K-998); [KUA-JS]',
  },
  'K-100': {
    code: 'EKYC_AUTHENTICATION_FAILED',
    meaning: 'Resident authentication failed.',
    registrationStatus: 'unchanged',
    nextAction: {
      en: 'Aadhaar did not confirm it is you: the OTP or fingerprint did not match. Try again — enter the OTP from the latest SMS, or give another finger.',
      hi: 'आधार ने आपकी पुष्टि नहीं की: OTP या फिंगरप्रिंट मेल नहीं खाया। फिर प्रयास करें — नवीनतम SMS का OTP दर्ज करें, या दूसरी उँगली दें।',
    },
    source: '[AUTH-DOCS] e-KYC codes; [KUA-JS]',
  },
  'K-200': {
    code: 'EKYC_DATA_UNAVAILABLE',
    meaning: 'Resident data currently not available.',
    registrationStatus: 'EKYC_BLOCKED',
    nextAction: {
      en: 'UIDAI cannot give your Aadhaar details right now (often while an update is being processed). Try e-KYC again after a few days; if it keeps failing, visit an Aadhaar Seva Kendra.',
      hi: 'UIDAI अभी आपके आधार विवरण नहीं दे पा रहा है (अक्सर जब कोई अपडेट प्रक्रिया में हो)। कुछ दिनों बाद ई-केवाईसी फिर करें; बार-बार विफल हो तो आधार सेवा केंद्र जाएँ।',
    },
    source: '[AUTH-DOCS] e-KYC codes; [KUA-JS]',
  },
};

/** UIDAI's code to our error: a refusal the person can act on, or a retryable provider failure. */
export const mapUidaiError = (code: string): Error => {
  const uidaiCode = code.trim().toUpperCase();
  const entry = Object.hasOwn(uidaiCodes, uidaiCode) ? uidaiCodes[uidaiCode] : undefined;
  if (entry !== undefined) {
    return new EkycRefusedError({
      code: entry.code,
      message: `UIDAI refused e-KYC (${uidaiCode}): ${entry.meaning}`,
      uidaiCode,
      registrationStatus: entry.registrationStatus,
      nextAction: entry.nextAction,
    });
  }
  // 930-939 are UIDAI's technical errors, 950 "could not generate and/or send OTP", 951 a biometric-lock technical
  // error, 999 unknown ([AUTH-DOCS]); anything not in the table is treated as technical too: retried, then
  // reported as the provider being unavailable, never as the person's fault.
  return new ProviderUnavailableError({ message: `The Aadhaar service answered with technical error ${uidaiCode}.` });
};
