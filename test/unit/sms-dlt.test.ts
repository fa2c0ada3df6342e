// India's DLT registers each SMS text as a template of its own, so a template's English and Hindi texts carry
// different template ids: the production sender names the id of the language it sends, in the
// DestinationCountryParameters AWS End User Messaging SMS takes for India (IN_ENTITY_ID, IN_TEMPLATE_ID).
import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { EndUserMessagingSmsSender } from '../../functions/adapters/sms.js';
import { dltTemplateIdsSchema } from '../../functions/config.js';

const sms = mockClient(PinpointSMSVoiceV2Client);
afterEach(() => sms.reset());

const ids = {
  'mobile-otp': '1107000000000000001',
  'card-issued': '1107000000000000002',
  'approval-reminder': { en: '1107000000000000003', hi: '1107000000000000004' },
  'registration-resumed': '1107000000000000005',
  'approval-due-soon': { en: '1107000000000000006', hi: '1107000000000000007' },
  'camp-invitation': { en: '1107000000000000008', hi: '1107000000000000009' },
  'field-worker-daily': { en: '1107000000000000010', hi: '1107000000000000011' },
};

describe('DLT template ids', () => {
  it('are one id for a template, or one per language; every template needs one', () => {
    expect(dltTemplateIdsSchema.parse(ids)).toEqual(ids);
    const { 'approval-due-soon': _missing, ...short } = ids;
    expect(dltTemplateIdsSchema.safeParse(short).success).toBe(false);
    expect(dltTemplateIdsSchema.safeParse({ ...ids, 'approval-due-soon': { en: '1107000000000000006' } }).success).toBe(false);
  });

  it("sends the Hindi text under the Hindi text's id, and the English under the English one's", async () => {
    sms.on(SendTextMessageCommand).resolves({ MessageId: 'm-1' });
    const sender = new EndUserMessagingSmsSender('ap-south-1', {
      originationIdentity: 'HLTHCD',
      dltEntityId: '1101000000000000000',
      dltTemplateIds: ids,
    });
    await sender.send({ to: '9876543210', template: 'approval-reminder', language: 'hi', variables: { count: '3', days: '2' } });
    await sender.send({ to: '9876543210', template: 'approval-reminder', language: 'en', variables: { count: '3', days: '2' } });
    await sender.send({ to: '9876543210', template: 'mobile-otp', language: 'hi', variables: { otp: '123456', scheme: 'PM-JAY' } });
    const sent = sms.commandCalls(SendTextMessageCommand).map((call) => call.args[0].input);
    expect(sent.map((input) => input.DestinationCountryParameters)).toEqual([
      { IN_ENTITY_ID: '1101000000000000000', IN_TEMPLATE_ID: '1107000000000000004' },
      { IN_ENTITY_ID: '1101000000000000000', IN_TEMPLATE_ID: '1107000000000000003' },
      { IN_ENTITY_ID: '1101000000000000000', IN_TEMPLATE_ID: '1107000000000000001' },
    ]);
    expect(sent[0]).toMatchObject({
      DestinationPhoneNumber: '+919876543210',
      MessageBody: '3 स्वास्थ्य कार्ड पंजीकरण आपकी मंज़ूरी की प्रतीक्षा में हैं। सबसे पुराना: 2 दिन।',
    });
    expect(sent[1]?.MessageBody).toBe('3 health card registrations are waiting for your approval. Oldest: 2 days.');
  });
});
