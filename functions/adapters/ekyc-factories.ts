// The e-KYC provider (HTTP) and the retry policy of provider calls inside an API request: no AWS client.
import type { RetryPolicy } from '../core/retry.js';
import { parseEnv } from '../config.js';
import { resources } from '../environment.js';
import { HttpEkycProvider } from './ekyc-http.js';
import { sdkLikeRetries } from './sms.js';

export const createEkycProvider = () => {
  const env = parseEnv(resources.ekyc.shape);
  return new HttpEkycProvider({
    baseUrl: env.EKYC_BASE_URL,
    timeoutMs: env.EKYC_TIMEOUT_MS,
    ...(env.EKYC_API_KEY === undefined ? {} : { apiKey: env.EKYC_API_KEY }),
  });
};

/** Provider calls inside an API request: 3 attempts, full-jitter backoff from 300 ms, within API Gateway's 30 s. */
export const apiRetryPolicy: RetryPolicy = { ...sdkLikeRetries, baseDelayMs: 300, maxDelayMs: 2000 };
