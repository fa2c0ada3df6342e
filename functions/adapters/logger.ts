// Structured JSON logs (Powertools). Never log a request body, an Aadhaar number, an OTP or a mobile number:
// log ids and outcomes only. Privacy tests scan every log line of the test run for the values they used.
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: 'healthcard-pipeline' });
