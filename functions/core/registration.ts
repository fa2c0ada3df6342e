// A registration's life: statuses, which changes are allowed, and what the person must do next in each.
// Pure. The repository makes every change a conditional write against `allowedFrom`, with an audit event.

export const registrationStatuses = [
  'STARTED',
  'MOBILE_OTP_SENT',
  'MOBILE_OTP_EXPIRED',
  'MOBILE_OTP_LOCKED',
  'MOBILE_OTP_RESEND_LIMIT',
  // No code could be sent: the mobile had all the codes it may get in an hour (otp.ts maxSendsPerMobilePerHour).
  'MOBILE_SMS_LIMIT',
  'MOBILE_VERIFIED',
  'EKYC_PENDING',
  'EKYC_OTP_SENT',
  'EKYC_PROVIDER_UNAVAILABLE',
  'EKYC_BLOCKED',
  'EKYC_VERIFIED',
  'NOT_ELIGIBLE',
  'DUPLICATE',
  'PENDING_APPROVAL',
  'RETURNED_FOR_CORRECTION',
  'APPROVED',
  'REJECTED',
  'CARD_MADE',
  'CARD_ISSUED',
  'EXPIRED',
  'STOPPED',
] as const;

export type RegistrationStatus = (typeof registrationStatuses)[number];

/** Statuses after which nothing more happens to this registration. */
export const terminalStatuses: ReadonlySet<RegistrationStatus> = new Set([
  'MOBILE_OTP_LOCKED',
  'MOBILE_OTP_RESEND_LIMIT',
  'MOBILE_SMS_LIMIT',
  'NOT_ELIGIBLE',
  'DUPLICATE',
  'REJECTED',
  'CARD_ISSUED',
  'EXPIRED',
]);

/** The statuses in which e-KYC may be started or tried again: the mobile verified, e-KYC not yet done. */
export const ekycOpen: readonly RegistrationStatus[] = [
  'MOBILE_VERIFIED',
  'EKYC_PENDING',
  'EKYC_OTP_SENT',
  'EKYC_PROVIDER_UNAVAILABLE',
  'EKYC_BLOCKED',
];

/** Where each status may be entered from. Anything else is refused by a conditional write. */
export const allowedFrom: Record<RegistrationStatus, readonly RegistrationStatus[]> = {
  STARTED: [],
  MOBILE_OTP_SENT: ['STARTED', 'MOBILE_OTP_SENT', 'MOBILE_OTP_EXPIRED'],
  MOBILE_OTP_EXPIRED: ['MOBILE_OTP_SENT'],
  MOBILE_OTP_LOCKED: ['MOBILE_OTP_SENT', 'MOBILE_OTP_EXPIRED'],
  MOBILE_OTP_RESEND_LIMIT: ['MOBILE_OTP_SENT', 'MOBILE_OTP_EXPIRED'],
  // The first code of the registration could not be sent (a later resend refused keeps the code already sent).
  MOBILE_SMS_LIMIT: ['STARTED'],
  MOBILE_VERIFIED: ['MOBILE_OTP_SENT'],
  // From EKYC_BLOCKED: an operator reported the blocker fixed (use-cases/blockers.ts).
  EKYC_PENDING: ['MOBILE_VERIFIED', 'EKYC_BLOCKED'],
  EKYC_OTP_SENT: ekycOpen,
  EKYC_PROVIDER_UNAVAILABLE: ekycOpen,
  EKYC_BLOCKED: ekycOpen,
  EKYC_VERIFIED: [...ekycOpen, 'RETURNED_FOR_CORRECTION'],
  NOT_ELIGIBLE: ['EKYC_VERIFIED'],
  DUPLICATE: ['EKYC_VERIFIED'],
  PENDING_APPROVAL: ['EKYC_VERIFIED', 'PENDING_APPROVAL', 'RETURNED_FOR_CORRECTION'],
  RETURNED_FOR_CORRECTION: ['PENDING_APPROVAL'],
  APPROVED: ['EKYC_VERIFIED', 'PENDING_APPROVAL'],
  REJECTED: ['PENDING_APPROVAL', 'RETURNED_FOR_CORRECTION'],
  // The card made and stored, its SMS not yet accepted by the gateway.
  CARD_MADE: ['APPROVED'],
  // Issued once the person has been sent the link: a card nobody was told of is not issued.
  CARD_ISSUED: ['CARD_MADE'],
  EXPIRED: ['STARTED', 'MOBILE_OTP_SENT', 'MOBILE_OTP_EXPIRED', ...ekycOpen, 'RETURNED_FOR_CORRECTION'],
  // An admin stopped the execution (from the API or the Step Functions console): any status it can still move on from.
  STOPPED: registrationStatuses.filter((status) => !terminalStatuses.has(status) && status !== 'STOPPED'),
};

