// Fixed-window request counters (core/rate-limits.ts decides windows and keys). One DynamoDB adapter implements it.
export interface RequestCounters {
  /**
   * Count one request against `key` in the window starting at `windowStart` (epoch seconds): true when it is
   * admitted, false when the window already holds `limit`. A refused request is not counted.
   */
  take(key: string, windowStart: number, windowSeconds: number, limit: number): Promise<boolean>;
}
