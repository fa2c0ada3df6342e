// Every log group of the stack: explicit, encrypted with the logs key, kept when the stack is deleted, with a
// retention and a CloudWatch Logs data protection policy that masks Indian mobile numbers and Aadhaar numbers.
// The code already never logs them (privacy tests scan every log line); this is the second line, for a mistake.
import { RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { CustomDataIdentifier, DataIdentifier, DataProtectionPolicy, LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/**
 * How long logs are kept unless CDK context says otherwise (`functionLogRetentionDays`, `auditLogRetentionDays`):
 * function logs are for debugging; state machine and API access logs are who-did-what and kept a year.
 */
export const defaultLogRetention = {
  functions: RetentionDays.THREE_MONTHS,
  audit: RetentionDays.ONE_YEAR,
} as const;

/**
 * AWS has no managed data identifier for India (its phone-number identifiers cover BR, DE, ES, FR, GB, IT and
 * US; national ids DE, ES, IT), so these are custom ones. CloudWatch allows no parentheses in them, hence
 * alternatives instead of groups; `\b` keeps them off longer digit runs (ids, timestamps).
 * A 12-digit AWS account id that begins with 2-9 is masked too: the price of catching Aadhaar numbers.
 */
export const indiaDataIdentifiers = [
  {
    name: 'IndianMobileNumber',
    // 10 digits from 6-9, whole or as 5 + 5; or with 91 or 0 in front (+91 98765 43210 is caught by the first).
    regex: '\\b[6-9][0-9]{4} ?[0-9]{5}\\b|\\b91[6-9][0-9]{4} ?[0-9]{5}\\b|\\b0[6-9][0-9]{4} ?[0-9]{5}\\b',
  },
  {
    name: 'AadhaarNumber',
    // 12 digits, the first 2-9 (UIDAI issues none from 0 or 1), written whole or in groups of four.
    regex: '\\b[2-9][0-9]{3}[ -]?[0-9]{4}[ -]?[0-9]{4}\\b',
  },
  {
    name: 'AadhaarVirtualId',
    // The 16-digit VID a person may give instead of their Aadhaar number.
    regex: '\\b[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}\\b',
  },
] as const;

/** AWS managed identifiers that fit what could leak here: e-mail addresses (staff) and credentials. */
export const managedDataIdentifiers = [
  DataIdentifier.EMAILADDRESS,
  DataIdentifier.AWSSECRETKEY,
  DataIdentifier.PKCSPRIVATEKEY,
  DataIdentifier.OPENSSHPRIVATEKEY,
  DataIdentifier.PGPPRIVATEKEY,
  DataIdentifier.PUTTYPRIVATEKEY,
];

export const logDataProtectionPolicy = () =>
  new DataProtectionPolicy({
    name: 'healthcard-pipeline-pii',
    description: 'Masks Indian mobile and Aadhaar numbers, e-mail addresses and credentials (the code logs none of them)',
    identifiers: [
      ...managedDataIdentifiers,
      ...indiaDataIdentifiers.map((identifier) => new CustomDataIdentifier(identifier.name, identifier.regex)),
    ],
  });

export interface ProtectedLogGroupProps {
  readonly key: IKey;
  readonly retention: RetentionDays;
}

export const protectedLogGroup = (scope: Construct, id: string, props: ProtectedLogGroupProps): LogGroup =>
  new LogGroup(scope, id, {
    retention: props.retention,
    encryptionKey: props.key,
    removalPolicy: RemovalPolicy.RETAIN,
    dataProtectionPolicy: logDataProtectionPolicy(),
  });
