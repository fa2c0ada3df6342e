// SMS adapters. Production: AWS End User Messaging SMS (pinpoint-sms-voice-v2) with India DLT entity and template
// ids. Embedded stack: the SMS simulator over HTTP (local/simulators/sms.ts), which keeps an outbox.
import type { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProviderUnavailableError, SmsRejectedError } from '../core/errors.js';
import { withProviderRetries, type RetryPolicy } from '../core/retry.js';
import { renderSms } from '../core/sms-templates.js';
import { dltTemplateIdFor, type DltTemplateId, type SmsMessage, type SmsSender, type SmsTemplate } from '../ports/sms.js';

export class EndUserMessagingSmsSender implements SmsSender {
  /** Made once per container, on the first message. */
  private client: PinpointSMSVoiceV2Client | undefined;

  constructor(
    /** AWS region of the SMS client; the SDK package is imported and the client made on the first message. */
    private readonly region: string,
    private readonly options: {
      readonly originationIdentity: string;
      readonly dltEntityId: string;
      readonly dltTemplateIds: Readonly<Record<SmsTemplate, DltTemplateId>>;
    },
  ) {}

  async send(message: SmsMessage): Promise<{ messageId: string }> {
    // Imported on the first message, not at init: most routes of a function that can send SMS never do.
    const { PinpointSMSVoiceV2Client, SendTextMessageCommand } = await import('@aws-sdk/client-pinpoint-sms-voice-v2');
    this.client ??= new PinpointSMSVoiceV2Client({ region: this.region });
    try {
      const result = await this.client.send(
        new SendTextMessageCommand({
          DestinationPhoneNumber: `+91${message.to}`,
          OriginationIdentity: this.options.originationIdentity,
          MessageBody: renderSms(message.template, message.language, message.variables),
          MessageType: 'TRANSACTIONAL',
          DestinationCountryParameters: {
            IN_ENTITY_ID: this.options.dltEntityId,
            // The id of the text sent: the Hindi text is its own DLT template.
            IN_TEMPLATE_ID: dltTemplateIdFor(this.options.dltTemplateIds[message.template], message.language),
          },
        }),
      );
      return { messageId: result.MessageId ?? 'unknown' };
    } catch (error) {
      const name = error instanceof Error ? error.name : 'unknown';
      // A request the service will never accept (DLT template or entity wrong, for instance) is no outage.
      if (name === 'ValidationException' || name === 'AccessDeniedException')
        throw new SmsRejectedError({ message: `The SMS gateway refused the message (${name}).` });
      throw new ProviderUnavailableError({ message: `SMS gateway refused the message (${name}).` });
    }
  }
}

/**
 * The production sender's calls are retried by the AWS SDK (standard mode: a few attempts, full-jitter backoff)
 * before an error reaches the pipeline; the simulator's sender, plain fetch, gets the same, so a flaky gateway
 * costs the embedded stack what it costs on AWS.
 */
export const sdkLikeRetries: RetryPolicy = {
  attempts: 3,
  baseDelayMs: 100,
  maxDelayMs: 1000,
  sleep: (ms) => sleep(ms),
  random: Math.random,
};

export class SimulatorSmsSender implements SmsSender {
  constructor(
    private readonly baseUrl: string,
    private readonly retries: RetryPolicy = sdkLikeRetries,
  ) {}

  send(message: SmsMessage): Promise<{ messageId: string }> {
    return withProviderRetries(this.retries, () => this.sendOnce(message));
  }

  private async sendOnce(message: SmsMessage): Promise<{ messageId: string }> {
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
      throw new ProviderUnavailableError({ message: 'The SMS gateway did not answer.' });
    }
    if (response.status >= 400 && response.status < 500 && response.status !== 429) {
      const body = (await response.json().catch(() => ({}))) as { code?: string };
      throw new SmsRejectedError({ message: `The SMS gateway refused the message (${body.code ?? response.status}).` });
    }
    if (!response.ok) throw new ProviderUnavailableError({ message: `The SMS gateway answered ${response.status}.` });
    return (await response.json()) as { messageId: string };
  }
}
