// The shape every Step Functions task handler shares: parse the payload with zod, run the use case, return ids
// only. Errors are thrown (their class names are the workflow's Retry/Catch contract), never returned.
import * as z from 'zod';
import { ValidationError } from '../core/errors.js';
import { logger } from '../adapters/logger.js';

export const taskHandler =
  <Shape extends z.ZodRawShape, Result>(name: string, shape: Shape, run: (input: z.infer<z.ZodObject<Shape>>) => Promise<Result>) =>
  async (event: unknown): Promise<Result> => {
    const parsed = z.object(shape).safeParse(event);
    if (!parsed.success) throw new ValidationError(`${name} received a payload it cannot use.`);
    const started = Date.now();
    try {
      const result = await run(parsed.data);
      logger.info('task done', { task: name, registrationId: (parsed.data as { registrationId?: string }).registrationId, ms: Date.now() - started });
      return result;
    } catch (error) {
      logger.warn('task failed', {
        task: name,
        registrationId: (parsed.data as { registrationId?: string }).registrationId,
        errorName: error instanceof Error ? error.name : 'unknown',
        // Our errors' messages carry no personal data by construction; the privacy tests scan every log line.
        errorMessage: error instanceof Error ? error.message.slice(0, 300) : undefined,
      });
      throw error;
    }
  };

export const registrationId = z.string().uuid();
export const taskToken = z.string().min(1);
