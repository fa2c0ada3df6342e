// SMS texts, English and Hindi. In India each must be registered on the DLT platform with its variables; the
// production adapter sends the registered template id with these variables (ids come from configuration).
import type { SmsTemplate } from '../ports/sms.js';

export const smsTemplates: Record<SmsTemplate, { en: string; hi: string; variables: readonly string[] }> = {
  'mobile-otp': {
    en: '{otp} is your OTP for {scheme} health card registration. Valid for 10 minutes. Do not share it with anyone.',
    hi: '{scheme} स्वास्थ्य कार्ड पंजीकरण के लिए आपका OTP {otp} है। 10 मिनट तक मान्य। इसे किसी को न बताएँ।',
    variables: ['otp', 'scheme'],
  },
  'card-issued': {
    en: 'Your {scheme} health card {cardNumber} is ready. Download: {link}',
    hi: 'आपका {scheme} स्वास्थ्य कार्ड {cardNumber} तैयार है। डाउनलोड करें: {link}',
    variables: ['scheme', 'cardNumber', 'link'],
  },
  'approval-reminder': {
    en: '{count} health card registrations are waiting for your approval. Oldest: {days} days.',
    hi: '{count} स्वास्थ्य कार्ड पंजीकरण आपकी मंज़ूरी की प्रतीक्षा में हैं। सबसे पुराना: {days} दिन।',
    variables: ['count', 'days'],
  },
  'registration-resumed': {
    en: 'Your {scheme} health card registration can go on: the Aadhaar problem is marked fixed. Complete e-KYC at the camp or on the portal.',
    hi: 'आपका {scheme} स्वास्थ्य कार्ड पंजीकरण आगे बढ़ सकता है: आधार की समस्या ठीक दर्ज की गई है। शिविर या पोर्टल पर ई-केवाईसी पूरा करें।',
    variables: ['scheme'],
  },
  // To an approver, once per case, a day before its SLA passes (core/use-cases/reminders.ts).
  'approval-due-soon': {
    en: 'Health card registration of {name} waiting for your approval passes its deadline on {due}. Please decide it.',
    hi: '{name} का स्वास्थ्य कार्ड पंजीकरण आपकी मंज़ूरी की प्रतीक्षा में है; इसकी समय-सीमा {due} को समाप्त होगी। कृपया फ़ैसला करें।',
    variables: ['name', 'due'],
  },
  // To a person on a camp's target list, once per camp (core/use-cases/camps.ts); never to an opted-out mobile.
  'camp-invitation': {
    en: 'Health card camp for {scheme}: {place}, {date}, {hours}. Bring your Aadhaar card, ration card or employee ID, and the mobile linked to Aadhaar.',
    hi: '{scheme} स्वास्थ्य कार्ड शिविर: {place}, {date}, {hours}। अपना आधार कार्ड, राशन कार्ड या कर्मचारी आईडी, और आधार से जुड़ा मोबाइल साथ लाएँ।',
    variables: ['scheme', 'place', 'date', 'hours'],
  },
  // To a field worker, at most once an Indian day, with the people of their segment still without a card
  // (core/use-cases/field-force.ts).
  'field-worker-daily': {
    en: '{pending} people you are responsible for still have no health card. Open your worklist to see whom to visit today.',
    hi: 'आपकी ज़िम्मेदारी के {pending} लोगों का स्वास्थ्य कार्ड अभी नहीं बना है। आज किससे मिलना है, अपनी कार्यसूची में देखें।',
    variables: ['pending'],
  },
};

export const renderSms = (template: SmsTemplate, language: 'en' | 'hi', variables: Readonly<Record<string, string>>): string => {
  const spec = smsTemplates[template];
  for (const name of spec.variables) {
    if (variables[name] === undefined) throw new Error(`SMS template ${template} needs {${name}}`);
  }
  return spec[language].replace(/\{(\w+)\}/g, (_match, name: string) => variables[name] ?? '');
};
