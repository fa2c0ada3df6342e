// The production e-KYC adapter: JSON over HTTPS to a KUA/ASA gateway (docs/ekyc.md has the contract). The local
// e-KYC simulator speaks the same contract, so this adapter is what runs on the embedded stack too.
import * as z from 'zod';
import { ProviderUnavailableError } from '../core/errors.js';
import { mapUidaiError, type EkycIdentity } from '../core/ekyc.js';
import type { EkycProvider } from '../ports/ekyc.js';

const refusal = z.object({ ret: z.literal('n'), err: z.string().min(1), message: z.string().optional() });
const identity = z.object({
  name: z.string().min(1),
  nameLocal: z.string().min(1).optional(),
  yearOfBirth: z.number().int().min(1900).max(2100),
  dateOfBirth: z.string().optional(),
  gender: z.enum(['M', 'F', 'T']),
  district: z.string().optional(),
  state: z.string().optional(),
  pincode: z.string().optional(),
  photo: z.object({ contentType: z.enum(['image/jpeg', 'image/png']), base64: z.string().min(1) }).optional(),
});
const otpSent = z.union([
  z.object({ ret: z.literal('y'), txn: z.string(), otpRef: z.string().min(1), maskedMobile: z.string().optional() }),
  refusal,
]);
const kyc = z.union([z.object({ ret: z.literal('y'), kyc: identity }), refusal]);

export class HttpEkycProvider implements EkycProvider {
  private readonly fetch: typeof fetch;

  constructor(private readonly options: { baseUrl: string; timeoutMs: number; apiKey?: string; fetch?: typeof fetch }) {
    this.fetch = options.fetch ?? fetch;
  }

  private async post<T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    let response: Response;
    try {
      response = await this.fetch(`${this.options.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.options.apiKey === undefined ? {} : { 'x-api-key': this.options.apiKey }) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      // No Aadhaar number in the message: it reaches logs and API answers.
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new ProviderUnavailableError({
        message: timedOut
          ? `The Aadhaar service did not answer within ${this.options.timeoutMs} ms.`
          : 'The Aadhaar service could not be reached.',
      });
    }
    if (response.status >= 500) throw new ProviderUnavailableError({ message: `The Aadhaar service answered ${response.status}.` });
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success)
      throw new ProviderUnavailableError({ message: `The Aadhaar service gave an answer we cannot read (HTTP ${response.status}).` });
    return parsed.data;
  }

  async requestOtp(request: { aadhaarNumber: string; transactionId: string }) {
    const answer = await this.post('/otp', { uid: request.aadhaarNumber, txn: request.transactionId }, otpSent);
    if (answer.ret === 'n') throw mapUidaiError(answer.err);
    return { otpReference: answer.otpRef, ...(answer.maskedMobile === undefined ? {} : { maskedMobile: answer.maskedMobile }) };
  }

  async verifyOtp(request: { aadhaarNumber: string; transactionId: string; otpReference: string; otp: string }): Promise<EkycIdentity> {
    const answer = await this.post(
      '/kyc/otp',
      { uid: request.aadhaarNumber, txn: request.transactionId, otpRef: request.otpReference, otp: request.otp },
      kyc,
    );
    if (answer.ret === 'n') throw mapUidaiError(answer.err);
    return answer.kyc as EkycIdentity;
  }

  async verifyBiometric(request: {
    aadhaarNumber: string;
    transactionId: string;
    modality: 'fingerprint' | 'iris' | 'face';
    captureData: string;
  }) {
    const answer = await this.post(
      '/kyc/biometric',
      { uid: request.aadhaarNumber, txn: request.transactionId, modality: request.modality, pid: request.captureData },
      kyc,
    );
    if (answer.ret === 'n') throw mapUidaiError(answer.err);
    return answer.kyc as EkycIdentity;
  }
}
