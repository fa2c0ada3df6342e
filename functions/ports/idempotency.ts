// Idempotency records: the first request with a key wins; later ones get its result.
export interface IdempotencyRecords {
  findIdempotent(scope: string, key: string): Promise<{ requestHash: string; registrationId: string } | undefined>;
  claimIdempotent(scope: string, key: string, requestHash: string, registrationId: string): Promise<boolean>;
  /** Let go of a claim whose request was refused (nothing else was written), if it still names `registrationId`. */
  releaseIdempotent(scope: string, key: string, registrationId: string): Promise<void>;
}
