// Registration task IssueCard: number, signed QR, PDF in S3, SMS with a download link.
import { createCardFiles, createCardSigner } from '../adapters/card-factories.js';
import { createPhotos } from '../adapters/photo-factories.js';
import { createSmsSender } from '../adapters/sms-factories.js';
import {
  createCardKeyLedger,
  createCards,
  createRegistry,
  createSequences,
  createUniquenessClaims,
  systemClock,
} from '../adapters/table-factories.js';
import { renderCardPdf } from '../adapters/card-pdf.js';
import { signCard } from '../ports/card-signer.js';
import { issueCard } from '../core/use-cases/issue-card.js';
import { registrationId, registrationTaskHandler } from './task.js';

const deps = {
  registry: createRegistry(),
  cards: createCards(),
  sequences: createSequences(),
  claims: createUniquenessClaims(),
  files: createCardFiles(),
  photos: createPhotos(),
  signer: await createCardSigner(),
  cardKeys: createCardKeyLedger(),
  sms: createSmsSender(),
  clock: systemClock,
  signCard,
  renderPdf: renderCardPdf,
  // The longest a SigV4 presigned link may live.
  linkSeconds: 7 * 86_400,
};

export const handler = registrationTaskHandler('IssueCard', { registrationId }, deps.registry, (input, read) =>
  issueCard(deps, input.registrationId, read),
);
