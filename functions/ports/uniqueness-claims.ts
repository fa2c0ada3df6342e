// One card per Aadhaar per scheme: the claim a registration takes on an Aadhaar token (never the number) when it
// is approved or sent for approval, and the card it got, for the duplicates that come after.
import type { Registration, TransitionRequest } from './registry.js';

export interface UniquenessClaim {
  readonly scheme: string;
  readonly aadhaarToken: string;
}

export interface UniquenessClaims {
  /** The registration holding a scheme's uniqueness claim for an Aadhaar token, if any. */
  findClaim(scheme: string, aadhaarToken: string): Promise<{ registrationId: string; cardNumber?: string } | undefined>;
  /**
   * Take the claim for the registration and move it as `move` says, both or neither: the Registry's transition with
   * the claim written in the same transaction. ConflictError `ALREADY_CLAIMED` when another registration holds it.
   */
  claimWithTransition(claim: UniquenessClaim, registrationId: string, move: TransitionRequest): Promise<Registration>;
  recordCardOnClaim(scheme: string, aadhaarToken: string, cardNumber: string): Promise<void>;
}
