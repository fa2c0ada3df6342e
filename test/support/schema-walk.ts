// Walking a zod (v4) request schema: every object in it, every string and every array, each with its path.
// The request-schema tests hold all of them to the API's rules (strict, bounded, normalised).
import type * as z from 'zod';

export interface Leaf {
  readonly path: string;
  readonly schema: z.ZodType;
}

export interface Walked {
  readonly objects: Leaf[];
  readonly strings: Leaf[];
  readonly arrays: Leaf[];
}

type Def = {
  type: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  shape?: Record<string, z.ZodType>;
  in?: z.ZodType;
  out?: z.ZodType;
  valueType?: z.ZodType;
};

export const walk = (root: z.ZodType): Walked => {
  const walked: Walked = { objects: [], strings: [], arrays: [] };
  const visit = (schema: z.ZodType, path: string) => {
    const def = schema._zod.def as unknown as Def;
    switch (def.type) {
      case 'object':
        walked.objects.push({ path, schema });
        for (const [key, child] of Object.entries(def.shape ?? {})) visit(child, path === '' ? key : `${path}.${key}`);
        return;
      case 'string':
        walked.strings.push({ path, schema });
        return;
      case 'array':
        walked.arrays.push({ path, schema });
        visit(def.element as z.ZodType, `${path}[]`);
        return;
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'catch':
        visit(def.innerType as z.ZodType, path);
        return;
      case 'union':
        for (const [index, option] of (def.options ?? []).entries()) visit(option, `${path}<${index}>`);
        return;
      case 'pipe':
        visit(def.in as z.ZodType, path);
        return;
      case 'record':
        visit(def.valueType as z.ZodType, `${path}{}`);
        return;
      default:
        // enum, literal, number, boolean, coerced numbers: bounded by their own kind
        return;
    }
  };
  visit(root, '');
  return walked;
};

const checksOf = (schema: z.ZodType) =>
  ((schema._zod.def as { checks?: { _zod: { def: Record<string, unknown> } }[] }).checks ?? []).map((check) => check._zod.def);

/** A string is bounded by a maximum length, or by an anchored pattern of bounded repetition (ids, formats). */
export const isBoundedString = (schema: z.ZodType): boolean => {
  if ((schema as z.ZodString).maxLength !== null && (schema as z.ZodString).maxLength !== undefined) return true;
  const patterns = [
    (schema._zod.def as { pattern?: RegExp }).pattern,
    ...checksOf(schema).map((check) => check.pattern as RegExp | undefined),
  ].filter((pattern): pattern is RegExp => pattern !== undefined);
  return patterns.some(
    (pattern) => pattern.source.startsWith('^') && pattern.source.endsWith('$') && !/[*+]|\{\d+,\}/.test(pattern.source),
  );
};

/** A free-text string: no format and no pattern (those admit ASCII only, where normalisation changes nothing). */
export const isFreeText = (schema: z.ZodType): boolean =>
  (schema._zod.def as { format?: string }).format === undefined && !checksOf(schema).some((check) => check.check === 'string_format');

export const arrayMax = (schema: z.ZodType): number | undefined =>
  checksOf(schema).find((check) => check.check === 'max_length')?.maximum as number | undefined;
