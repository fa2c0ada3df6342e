// The shape every Step Functions task handler shares: parse the payload with zod, run the use case, return ids
// only. Errors are thrown (their class names are the workflow's Retry/Catch contract), never returned.
import * as z from 'zod';
import { ValidationError } from '../core/errors.js';
import { resumeRegistration } from '../core/use-cases/executions.js';
import { systemActor } from '../core/use-cases/deps.js';
import { logger } from '../adapters/logger.js';
import type { Registration, Registry } from '../ports/registry.js';

export const taskHandler =
  <Shape extends z.ZodRawShape, Result>(name: string, shape: Shape, run: (input: z.infer<z.ZodObject<Shape>>) => Promise<Result>) =>
  async (event: unknown): Promise<Result> => {
    const parsed = z.object(shape).safeParse(event);
    if (!parsed.success) throw new ValidationError({ message: `${name} received a payload it cannot use.` });
    const started = Date.now();
    try {
      const result = await run(parsed.data);
      logger.info('task done', {
        task: name,
        registrationId: (parsed.data as { registrationId?: string }).registrationId,
        ms: Date.now() - started,
      });
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

/**
 * A registration workflow's task. A step that runs while its registration reads STOPPED runs because the execution
 * was redriven (from the API, or the Step Functions console, whose status-change event may come after the step):
 * the registration is put back where it was stopped first, so the step finds it as it left it. The registration
 * read for that is handed to the step (`read`), which reads it no second time.
 */
export const registrationTaskHandler = <Shape extends z.ZodRawShape & { registrationId: typeof registrationId }, Result>(
  name: string,
  shape: Shape,
  registry: Pick<Registry, 'getRegistration' | 'transition'>,
  run: (input: z.infer<z.ZodObject<Shape>>, read: Registration | undefined) => Promise<Result>,
) =>
  taskHandler(name, shape, async (input) =>
    run(input, await resumeRegistration(registry, (input as { registrationId: string }).registrationId, systemActor)),
  );
export const taskToken = z.string().min(1);
