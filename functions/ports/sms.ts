// Sending SMS. India requires DLT registration: every message names a registered entity and template.
/** Every text the pipeline sends; each needs a DLT template id in production (SMS_DLT_TEMPLATE_IDS). */
export const smsTemplateNames = ['mobile-otp', 'card-issued', 'approval-reminder', 'registration-resumed', 'approval-due-soon'] as const;
export type SmsTemplate = (typeof smsTemplateNames)[number];

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
