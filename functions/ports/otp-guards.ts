// Locks and wrong-code counts that outlive one registration: a person's and a mobile's (core/otp.ts otpGuardKeys
// names them), and the hourly count of SMS sends to a mobile.
import type { OtpGuard } from '../core/otp.js';

export interface OtpGuards {
  /** A person's or a mobile's lock and wrong-code count. */
  getOtpGuard(key: string): Promise<OtpGuard | undefined>;
  /** Several guards in one read, in the order of `keys`. */
  getOtpGuards(keys: readonly string[]): Promise<(OtpGuard | undefined)[]>;
  /** Count one wrong code for a person; a count last added at or before `forgetBefore` starts again. Returns the count. */
  countOtpFailure(key: string, now: number, forgetBefore: number): Promise<number>;
  /** A right code: the person's consecutive wrong codes start again from none (a lock in force stays). */
  clearOtpFailures(key: string): Promise<void>;
  /** Refuse new registrations under each key until `until` (a longer lock in force stays). */
  lockOtp(keys: readonly string[], until: number): Promise<void>;
}

export interface MobileSendCounts {
  /**
   * Count one SMS send to a mobile in the current hour; false when the hourly limit is reached. The mobile comes
   * as its keyed token (core/anomalies.ts mobileToken): the table never holds the number in a key.
   */
  countMobileSend(mobileToken: string, limit: number, now: number): Promise<boolean>;
}
