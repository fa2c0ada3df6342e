// Aadhaar e-KYC outcomes. UIDAI answers with numeric codes; each code a person can act on becomes an error class
// (the class name is what workflows and the API branch on) with the next action in English and Hindi. Technical
// codes (930-939 and the like), timeouts and 5xx are ProviderUnavailableError: retried, never the person's fault.
// Codes follow UIDAI's Authentication and e-KYC API error tables (Aadhaar Auth API 2.5, OTP API 2.5); see docs/ekyc.md.
import { HealthcardError, ProviderUnavailableError } from './errors.js';
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

/** A refusal the person can act on: carries UIDAI's code and what to do next. */
export abstract class EkycRefusedError extends HealthcardError {
  readonly httpStatus = 422;
  abstract readonly uidaiCode: string;
  abstract readonly nextAction: NextAction;
}

export class InvalidAadhaarOtpError extends EkycRefusedError {
  readonly code = 'EKYC_INVALID_OTP';
  readonly uidaiCode = '400';
  readonly nextAction = {
    en: 'The Aadhaar OTP is not right. Enter the OTP from the latest SMS sent by UIDAI.',
    hi: 'आधार OTP सही नहीं है। UIDAI द्वारा भेजे गए नवीनतम SMS का OTP दर्ज करें।',
  };
}

export class EkycOtpExpiredError extends EkycRefusedError {
  readonly code = 'EKYC_OTP_EXPIRED';
  readonly uidaiCode = '403';
  readonly nextAction = {
    en: 'The Aadhaar OTP expired or was tried too often. Start e-KYC again to get a fresh OTP.',
    hi: 'आधार OTP की अवधि समाप्त हो गई या बहुत बार प्रयास हुआ। नया OTP पाने के लिए ई-केवाईसी फिर से शुरू करें।',
  };
}

export class MobileNotLinkedError extends EkycRefusedError {
  readonly code = 'EKYC_MOBILE_NOT_LINKED';
  readonly uidaiCode = '111';
  readonly nextAction = {
    en: 'No mobile number is linked to this Aadhaar. Visit an Aadhaar Seva Kendra or enrolment centre to link your mobile (update Aadhaar), then try again — or do e-KYC by fingerprint at a registration camp.',
    hi: 'इस आधार से कोई मोबाइल नंबर जुड़ा नहीं है। आधार सेवा केंद्र या नामांकन केंद्र पर जाकर मोबाइल नंबर जुड़वाएँ (आधार अपडेट), फिर प्रयास करें — या पंजीकरण शिविर में फिंगरप्रिंट से ई-केवाईसी कराएँ।',
  };
}

export class BiometricMismatchError extends EkycRefusedError {
  readonly code = 'EKYC_BIOMETRIC_MISMATCH';
  readonly uidaiCode = '300';
  readonly nextAction = {
    en: 'The fingerprint or face did not match. Try again with another finger, or use OTP e-KYC; if it keeps failing, update biometrics at an Aadhaar Seva Kendra.',
    hi: 'फिंगरप्रिंट या चेहरा मेल नहीं खाया। दूसरी उँगली से फिर प्रयास करें, या OTP से ई-केवाईसी करें; बार-बार विफल हो तो आधार सेवा केंद्र पर बायोमेट्रिक अपडेट कराएँ।',
  };
}

export class BiometricsLockedError extends EkycRefusedError {
  readonly code = 'EKYC_BIOMETRICS_LOCKED';
  readonly uidaiCode = '330';
  readonly nextAction = {
    en: 'Your Aadhaar biometrics are locked. Unlock them in the mAadhaar app or on the UIDAI website, or use OTP e-KYC.',
    hi: 'आपके आधार बायोमेट्रिक लॉक हैं। mAadhaar ऐप या UIDAI वेबसाइट पर अनलॉक करें, या OTP से ई-केवाईसी करें।',
  };
}

export class AadhaarCancelledError extends EkycRefusedError {
  readonly code = 'EKYC_AADHAAR_CANCELLED';
  readonly uidaiCode = '996';
  readonly nextAction = {
    en: 'UIDAI reports this Aadhaar as cancelled. Contact UIDAI (1947) or an Aadhaar Seva Kendra.',
    hi: 'UIDAI के अनुसार यह आधार रद्द है। UIDAI (1947) या आधार सेवा केंद्र से संपर्क करें।',
  };
}

export class AadhaarSuspendedError extends EkycRefusedError {
  readonly code = 'EKYC_AADHAAR_SUSPENDED';
  readonly uidaiCode = '997';
  readonly nextAction = {
    en: 'UIDAI reports this Aadhaar as suspended (often a pending document or biometric update). Visit an Aadhaar Seva Kendra.',
    hi: 'UIDAI के अनुसार यह आधार निलंबित है (अक्सर दस्तावेज़ या बायोमेट्रिक अपडेट बाकी)। आधार सेवा केंद्र जाएँ।',
  };
}

export class InvalidAadhaarNumberError extends EkycRefusedError {
  readonly code = 'EKYC_INVALID_AADHAAR';
  readonly uidaiCode = '998';
  readonly nextAction = {
    en: 'UIDAI does not know this Aadhaar number. Check the number on the Aadhaar letter or e-Aadhaar.',
    hi: 'UIDAI को यह आधार नंबर ज्ञात नहीं है। आधार पत्र या ई-आधार पर नंबर जाँचें।',
  };
}

const refusals: Record<string, new (message: string) => EkycRefusedError> = {
  '110': MobileNotLinkedError,
  '111': MobileNotLinkedError,
  '112': MobileNotLinkedError,
  '300': BiometricMismatchError,
  '330': BiometricsLockedError,
  '400': InvalidAadhaarOtpError,
  '403': EkycOtpExpiredError,
  '995': AadhaarSuspendedError,
  '996': AadhaarCancelledError,
  '997': AadhaarSuspendedError,
  '998': InvalidAadhaarNumberError,
};

const messages: Record<string, string> = {
  '110': 'Aadhaar has no verified mobile or email.',
  '111': 'Aadhaar has no verified mobile number.',
  '112': 'Aadhaar has neither mobile nor email.',
  '300': 'Biometric data did not match.',
  '330': 'Biometrics locked by the Aadhaar holder.',
  '400': 'Invalid Aadhaar OTP.',
  '403': 'Aadhaar OTP expired or too many attempts.',
  '995': 'Aadhaar suspended by a competent authority.',
  '996': 'Aadhaar cancelled.',
  '997': 'Aadhaar suspended.',
  '998': 'Invalid Aadhaar number.',
};

/** UIDAI's code to our error: a refusal the person can act on, or a retryable provider failure. */
export const mapUidaiError = (code: string): Error => {
  const refusal = refusals[code];
  if (refusal !== undefined) return new refusal(messages[code] ?? `UIDAI refused (${code}).`);
  // 930-939 are UIDAI's technical errors; 950-952 OTP-store and flooding errors; anything unknown is treated as
  // technical too: retried, then reported as the provider being unavailable, never as the person's fault.
  return new ProviderUnavailableError(`The Aadhaar service answered with technical error ${code}.`);
};
