// GET /v1/openapi.json and GET /v1/consents: what the API is, and the e-KYC consent texts. Declarations and
// schemas; the handlers are in functions/api/openapi.ts.
import * as z from 'zod';
import { defineRoutes } from './define.js';

const ConsentsView = z
  .object({
    items: z.array(
      z.object({
        version: z.string().meta({ description: 'What POST /v1/registrations/{id}/ekyc sends as consent.textVersion' }),
        purpose: z.literal('aadhaar-ekyc'),
        since: z.string().meta({ description: 'First day in use (yyyy-mm-dd)' }),
        en: z.string().meta({ description: 'The text in English, to show before e-KYC' }),
        hi: z.string().meta({ description: 'The text in Hindi (हिन्दी)' }),
      }),
    ),
  })
  .meta({ id: 'Consents' });

export const openApiRoutes = defineRoutes('openapi', {
  'GET /v1/openapi.json': {
    access: {
      public: true,
      why: 'Portal developers read the API description before they hold credentials; it describes, it holds no data.',
    },
    summary: 'This API, as OpenAPI 3.1, generated from the route table and the schemas the handlers parse with',
    usesServices: false,
    success: { status: 200, schema: z.record(z.string(), z.unknown()), description: 'This document' },
  },
  'GET /v1/consents': {
    access: {
      public: true,
      why: 'The e-KYC consent texts are shown to people before they hold anything; portals print them; they hold no data.',
    },
    summary: 'The e-KYC consent texts in English and Hindi, by version: POST …/ekyc accepts only these versions',
    usesServices: false,
    success: { status: 200, schema: ConsentsView, description: 'The published consent texts, newest last' },
  },
});
