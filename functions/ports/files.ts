// Files the registration pipeline keeps: e-KYC photos (for the card) and card PDFs, in the card bucket.
export interface CardFiles {
  putPhoto(registrationId: string, contentType: 'image/png' | 'image/jpeg', bytes: Uint8Array): Promise<string>;
  getPhoto(key: string): Promise<{ contentType: 'image/png' | 'image/jpeg'; bytes: Uint8Array } | undefined>;
  putCardPdf(scheme: string, cardNumber: string, bytes: Uint8Array): Promise<string>;
  /** A short-lived link to download a stored file. */
  downloadUrl(key: string, expiresInSeconds: number): Promise<string>;
}
