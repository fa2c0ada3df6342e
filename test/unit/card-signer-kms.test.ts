// The KMS signer against KMS mocked with aws-sdk-client-mock, answering as KMS does: GetPublicKey gives SPKI DER,
// Sign a DER ECDSA signature made with a real P-256 key, so the DER -> R||S conversion is exercised for real
// (including short and 0x00-padded integers). KMS's refusals are the SDK's own exception classes.
import { generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import {
  DependencyTimeoutException,
  DisabledException,
  GetPublicKeyCommand,
  KeyUnavailableException,
  KMSClient,
  KMSInternalException,
  KMSInvalidStateException,
  KMSServiceException,
  NotFoundException,
  SignCommand,
  type KeySpec,
} from '@aws-sdk/client-kms';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { verifyCardQr } from '../../functions/core/card.js';
import { ConfigurationError, ProviderUnavailableError } from '../../functions/core/errors.js';
import { CardSignatureFormatError, signCard } from '../../functions/ports/card-signer.js';
import { derToJoseSignature, KmsCardSigner } from '../../functions/adapters/card-signer-kms.js';
import { employeeCardClaims } from '../support/cards.js';

const kmsKeyId = 'arn:aws:kms:ap-south-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const claims = employeeCardClaims;

/** KMS as the signer sees it: GetPublicKey gives SPKI DER, Sign gives a DER ECDSA signature over SHA-256(Message). */
const fakeKms = (options: { keySpec?: KeySpec; fail?: Error } = {}) => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kms = new KMSClient({ region: 'ap-south-1' });
  const mocked = mockClient(kms);
  if (options.fail !== undefined) mocked.onAnyCommand().rejects(options.fail);
  else answer(mocked, privateKey, publicKey, options.keySpec);
  const signRequests = () => mocked.commandCalls(SignCommand).map((call) => call.args[0].input);
  return { kms, mocked, publicKey, signRequests };
};

const answer = (mocked: AwsClientStub<KMSClient>, privateKey: KeyObject, publicKey: KeyObject, keySpec: KeySpec = 'ECC_NIST_P256') => {
  mocked.on(GetPublicKeyCommand).resolves({
    KeyId: kmsKeyId,
    KeySpec: keySpec,
    KeyUsage: 'SIGN_VERIFY',
    SigningAlgorithms: ['ECDSA_SHA_256'],
    PublicKey: new Uint8Array(publicKey.export({ format: 'der', type: 'spki' })),
  });
  mocked.on(SignCommand).callsFake((input: { Message?: Uint8Array }) => {
    const signature = sign('sha256', input.Message as Uint8Array, privateKey); // DER, KMS's encoding
    return { KeyId: kmsKeyId, Signature: new Uint8Array(signature), SigningAlgorithm: 'ECDSA_SHA_256' };
  });
};

const verifiesRaw = (publicKey: KeyObject, data: Uint8Array, raw: Uint8Array) =>
  verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw);

