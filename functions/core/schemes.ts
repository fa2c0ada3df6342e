// Schemes are data: each is a JSON file validated here, once, when the module loads. Adding a scheme means
// adding a file and listing it below, not writing code.
import * as z from 'zod';
import upSects from './schemes/up-sects.json' with { type: 'json' };
import pmjay from './schemes/pmjay.json' with { type: 'json' };

export const rosterTypes = ['employees', 'ration-card-families', 'students', 'mgnrega'] as const;
export type RosterType = (typeof rosterTypes)[number];

const bilingual = z.object({ en: z.string().min(1), hi: z.string().min(1) });

export const schemeSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/),
    title: bilingual,
    rosterTypes: z.array(z.enum(rosterTypes)).min(1),
    approval: z.object({
      /** Who decides: the employee's DDO (by the roster's DDO code) or the district's verifier queue. */
      approver: z.enum(['ddo', 'verifier']),
      /** `always`: every card needs a person. `on-mismatch`: a clean e-KYC match is approved automatically (NHA BIS). */
      when: z.enum(['always', 'on-mismatch']),
      slaHours: z
        .number()
        .int()
        .positive()
        .max(24 * 20),
      /** Who the case goes to when the SLA passes; it keeps waiting, it never fails. */
      escalateTo: z.enum(['district-admin', 'state-admin']),
    }),
    dependents: z.object({
      allowed: z.boolean(),
      /** `declared`: the primary declares them (employee families); `roster`: they are members on the roster. */
      source: z.enum(['declared', 'roster']),
      relations: z.array(z.string().min(1)).min(1),
      maxChildAgeYears: z.number().int().positive().nullable(),
      maxDependents: z.number().int().positive(),
    }),
    nameMatch: z.object({ nameScore: z.number().min(0.5).max(1), yearTolerance: z.number().int().min(0).max(5) }),
    card: z.object({ prefix: z.string().regex(/^[A-Z]{2,5}$/), validityYears: z.number().int().min(1).max(10) }),
    eligibleRosterStatuses: z.array(z.string().min(1)).min(1),
    /** Norms past which registrations are listed for review (core/anomalies.ts); nobody is blocked by them. */
    anomalies: z.object({
      /** Unrelated families (ration cards, job cards, employees) one mobile number may register. */
      familiesPerMobile: z.number().int().positive(),
      /** People one operator may register in a day before it is worth a look (a camp's norm). */
      registrationsPerOperatorPerDay: z.number().int().positive(),
    }),
  })
  .strict();

export type Scheme = z.infer<typeof schemeSchema>;

const loaded = [upSects, pmjay].map((data) => schemeSchema.parse(data));

export const schemes: ReadonlyMap<string, Scheme> = new Map(loaded.map((scheme) => [scheme.id, scheme]));
export const schemeIds = loaded.map((scheme) => scheme.id) as [string, ...string[]];

export const findScheme = (id: string): Scheme | undefined => schemes.get(id);
