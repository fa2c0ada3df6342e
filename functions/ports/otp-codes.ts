// A registration's mobile OTP: its hash, expiry and counters (core/otp.ts), never the code.
import type { OtpState } from '../core/otp.js';

export interface OtpCodes {
  getOtp(registrationId: string): Promise<OtpState | undefined>;
  /** Replace the OTP state if it is still `expected` (or absent when undefined): of concurrent writers one wins. */
  putOtp(registrationId: string, state: OtpState, expected: OtpState | undefined): Promise<void>;
}
