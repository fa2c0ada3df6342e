// Card PDFs in the card bucket. (e-KYC photos are there too, sealed: ports/photos.ts.)
export interface CardFiles {
  putCardPdf(scheme: string, cardNumber: string, bytes: Uint8Array): Promise<string>;
  /** A short-lived link to download a stored file. */
  downloadUrl(key: string, expiresInSeconds: number): Promise<string>;
}
