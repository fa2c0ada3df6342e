// The sealed form of a stored photo: envelope encryption with node's AES-256-GCM under a fresh data key per photo,
// the data key wrapped by the photo key (KMS on AWS, a key file on the embedded stack: photo-keys.ts). Why not the
// AWS Encryption SDK: its Node client is a dozen packages (keyrings, a branch key store with its own DynamoDB
// client, a second KMS client) in three function bundles, for what is here one cipher call and one KMS call.
//
// Layout: "HCP1" | content type (1 byte: 1 JPEG, 2 PNG) | wrapped key length (2 bytes, BE) | wrapped key |
// IV (12) | tag (16) | ciphertext. The registration id and the header are the cipher's additional data, so a
// sealed photo opens only as the photo of its own registration, with its own content type.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ConfigurationError } from '../core/errors.js';
import type { Photo, PhotoKey, PhotoType } from '../ports/photos.js';

const magic = Buffer.from('HCP1', 'ascii');
const typeCodes: Record<PhotoType, number> = { 'image/jpeg': 1, 'image/png': 2 };

export const sealPhoto = async (key: PhotoKey, registrationId: string, photo: Photo): Promise<Uint8Array> => {
  const { plaintext, wrapped } = await key.dataKey(registrationId);
  const header = Buffer.alloc(magic.length + 3);
  magic.copy(header);
  header.writeUInt8(typeCodes[photo.contentType], magic.length);
  header.writeUInt16BE(wrapped.length, magic.length + 1);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', plaintext, iv);
  cipher.setAAD(Buffer.concat([header, Buffer.from(registrationId, 'utf8')]));
  const sealed = Buffer.concat([cipher.update(photo.bytes), cipher.final()]);
  return Buffer.concat([header, wrapped, iv, cipher.getAuthTag(), sealed]);
};

export const openPhoto = async (key: PhotoKey, registrationId: string, stored: Uint8Array): Promise<Photo> => {
  const bytes = Buffer.from(stored);
  if (bytes.length < magic.length + 3 || !bytes.subarray(0, magic.length).equals(magic))
    throw new ConfigurationError({ message: 'A stored photo is not in the sealed form.' });
  const typeCode = bytes.readUInt8(magic.length);
  const contentType = (Object.keys(typeCodes) as PhotoType[]).find((type) => typeCodes[type] === typeCode);
  if (contentType === undefined) throw new ConfigurationError({ message: 'A stored photo names an unknown content type.' });
  const headerEnd = magic.length + 3;
  const wrappedEnd = headerEnd + bytes.readUInt16BE(magic.length + 1);
  const dataKey = await key.unwrap(bytes.subarray(headerEnd, wrappedEnd), registrationId);
  const decipher = createDecipheriv('aes-256-gcm', dataKey, bytes.subarray(wrappedEnd, wrappedEnd + 12));
  decipher.setAAD(Buffer.concat([bytes.subarray(0, headerEnd), Buffer.from(registrationId, 'utf8')]));
  decipher.setAuthTag(bytes.subarray(wrappedEnd + 12, wrappedEnd + 28));
  const plain = Buffer.concat([decipher.update(bytes.subarray(wrappedEnd + 28)), decipher.final()]);
  return { contentType, bytes: new Uint8Array(plain) };
};