export interface NextAction {
  readonly en: string;
  readonly hi: string;
}

/** What the person (or the operator helping them) does next, shown by GET /v1/registrations/{id}. */
export const nextActions: Record<RegistrationStatus, NextAction> = {
  STARTED: { en: 'Wait for the SMS with a 6-digit code on your mobile.', hi: 'अपने मोबाइल पर 6 अंकों के कोड वाले SMS की प्रतीक्षा करें।' },
  MOBILE_OTP_SENT: {
    en: 'Enter the 6-digit code sent by SMS to your mobile. It is valid for 10 minutes.',
    hi: 'आपके मोबाइल पर SMS से भेजा गया 6 अंकों का कोड दर्ज करें। यह 10 मिनट तक मान्य है।',
  },
  MOBILE_OTP_EXPIRED: {
    en: 'The code has expired. Ask for a new code (resend) and enter it.',
    hi: 'कोड की समय-सीमा समाप्त हो गई है। नया कोड मँगाएँ (पुनः भेजें) और उसे दर्ज करें।',
  },
  // Both hold for the person and the mobile for 24 hours (otp.ts otpLockPolicy): a new registration is refused until then.
  MOBILE_OTP_LOCKED: {
    en: 'Too many wrong codes. Start a new registration after 24 hours, or visit a registration camp.',
    hi: 'बहुत अधिक गलत कोड। 24 घंटे बाद नया पंजीकरण शुरू करें, या पंजीकरण शिविर पर जाएँ।',
  },
  MOBILE_OTP_RESEND_LIMIT: {
    en: 'The code was sent too many times. Start a new registration after 24 hours, or visit a registration camp.',
    hi: 'कोड बहुत बार भेजा जा चुका है। 24 घंटे बाद नया पंजीकरण शुरू करें, या पंजीकरण शिविर पर जाएँ।',
  },
  MOBILE_SMS_LIMIT: {
    en: 'Too many codes were sent to this mobile number in the last hour. Start again with another mobile number, or with this one after an hour.',
    hi: 'पिछले एक घंटे में इस मोबाइल नंबर पर बहुत अधिक कोड भेजे गए। किसी दूसरे मोबाइल नंबर से फिर से शुरू करें, या इसी नंबर से एक घंटे बाद।',
  },
  MOBILE_VERIFIED: {
    en: 'Mobile verified. Next: Aadhaar e-KYC — give consent and your Aadhaar number.',
    hi: 'मोबाइल सत्यापित। अगला: आधार ई-केवाईसी — सहमति दें और अपना आधार नंबर दर्ज करें।',
  },
  EKYC_PENDING: {
    en: 'Give consent and your Aadhaar number for e-KYC (OTP to your Aadhaar-linked mobile, or fingerprint/face at a camp).',
    hi: 'ई-केवाईसी के लिए सहमति दें और आधार नंबर दर्ज करें (आधार से जुड़े मोबाइल पर OTP, या शिविर में फिंगरप्रिंट/चेहरा)।',
  },
  EKYC_OTP_SENT: {
    en: 'Enter the OTP that UIDAI sent to your Aadhaar-linked mobile.',
    hi: 'UIDAI द्वारा आपके आधार से जुड़े मोबाइल पर भेजा गया OTP दर्ज करें।',
  },
  EKYC_PROVIDER_UNAVAILABLE: {
    en: 'The Aadhaar service did not answer. Nothing is lost: try e-KYC again in a few minutes.',
    hi: 'आधार सेवा ने उत्तर नहीं दिया। कुछ भी नष्ट नहीं हुआ है: कुछ मिनट बाद ई-केवाईसी फिर से करें।',
  },
  EKYC_BLOCKED: {
    en: 'e-KYC could not be completed; see the reason. Fix it, then try e-KYC again — your registration waits.',
    hi: 'ई-केवाईसी पूरा नहीं हो सका; कारण देखें। उसे ठीक करें, फिर ई-केवाईसी दोबारा करें — आपका पंजीकरण प्रतीक्षा में है।',
  },
  EKYC_VERIFIED: {
    en: 'e-KYC done. Your details are being matched with the records.',
    hi: 'ई-केवाईसी पूर्ण। आपके विवरण का अभिलेखों से मिलान हो रहा है।',
  },
  NOT_ELIGIBLE: {
    en: 'You are not on the eligible list for this scheme. Contact your department or the district office.',
    hi: 'आप इस योजना की पात्र सूची में नहीं हैं। अपने विभाग या जिला कार्यालय से संपर्क करें।',
  },
  DUPLICATE: {
    en: 'A card for this Aadhaar already exists in this scheme (see the existing card). No new card is needed.',
    hi: 'इस योजना में इस आधार का कार्ड पहले से है (मौजूदा कार्ड देखें)। नए कार्ड की आवश्यकता नहीं है।',
  },
  PENDING_APPROVAL: { en: 'Waiting for approval by the approving officer.', hi: 'मंज़ूरी देने वाले अधिकारी की मंज़ूरी की प्रतीक्षा है।' },
  RETURNED_FOR_CORRECTION: {
    en: 'The approving officer returned your registration for correction; see the note, correct it, and submit again.',
    hi: 'मंज़ूरी देने वाले अधिकारी ने आपका पंजीकरण सुधार के लिए लौटाया है; टिप्पणी देखें, सुधार करें और फिर से जमा करें।',
  },
  APPROVED: { en: 'Approved. Your card is being issued.', hi: 'मंज़ूर। आपका कार्ड जारी किया जा रहा है।' },
  REJECTED: {
    en: 'The registration was rejected; see the reason. Contact your DDO or the district office if it is wrong.',
    hi: 'पंजीकरण नामंज़ूर हुआ; कारण देखें। यदि यह गलत है तो अपने डीडीओ या जिला कार्यालय से संपर्क करें।',
  },
  CARD_MADE: {
    en: 'Your card is made, but the SMS with its download link could not be sent yet; it will be sent again. Meanwhile the camp operator or CSC can download and print your card.',
    hi: 'आपका कार्ड बन गया है, पर उसके डाउनलोड लिंक वाला SMS अभी भेजा नहीं जा सका; उसे फिर से भेजा जाएगा। तब तक शिविर संचालक या CSC आपका कार्ड डाउनलोड करके छाप सकते हैं।',
  },
  CARD_ISSUED: {
    en: 'Your card is ready. Download it from the link sent by SMS.',
    hi: 'आपका कार्ड तैयार है। SMS से भेजे गए लिंक से इसे डाउनलोड करें।',
  },
  EXPIRED: {
    en: 'This registration expired before it was completed. Start a new registration.',
    hi: 'यह पंजीकरण पूरा होने से पहले समाप्त हो गया। नया पंजीकरण शुरू करें।',
  },
  STOPPED: {
    en: 'The district office has paused this registration. Nothing is lost: contact the district office, which can resume it from where it stopped.',
    hi: 'जिला कार्यालय ने यह पंजीकरण रोक दिया है। कुछ भी नष्ट नहीं हुआ है: जिला कार्यालय से संपर्क करें, वे इसे वहीं से फिर शुरू कर सकते हैं जहाँ यह रुका था।',
  },
};

export const canTransition = (from: RegistrationStatus, to: RegistrationStatus): boolean => allowedFrom[to].includes(from);

/**
 * A stopped registration leaves STOPPED only when its execution runs again (a redrive), and only for the status it
 * was stopped in: no API call moves it on meanwhile, since nothing of its workflow is waiting.
 */
export const canResume = (stoppedFrom: RegistrationStatus | undefined, to: RegistrationStatus): boolean =>
  stoppedFrom !== undefined && stoppedFrom === to && allowedFrom.STOPPED.includes(to);
