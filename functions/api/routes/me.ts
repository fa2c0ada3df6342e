// GET /v1/me: who the API thinks the caller is. Declaration and schema; the handler is in functions/api/me.ts.
import * as z from 'zod';
import { roles } from '../../core/identity.js';
import { defineRoutes } from './define.js';

export const CallerView = z
  .object({
    subject: z.string(),
    roles: z.array(z.enum(roles)),
    ddoCodes: z.array(z.string()),
    districts: z.array(z.string()),
    registrationId: z.string().optional().meta({ description: 'An applicant session: the registration it is bound to' }),
  })
  .meta({ id: 'Caller' });

export const meRoutes = defineRoutes('me', {
  'GET /v1/me': {
    access: { roles: ['portal', 'operator', 'applicant', 'ddo', 'verifier', 'district-admin', 'state-admin'], scope: 'none' },
    summary: 'The caller as the API sees it: subject, roles and scopes from the verified token',
    usesServices: false,
    success: { status: 200, schema: CallerView, description: 'The caller: subject, roles, scopes' },
  },
});
