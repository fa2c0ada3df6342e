// The consent texts a person is shown before Aadhaar e-KYC, in English and Hindi, by version. Published by
// GET /v1/consents; POST /v1/registrations/{id}/ekyc records the version and language the person accepted and
// refuses a version not listed here (a portal showing an old or home-made text is not consent to this one).
// A changed text is a new version: versions are never edited once published.
import { ValidationError } from './errors.js';

export interface ConsentText {
  readonly version: string;
  /** What the consent is for. */
  readonly purpose: 'aadhaar-ekyc';
  /** The first day the text was in use (yyyy-mm-dd). */
  readonly since: string;
  readonly en: string;
  readonly hi: string;
}

export const consentTexts: readonly ConsentText[] = [
  {
    version: 'ekyc-consent-v1',
    purpose: 'aadhaar-ekyc',
    since: '2026-01-01',
    en:
      'I give my consent to use my Aadhaar number and, as I choose, an OTP sent to my Aadhaar-linked mobile or my ' +
      'fingerprint, iris or face, to authenticate me with UIDAI and to receive my name, year of birth, gender and ' +
      'photograph (e-KYC), only to register me for this health card. I understand that my Aadhaar number will not be ' +
      'stored (only its last 4 digits), that my biometrics are not kept, and that I may instead register with another ' +
      'identity document at the district office.',
    hi:
      'मैं अपनी सहमति देता/देती हूँ कि मेरा आधार नंबर और, मेरी पसंद से, मेरे आधार से जुड़े मोबाइल पर भेजा गया OTP या ' +
      'मेरी उँगली की छाप, आँख की पुतली या चेहरा, UIDAI से मेरे प्रमाणीकरण और मेरा नाम, जन्म वर्ष, लिंग और फ़ोटो (ई-केवाईसी) ' +
      'प्राप्त करने के लिए उपयोग किया जाए, केवल इस स्वास्थ्य कार्ड हेतु मेरे पंजीकरण के लिए। मैं समझता/समझती हूँ कि मेरा आधार ' +
      'नंबर संग्रहीत नहीं किया जाएगा (केवल अंतिम 4 अंक), मेरा बायोमेट्रिक नहीं रखा जाएगा, और मैं इसके बजाय जिला कार्यालय में ' +
      'किसी अन्य पहचान दस्तावेज़ से पंजीकरण करा सकता/सकती हूँ।',
  },
];

export const consentVersions = consentTexts.map((text) => text.version);

/** The text of a published version, or a 400 naming the versions there are. */
export const requireConsentText = (version: string): ConsentText => {
  const text = consentTexts.find((candidate) => candidate.version === version);
  if (text === undefined) {
    throw new ValidationError({
      code: 'CONSENT_VERSION_UNKNOWN',
      message: `Consent text version "${version}" is not one this API publishes (GET /v1/consents): ${consentVersions.join(', ')}.`,
      details: { known: consentVersions },
    });
  }
  return text;
};
