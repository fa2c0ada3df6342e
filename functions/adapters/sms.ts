// SMS adapters. Production: AWS End User Messaging SMS (pinpoint-sms-voice-v2) with India DLT entity and template
// ids. Embedded stack: the SMS simulator over HTTP (local/simulators/sms.ts), which keeps an outbox.
import { SendTextMessageCommand, type PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { ProviderUnavailableError } from '../core/errors.js';
import { renderSms } from '../core/sms-templates.js';
import type { SmsMessage, SmsSender, SmsTemplate } from '../ports/sms.js';

export class EndUserMessagingSmsSender implements SmsSender {
  constructor(
    private readonly client: PinpointSMSVoiceV2Client,
    private readonly options: {
      readonly originationIdentity: string;
      readonly dltEntityId: string;
      readonly dltTemplateIds: Readonly<Record<SmsTemplate, string>>;
    },
  ) {}

  async send(message: SmsMessage): Promise<{ messageId: string }> {
    try {
      const result = await this.client.send(
        new SendTextMessageCommand({
          DestinationPhoneNumber: `+91${message.to}`,
          OriginationIdentity: this.options.originationIdentity,
          MessageBody: renderSms(message.template, message.language, message.variables),
          MessageType: 'TRANSACTIONAL',
          DestinationCountryParameters: {
            IN_ENTITY_ID: this.options.dltEntityId,
            IN_TEMPLATE_ID: this.options.dltTemplateIds[message.template],
          },
        }),
      );
      return { messageId: result.MessageId ?? 'unknown' };
    } catch (error) {
      throw new ProviderUnavailableError(`SMS gateway refused the message (${error instanceof Error ? error.name : 'unknown'}).`);
    }
  }
}

export class SimulatorSmsSender implements SmsSender {
  constructor(private readonly baseUrl: string) {}

  async send(message: SmsMessage): Promise<{ messageId: string }> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          to: message.to,
          template: message.template,
          language: message.language,
          text: renderSms(message.template, message.language, message.variables),
        }),
        signal: AbortSignal.timeout(5000),
      });
    } catch {
      throw new ProviderUnavailableError('The SMS gateway did not answer.');
    }
    if (!response.ok) throw new ProviderUnavailableError(`The SMS gateway answered ${response.status}.`);
    return (await response.json()) as { messageId: string };
  }
}
