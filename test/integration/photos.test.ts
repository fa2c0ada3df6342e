// The e-KYC photo end to end on the embedded stack: the simulator's JPEG (UIDAI's `Pht`) stored sealed under the
// photo key, shown to the DDO in scope through a short-lived link an <img> loads without a token, printed on the
// card, and deleted by the photo sweep once its time is up. Time is compressed: links last 8 s, a photo is kept 3 s
// after its card is made, the sweep runs every second and looks at open cases every second.
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PDFDocument, PDFName, PDFNumber, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { LocalPhotoKey } from '../../functions/adapters/photo-keys.js';
import { S3Photos } from '../../functions/adapters/s3-photos.js';
import { simulatedPhoto, simulatedPhotoSize } from '../../local/simulators/photos.js';
import { eventually } from '../support/eventually.js';
import { useRegistrationStack } from '../support/registration.js';

const stack = useRegistrationStack({
  extraEnv: { PHOTO_LINK_SECONDS: '8', PHOTO_AFTER_CARD_SECONDS: '3', PHOTO_REVIEW_SECONDS: '1' },
  scheduleSeconds: { sweepPhotos: 1 },
});

const s3 = () =>
  new S3Client({
    region: stack.env.endpoints.region,
    endpoint: stack.env.endpoints.s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });

const storedObject = async (key: string): Promise<Buffer | undefined> => {
  const client = s3();
  try {
    const object = await client.send(new GetObjectCommand({ Bucket: stack.env.endpoints.s3.buckets.cards, Key: key }));
    return Buffer.from((await object.Body?.transformToByteArray()) ?? []);
  } catch (error) {
    if (error instanceof Error && error.name === 'NoSuchKey') return undefined;
    throw error;
  } finally {
    client.destroy();
  }
};

const photoKeyOf = async (registrationId: string) =>
  ((await stack.driver.registry.getRegistration(registrationId))?.ekyc as { photoKey?: string } | undefined)?.photoKey;