describe('the KMS card signer', () => {
  it('signs a card whose QR verifies with the key KMS publishes', async () => {
    const { kms, signRequests: signed } = fakeKms();
    const signer = await KmsCardSigner.create(kms, kmsKeyId);
    const qr = await signCard(claims, signer);
    const signRequests = signed();
    const publicJwk = await signer.publicJwk();
    expect(publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: signer.keyId });
    expect(await verifyCardQr(qr, [publicJwk], new Date('2027-06-01T00:00:00Z'))).toEqual({ valid: true, claims, kid: signer.keyId });
    // KMS hashes the raw signing input itself.
    expect(signRequests).toHaveLength(1);
    expect(signRequests[0]).toMatchObject({ KeyId: kmsKeyId, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' });
    expect(new TextDecoder().decode(signRequests[0]?.Message)).toBe(qr.split('.').slice(0, 2).join('.'));
  });

  it('turns every DER signature into a 64-byte R||S that verifies (half carry a 0x00 sign byte; ~1 in 128 a short integer)', async () => {
    const { kms, publicKey } = fakeKms();
    const signer = await KmsCardSigner.create(kms, kmsKeyId);
    for (let index = 0; index < 1000; index += 1) {
      const data = new TextEncoder().encode(`message ${index}`);
      const raw = await signer.sign(data);
      expect(raw).toHaveLength(64);
      expect(verifiesRaw(publicKey, data, raw)).toBe(true);
    }
  });

  it('refuses a key that is not a P-256 signing key', async () => {
    const { kms } = fakeKms({ keySpec: 'RSA_2048' });
    await expect(KmsCardSigner.create(kms, kmsKeyId)).rejects.toThrow(ConfigurationError);
  });

  // Each refusal as the SDK builds it: a modelled exception class, or for an unmodelled one (KMS's throttling) the
  // service's base exception with the name and fault from the response, as the SDK's deserialiser makes it.
  const metadata = { $metadata: { httpStatusCode: 400, requestId: 'R1', attempts: 3, totalRetryDelay: 0 } };
  const throttled = new KMSServiceException({ ...metadata, name: 'ThrottlingException', $fault: 'client', message: 'Rate exceeded' });

  it('KMS trouble (internal error, key or dependency unavailable, throttling, the network) is ProviderUnavailableError, retried by workflows', async () => {
    const trouble = [
      new KMSInternalException({ ...metadata, message: 'internal' }),
      new KeyUnavailableException({ ...metadata, message: 'The key is unavailable' }),
      new DependencyTimeoutException({ ...metadata, message: 'timed out' }),
      throttled,
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    ];
    for (const fail of trouble) {
      await expect(KmsCardSigner.create(fakeKms({ fail }).kms, kmsKeyId), fail.name).rejects.toThrow(ProviderUnavailableError);
    }
  });

  it('a refusal someone must fix (key disabled, pending deletion, missing) is ConfigurationError, naming what KMS said', async () => {
    const refusals = [
      new DisabledException({ ...metadata, message: `${kmsKeyId} is disabled.` }),
      new KMSInvalidStateException({ ...metadata, message: `${kmsKeyId} is pending deletion.` }),
      new NotFoundException({ ...metadata, message: `Key '${kmsKeyId}' does not exist` }),
      new KMSServiceException({
        ...metadata,
        name: 'AccessDeniedException',
        $fault: 'client',
        message: 'not authorized to perform: kms:Sign',
      }),
    ];
    for (const fail of refusals) {
      await expect(KmsCardSigner.create(fakeKms({ fail }).kms, kmsKeyId), fail.name).rejects.toMatchObject({
        name: 'ConfigurationError',
        details: { kmsError: fail.name },
      });
    }
  });

  it('a signature refused after the key was read is mapped the same way', async () => {
    const { kms, mocked } = fakeKms();
    const signer = await KmsCardSigner.create(kms, kmsKeyId);
    mocked.on(SignCommand).rejects(throttled);
    await expect(signer.sign(new TextEncoder().encode('x'))).rejects.toThrow(ProviderUnavailableError);
    mocked.on(SignCommand).rejects(new DisabledException({ ...metadata, message: 'disabled' }));
    await expect(signer.sign(new TextEncoder().encode('x'))).rejects.toThrow(ConfigurationError);
  });
});

describe('the KMS card signer across a rotation (the alias moved to a new key)', () => {
  it('notices that KMS signed with another key, takes it up, and signs the card again under its kid', async () => {
    const alias = 'alias/healthcard/card-signing';
    const newArn = 'arn:aws:kms:ap-south-1:111122223333:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
    const before = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const after = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const kms = new KMSClient({ region: 'ap-south-1' });
    const mocked = mockClient(kms);
    const publicKeyAnswer = (arn: string, key: KeyObject) => ({
      KeyId: arn,
      KeySpec: 'ECC_NIST_P256' as const,
      KeyUsage: 'SIGN_VERIFY' as const,
      PublicKey: new Uint8Array(key.export({ format: 'der', type: 'spki' })),
    });
    mocked.on(GetPublicKeyCommand, { KeyId: alias }).resolves(publicKeyAnswer(kmsKeyId, before.publicKey));
    mocked.on(GetPublicKeyCommand, { KeyId: newArn }).resolves(publicKeyAnswer(newArn, after.publicKey));
    const signer = await KmsCardSigner.create(kms, alias);
    const oldJwk = await signer.publicJwk();
    // The alias now names the new key: KMS signs with it and says so (Sign's KeyId), as it does after UpdateAlias.
    mocked.on(SignCommand).callsFake((input: { Message?: Uint8Array }) => ({
      KeyId: newArn,
      Signature: new Uint8Array(sign('sha256', input.Message as Uint8Array, after.privateKey)),
      SigningAlgorithm: 'ECDSA_SHA_256',
    }));
    const qr = await signCard(claims, signer);
    const newJwk = await signer.publicJwk();
    expect(newJwk.kid).not.toBe(oldJwk.kid);
    expect(JSON.parse(Buffer.from(qr.split('.')[0] as string, 'base64url').toString('utf8'))).toEqual({ alg: 'ES256', kid: newJwk.kid });
    // Verified with the new public key as KMS gives it, not the old one.
    expect(await verifyCardQr(qr, [newJwk], new Date('2027-06-01T00:00:00Z'))).toMatchObject({ valid: true });
    expect(await verifyCardQr(qr, [{ ...oldJwk, kid: newJwk.kid }], new Date('2027-06-01T00:00:00Z'))).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
    // Every signature went through the alias: moving it is the rotation.
    expect(mocked.commandCalls(SignCommand).map((call) => call.args[0].input.KeyId)).toEqual([alias, alias]);
  });
});

describe('DER -> R||S', () => {
  const hex = (text: string) => new Uint8Array(Buffer.from(text.replaceAll(' ', ''), 'hex'));
  const r = '7f'.padEnd(64, '1');
  const s = '0a'.padEnd(64, '2');

  it('reads minimal integers, strips the sign byte and left-pads short ones', () => {
    // r with its top bit set carries a leading 0x00; s is 31 bytes (its top byte was zero).
    const highR = `80${r.slice(2)}`;
    const shortS = s.slice(2);
    const der = hex(`30 44 02 21 00${highR} 02 1f ${shortS}`);
    expect(Buffer.from(derToJoseSignature(der, 32)).toString('hex')).toBe(`${highR}00${shortS}`);
  });

  it('reads a long-form length', () => {
    const der = hex(`30 81 44 02 20 ${r} 02 20 ${s}`);
    expect(Buffer.from(derToJoseSignature(der, 32)).toString('hex')).toBe(r + s);
  });

  it('refuses what is not a DER ECDSA signature', () => {
    const bad = [
      '',
      `31 44 02 20 ${r} 02 20 ${s}`, // not a SEQUENCE
      `30 45 02 20 ${r} 02 20 ${s}`, // length mismatch
      `30 44 03 20 ${r} 02 20 ${s}`, // not an INTEGER
      `30 44 02 20 ${r} 02 20 ${s} 00`.replace('30 44', '30 45'), // trailing byte
      `30 45 02 21 01${r} 02 20 ${s}`, // an integer longer than 32 bytes
      `30 44 02 20 ${`ff${r.slice(2)}`} 02 20 ${s}`, // negative integer
      `30 22 02 20 ${r}`, // s missing
    ];
    for (const text of bad) expect(() => derToJoseSignature(hex(text), 32), text).toThrow(CardSignatureFormatError);
  });
});
