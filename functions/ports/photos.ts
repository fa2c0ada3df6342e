// e-KYC photos: personal data of the highest class after the Aadhaar number. Kept encrypted under a key of their
// own (a KMS key on AWS, a key file on the embedded stack), shown to approvers through short-lived links, printed
// on the card, then deleted on a schedule (core/use-cases/photos.ts says when; SECURITY.md why).

export type PhotoType = 'image/png' | 'image/jpeg';

export interface Photo {
  readonly contentType: PhotoType;
  readonly bytes: Uint8Array;
}

/** The photos themselves, sealed before they are stored and opened after they are read. */
export interface Photos {
  /** Store a registration's photo (replacing one stored before); answers the key it is kept under. */
  put(registrationId: string, photo: Photo): Promise<string>;
  /** The photo under `key`, opened; undefined when there is none (never stored, or deleted). */
  get(registrationId: string, key: string): Promise<Photo | undefined>;
  /** Delete it; deleting what is gone already is no error. */
  remove(key: string): Promise<void>;
}

/**
 * The photo key, for envelope encryption: a fresh data key per photo, handed out with its copy wrapped under the
 * photo key; unwrapping needs the same `context` (the registration id), so a sealed photo opens only as its own.
 */
export interface PhotoKey {
  dataKey(context: string): Promise<{ readonly plaintext: Uint8Array; readonly wrapped: Uint8Array }>;
  unwrap(wrapped: Uint8Array, context: string): Promise<Uint8Array>;
}

/** A short-lived link to one photo: kept by the hash of its token, never the token itself. */
export interface PhotoLink {
  readonly registrationId: string;
  readonly photoKey: string;
  readonly expiresAt: string;
}

/** When each stored photo is looked at next, and the links handed out to it. */
export interface PhotoRecords {
  /** Record a stored photo; the sweep looks at it at `reviewAt` (ISO). Repeating it moves the date. */
  schedule(registrationId: string, photoKey: string, reviewAt: string): Promise<void>;
  /**
   * Move the next look of a photo still recorded; nothing when its record is gone (a sweep running alongside
   * deleted it meanwhile: sweeps may overlap, and a forgotten photo stays forgotten).
   */
  reschedule(registrationId: string, reviewAt: string): Promise<void>;
  /** Photos whose review time has come (reviewAt <= now), oldest first. */
  due(now: string, limit: number): Promise<readonly { readonly registrationId: string; readonly photoKey: string }[]>;
  /** The photo and its record are gone. */
  forget(registrationId: string): Promise<void>;
  saveLink(tokenHash: string, link: PhotoLink): Promise<void>;
  findLink(tokenHash: string): Promise<PhotoLink | undefined>;
}
