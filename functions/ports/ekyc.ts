// Port: an Aadhaar e-KYC service (a KUA/ASA). The Aadhaar number passes through and is never kept.
import type { EkycIdentity } from '../core/ekyc.js';

export interface EkycProvider {
  requestOtp(request: { aadhaarNumber: string; transactionId: string }): Promise<{ otpReference: string; maskedMobile?: string }>;
  verifyOtp(request: { aadhaarNumber: string; transactionId: string; otpReference: string; otp: string }): Promise<EkycIdentity>;
  verifyBiometric(request: {
    aadhaarNumber: string;
    transactionId: string;
    modality: 'fingerprint' | 'iris' | 'face';
    captureData: string;
  }): Promise<EkycIdentity>;
}
