// Sending SMS. India requires DLT registration: every message names a registered entity and template.
/** Every text the pipeline sends; each needs a DLT template id in production (SMS_DLT_TEMPLATE_IDS). */
export const smsTemplateNames = [
  'mobile-otp',
  'card-issued',
  'approval-reminder',
  'registration-resumed',
  'approval-due-soon',
  'camp-invitation',
  'field-worker-daily',
] as const;
export type SmsTemplate = (typeof smsTemplateNames)[number];

/**
 * A template's DLT id. DLT registers each text, so the English and the Hindi text of a template are two templates
 * with two ids (`{ en, hi }`); one id stands for both where a deployment registered only one.
 */
export type DltTemplateId = string | { readonly en: string; readonly hi: string };

export const dltTemplateIdFor = (id: DltTemplateId, language: 'en' | 'hi'): string => (typeof id === 'string' ? id : id[language]);

export interface SmsMessage {
  readonly to: string;
  readonly template: SmsTemplate;
  readonly language: 'en' | 'hi';
  readonly variables: Readonly<Record<string, string>>;
}

export interface SmsSender {
  /** Throws ProviderUnavailableError when the gateway fails in a way worth retrying. */
  send(message: SmsMessage): Promise<{ messageId: string }>;
}
