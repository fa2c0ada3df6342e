// The desk page's words in English and Hindi: one flat dictionary each, the Hindi one checked by the compiler
// to have every key. Its own, small: the page is not the dashboard and does not load the dashboard's words.

export const en = {
  title: 'Health card desk check',
  intro: "Point the camera at the QR code on the card. The card's signature is checked on this phone.",
  language: 'Language',
  scan: 'Scan a card',
  scanAgain: 'Scan another card',
  scanning: 'Looking for a QR code…',
  cameraFailed: 'The camera could not be opened ({error}). Type the card number below instead.',
  trustLoading: 'Loading the card keys and the revocation list…',
  trustAsOf: 'Keys and revocations as of {time}',
  trustSavedCopy: 'saved copy, no network',
  trustListed: 'Revoked cards in the list: {count}',
  keysMissing: 'The card keys could not be loaded. Open this page once with the network, then it works offline.',
  listRefused: 'The revocation list was refused: its signature is not valid. Cards are not checked against it until a genuine list loads.',
  listMissing: 'The revocation list could not be loaded: cards are not checked against it.',
  verdict_valid: 'Valid card',
  verdict_not_valid: 'Not valid',
  verdict_expired: 'Expired',
  verdict_revoked: 'Revoked',
  notValid_malformed: "This QR code is not a health card's.",
  notValid_unknown_key: 'Signed with a key this page does not know: not a card of this scheme, or the keys are out of date.',
  notValid_bad_signature: "The signature does not match: the card's data was changed or forged.",
  notValid_outside_key_period: 'Signed with a key outside the period that key was in use.',
  notValid_not_yet_valid: 'The card is not valid yet.',
  expiredOn: 'The card ended on {date}.',
  revoked_DUPLICATE: 'Revoked: a duplicate card.',
  revoked_DECEASED: 'Revoked: the card holder has died.',
  revoked_ISSUED_IN_ERROR: 'Revoked: issued in error.',
  revoked_FRAUD: 'Revoked: fraud.',
  notCheckedForRevocation: 'Genuine, but not checked against a revocation list.',
  field_name: 'Name',
  field_nameLocal: 'Name (Hindi)',
  field_yearOfBirth: 'Year of birth',
  field_gender: 'Gender',
  field_scheme: 'Scheme',
  field_cardNumber: 'Card number',
  field_validity: 'Valid',
  field_aadhaarLast4: 'Aadhaar (last 4)',
  field_nameMasked: 'Name',
  field_status: 'Status',
  validRange: '{from} to {until}',
  gender_M: 'Male',
  gender_F: 'Female',
  gender_T: 'Transgender',
  scheme_up_sects: 'UP state employees cashless scheme',
  scheme_pmjay: 'Ayushman Bharat PM-JAY',
  typedTitle: 'QR damaged? Check by card number',
  typedLabel: 'Card number',
  typedCheck: 'Check online',
  typedChecking: 'Checking…',
  typedNeedsNetwork: 'Checking by card number needs the network, and this phone is offline.',
  typedBadNumber: 'A card number looks like UPS-LUC-00001234-7.',
  typedNotFound: 'No card has this number.',
  typedFailed: 'The check did not work ({error}). Try again.',
  status_VALID: 'Valid card',
  status_REVOKED: 'Revoked',
  status_EXPIRED: 'Expired',
  status_NOT_FOUND: 'Not found',
} as const;

export type WordKey = keyof typeof en;