/** Every image XObject of a PDF: its filter, size and the bytes of its stream as stored. */
const imagesOf = async (pdf: Uint8Array) => {
  const document = await PDFDocument.load(pdf);
  return document.context
    .enumerateIndirectObjects()
    .flatMap(([, object]) => (object instanceof PDFRawStream ? [object] : []))
    .filter((stream) => stream.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'))
    .map((stream) => ({
      filter: String(stream.dict.get(PDFName.of('Filter'))),
      width: (stream.dict.get(PDFName.of('Width')) as PDFNumber).asNumber(),
      height: (stream.dict.get(PDFName.of('Height')) as PDFNumber).asNumber(),
      bytes: Buffer.from(stream.contents),
    }));
};

describe('the e-KYC photo', () => {
  it('is stored sealed, shown to the DDO in scope through a short-lived link, printed on the card, then deleted', async () => {
    const { driver } = stack;
    const identity = driver.identity('success', 3);
    // What UIDAI would send, as the simulator sends it: a JPEG.
    const expected = Buffer.from(simulatedPhoto(identity.aadhaarNumber).base64, 'base64');
    expect([...expected.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    const { registrationId, task } = await driver.employeeAwaitingDdo(identity);

    // Stored: not the image (no JPEG signature, none of its bytes), and the photo key opens it to the simulator's photo.
    const photoKey = await photoKeyOf(registrationId);
    expect(photoKey).toBe(`photos/${registrationId}`);
    const stored = (await storedObject(photoKey as string)) as Buffer;
    expect(stored.length).toBeGreaterThan(expected.length);
    expect(stored.subarray(0, 3).equals(expected.subarray(0, 3))).toBe(false);
    expect(stored.includes(expected.subarray(expected.length / 2, expected.length / 2 + 24))).toBe(false);
    const keyFile = stack.env.stack.environments.approvals.PHOTO_KEY_FILE as string;
    const client = s3();
    const opened = await new S3Photos(async () => client, stack.env.endpoints.s3.buckets.cards, LocalPhotoKey.fromFile(keyFile)).get(
      registrationId,
      photoKey as string,
    );
    client.destroy();
    expect(opened?.contentType).toBe('image/jpeg');
    expect(Buffer.from(opened?.bytes ?? []).equals(expected)).toBe(true);

    // The DDO's link: absolute, minutes long, and the image behind it with no token, never cached.
    const linked = await driver.call('GET', `/v1/approvals/${task.taskId}/photo`, { role: 'ddo' });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    const url = new URL(String(linked.body.url));
    expect(url.origin).toBe(new URL(stack.env.endpoints.api.url).origin);
    expect(Date.parse(String(linked.body.expiresAt)) - Date.now()).toBeLessThanOrEqual(8_000);
    const image = await stack.env.api(url.pathname);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect(image.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(await image.arrayBuffer()).equals(expected)).toBe(true);
    // A token nobody was given is refused as an expired one; the link itself stops working when its time is up.
    const guessed = await stack.env.api(`/v1/photos/${'A'.repeat(43)}`);
    expect([guessed.status, ((await guessed.json()) as { code: string }).code]).toEqual([410, 'PHOTO_LINK_EXPIRED']);
    const expired = await eventually(
      'the link to expire',
      async () => {
        const answer = await stack.env.api(url.pathname);
        return answer.status === 200 ? undefined : { status: answer.status, body: (await answer.json()) as { code: string } };
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect([expired.status, expired.body.code]).toEqual([410, 'PHOTO_LINK_EXPIRED']);

    // On the card: the PDF's image is the simulator's JPEG itself (DCTDecode keeps a JPEG's bytes as they are).
    expect((await driver.decide(task.taskId, 'ddo', { decision: 'approve' })).status).toBe(200);
    const issued = await driver.waitForStatus(registrationId, 'CARD_ISSUED');
    const card = await driver.call('GET', `/v1/cards/${(issued.card as { cardNumber: string }).cardNumber}`);
    const pdf = new Uint8Array(await (await fetch(String(card.body.downloadUrl))).arrayBuffer());
    const photos = (await imagesOf(pdf)).filter((embedded) => embedded.filter === '/DCTDecode');
    expect(photos.map(({ width, height }) => ({ width, height }))).toEqual([simulatedPhotoSize]);
    expect(photos[0]?.bytes.equals(expected)).toBe(true);

    // Deleted once its time is up (3 s after the card here, a week in production): the object, its record, the
    // registration's reference; the link route says so.
    await eventually(
      'the photo sweep to delete the photo',
      async () => ((await photoKeyOf(registrationId)) === undefined ? true : undefined),
      {
        timeoutMs: 30_000,
        intervalMs: 250,
      },
    );
    expect(await storedObject(photoKey as string)).toBeUndefined();
    expect(await driver.tableItems(`PHOTO#${registrationId}`)).toEqual([]);
    const gone = await driver.call('GET', `/v1/approvals/${task.taskId}/photo`, { role: 'ddo' });
    expect([gone.status, gone.body.code]).toEqual([404, 'PHOTO_NOT_AVAILABLE']);
  });

  it('is deleted at the next look when the case is rejected, and a link given before then no longer shows it', async () => {
    const { driver } = stack;
    const { registrationId, task } = await driver.employeeAwaitingDdo(driver.identity('success', 4));
    const linked = await driver.call('GET', `/v1/approvals/${task.taskId}/photo`, { role: 'ddo' });
    expect(linked.status).toBe(200);
    const photoKey = (await photoKeyOf(registrationId)) as string;
    const client = s3();
    await client.send(new HeadObjectCommand({ Bucket: stack.env.endpoints.s3.buckets.cards, Key: photoKey }));
    client.destroy();
    const rejected = await driver.decide(task.taskId, 'ddo', { decision: 'reject', reasonCode: 'NOT_AN_EMPLOYEE' });
    expect(rejected.status).toBe(200);
    await eventually(
      'the photo of the rejected case deleted',
      async () => ((await storedObject(photoKey)) === undefined ? true : undefined),
      {
        timeoutMs: 30_000,
        intervalMs: 250,
      },
    );
    const path = new URL(String(linked.body.url)).pathname;
    const answer = await stack.env.api(path);
    // The link may have run out meanwhile on a slow machine; either way the photo is not shown.
    expect([404, 410]).toContain(answer.status);
    expect(['PHOTO_NOT_AVAILABLE', 'PHOTO_LINK_EXPIRED']).toContain(((await answer.json()) as { code: string }).code);
    const again = await driver.call('GET', `/v1/approvals/${task.taskId}/photo`, { role: 'ddo' });
    expect([again.status, again.body.code]).toEqual([404, 'PHOTO_NOT_AVAILABLE']);
  });
});
