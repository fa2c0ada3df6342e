// The one place the pipeline reads the system's time: everything else is handed this Clock (tests hand their own).
import type { Clock } from '../core/use-cases/deps.js';

export const systemClock: Clock = { now: () => Date.now() };
