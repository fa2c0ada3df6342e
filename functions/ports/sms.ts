// Sending SMS. India requires DLT registration: every message names a registered entity and template.
export type SmsTemplate = 'mobile-otp' | 'card-issued' | 'approval-reminder';

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