/** Every English key, and no other, in Hindi (the compiler checks both). */
export const hi: Readonly<Record<WordKey, string>> = {
  title: 'हेल्थ कार्ड की डेस्क जाँच',
  intro: 'कैमरा कार्ड के QR कोड की ओर करें। कार्ड के हस्ताक्षर की जाँच इसी फ़ोन पर होती है।',
  language: 'भाषा',
  scan: 'कार्ड स्कैन करें',
  scanAgain: 'दूसरा कार्ड स्कैन करें',
  scanning: 'QR कोड ढूँढ रहे हैं…',
  cameraFailed: 'कैमरा नहीं खुल सका ({error})। नीचे कार्ड संख्या लिखें।',
  trustLoading: 'कार्ड की कुंजियाँ और रद्द कार्डों की सूची लोड हो रही है…',
  trustAsOf: 'कुंजियाँ और रद्द कार्डों की सूची {time} तक की',
  trustSavedCopy: 'सहेजी गई प्रति, नेटवर्क नहीं',
  trustListed: 'सूची में रद्द कार्ड: {count}',
  keysMissing: 'कार्ड की कुंजियाँ लोड नहीं हो सकीं। यह पेज एक बार नेटवर्क के साथ खोलें, फिर यह बिना नेटवर्क के भी चलेगा।',
  listRefused: 'रद्द कार्डों की सूची अस्वीकार की गई: उसका हस्ताक्षर मान्य नहीं है। असली सूची लोड होने तक कार्डों की जाँच उससे नहीं होगी।',
  listMissing: 'रद्द कार्डों की सूची लोड नहीं हो सकी: कार्डों की जाँच उससे नहीं हो रही है।',
  verdict_valid: 'मान्य कार्ड',
  verdict_not_valid: 'मान्य नहीं',
  verdict_expired: 'अवधि समाप्त',
  verdict_revoked: 'रद्द',
  notValid_malformed: 'यह QR कोड किसी हेल्थ कार्ड का नहीं है।',
  notValid_unknown_key: 'ऐसी कुंजी से हस्ताक्षरित जिसे यह पेज नहीं जानता: इस योजना का कार्ड नहीं, या कुंजियाँ पुरानी हैं।',
  notValid_bad_signature: 'हस्ताक्षर मेल नहीं खाता: कार्ड का डेटा बदला गया है या कार्ड नकली है।',
  notValid_outside_key_period: 'कुंजी के उपयोग की अवधि के बाहर हस्ताक्षरित।',
  notValid_not_yet_valid: 'कार्ड अभी मान्य नहीं हुआ है।',
  expiredOn: 'कार्ड की अवधि {date} को समाप्त हुई।',
  revoked_DUPLICATE: 'रद्द: दोहरा कार्ड।',
  revoked_DECEASED: 'रद्द: कार्डधारक का निधन हो चुका है।',
  revoked_ISSUED_IN_ERROR: 'रद्द: गलती से जारी हुआ।',
  revoked_FRAUD: 'रद्द: धोखाधड़ी।',
  notCheckedForRevocation: 'असली कार्ड, पर रद्द कार्डों की सूची से जाँच नहीं हुई।',
  field_name: 'नाम',
  field_nameLocal: 'नाम (हिन्दी)',
  field_yearOfBirth: 'जन्म वर्ष',
  field_gender: 'लिंग',
  field_scheme: 'योजना',
  field_cardNumber: 'कार्ड संख्या',
  field_validity: 'मान्य',
  field_aadhaarLast4: 'आधार (अंतिम 4)',
  field_nameMasked: 'नाम',
  field_status: 'स्थिति',
  validRange: '{from} से {until} तक',
  gender_M: 'पुरुष',
  gender_F: 'महिला',
  gender_T: 'ट्रांसजेंडर',
  scheme_up_sects: 'उ.प्र. राज्य कर्मचारी कैशलेस योजना',
  scheme_pmjay: 'आयुष्मान भारत पीएम-जय',
  typedTitle: 'QR खराब है? कार्ड संख्या से जाँचें',
  typedLabel: 'कार्ड संख्या',
  typedCheck: 'ऑनलाइन जाँचें',
  typedChecking: 'जाँच हो रही है…',
  typedNeedsNetwork: 'कार्ड संख्या से जाँच के लिए नेटवर्क चाहिए, और यह फ़ोन ऑफ़लाइन है।',
  typedBadNumber: 'कार्ड संख्या ऐसी दिखती है: UPS-LUC-00001234-7।',
  typedNotFound: 'इस संख्या का कोई कार्ड नहीं है।',
  typedFailed: 'जाँच नहीं हो सकी ({error})। फिर से प्रयास करें।',
  status_VALID: 'मान्य कार्ड',
  status_REVOKED: 'रद्द',
  status_EXPIRED: 'अवधि समाप्त',
  status_NOT_FOUND: 'नहीं मिला',
};

export type Language = 'en' | 'hi';
export const dictionaries: Readonly<Record<Language, Readonly<Record<WordKey, string>>>> = { en, hi };
export const languageNames: Readonly<Record<Language, string>> = { en: 'English', hi: 'हिन्दी' };

export type Translate = (key: WordKey, values?: Readonly<Record<string, string | number>>) => string;

export const translator =
  (language: Language): Translate =>
  (key, values = {}) =>
    dictionaries[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));

/** `prefix_value` when the dictionary has it (`scheme_up-sects` -> `scheme_up_sects`); the value itself otherwise. */
export const wordFor = (t: Translate, prefix: string, value: string): string => {
  const key = `${prefix}_${value.replace(/[^A-Za-z0-9]/g, '_')}`;
  return key in en ? t(key as WordKey) : value;
};

// The dashboard's key: a person who chose Hindi there gets Hindi here, on the same origin.
const storageKey = 'healthcard.language';
export const savedLanguage = (): Language => (localStorage.getItem(storageKey) === 'hi' ? 'hi' : 'en');
export const saveLanguage = (language: Language): void => localStorage.setItem(storageKey, language);
