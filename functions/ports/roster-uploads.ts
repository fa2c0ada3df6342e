// Presigned uploads to the roster bucket: who holds the link may PUT one object at one key until it expires.

export interface UploadLink {
  readonly url: string;
  /** Headers the PUT must carry for the signature to hold (none today; SSE-KMS would add some). */
  readonly headers: Readonly<Record<string, string>>;
}

export interface RosterUploadLinks {
  uploadLink(key: string, expiresInSeconds: number): Promise<UploadLink>;
}
