// The custom data identifiers the stack's log groups mask with (infra/log-groups.ts): within what CloudWatch
// Logs accepts in a custom identifier, catching the ways a mobile or Aadhaar number gets written, and leaving
// alone what the pipeline does log (ids, timestamps, counts).
import { describe, expect, it } from 'vitest';
import { indiaDataIdentifiers } from '../../infra/log-groups.js';

// CloudWatch Logs: at most 10 custom identifiers a policy, names of [A-Za-z0-9_-] up to 128, regexes up to 200
// characters of alphanumerics, _ # = @ / ; , - space, and ^ $ ? [ ] { } | \ * + . (no parentheses).
const allowedRegex = /^[A-Za-z0-9_#=@/;,\- ^$?[\]{}|\\*+.]{1,200}$/;

const masks = (name: (typeof indiaDataIdentifiers)[number]['name'], text: string) => {
  const identifier = indiaDataIdentifiers.find((candidate) => candidate.name === name);
  return new RegExp(identifier?.regex ?? '$^').test(text);
};

describe('log redaction identifiers', () => {
  it("stay within CloudWatch Logs' limits for custom data identifiers", () => {
    expect(indiaDataIdentifiers.length).toBeLessThanOrEqual(10);
    for (const identifier of indiaDataIdentifiers) {
      expect(identifier.name).toMatch(/^[A-Za-z0-9_-]{1,128}$/);
      expect(identifier.regex, identifier.name).toMatch(allowedRegex);
      expect(() => new RegExp(identifier.regex)).not.toThrow();
    }
  });

  it('catch Indian mobile numbers however they are written', () => {
    for (const text of [
      '{"mobile":"9876543210"}',
      'to +919876543210',
      'to +91 98765 43210',
      'to +91-9876543210',
      'call 09876543210',
      'to 919876543210',
      'sms 6000000001 sent',
    ]) {
      expect(masks('IndianMobileNumber', text), text).toBe(true);
    }
  });

  it('catch Aadhaar numbers and virtual ids, whole or in groups of four', () => {
    for (const text of ['"aadhaarNumber":"234567890123"', 'uid 2345 6789 0123', 'uid 2345-6789-0123'])
      expect(masks('AadhaarNumber', text), text).toBe(true);
    for (const text of ['vid 9123456789012345', 'vid 9123 4567 8901 2345']) expect(masks('AadhaarVirtualId', text), text).toBe(true);
  });

  it('leave what the pipeline logs alone: ids, timestamps, epoch seconds, counts', () => {
    const logged = [
      '{"registrationId":"3f6c2a1e-8b4d-4c2e-9f1a-0b7d5e6c4a21","task":"IssueCard","ms":412}',
      '{"timestamp":"2026-11-23T05:00:00.000Z","xray_trace_id":"1-6741a0b0-5759e988bd862e3fe1be46a9"}',
      '{"expiresAt":1795420800,"at":1732345678901,"rows":70000,"aadhaarLast4":"9876"}',
      'import rosters/pmjay/Lucknow/ration-card-families/first.csv version 3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY',
    ];
    for (const identifier of indiaDataIdentifiers) {
      for (const line of logged) expect(new RegExp(identifier.regex).test(line), `${identifier.name} in ${line}`).toBe(false);
    }
  });
});
