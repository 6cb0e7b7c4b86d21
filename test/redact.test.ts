import { describe, expect, it } from 'vitest';
import { Redactor } from '../src/redact.js';

describe('Redactor', () => {
  it('replaces every configured secret, also inside JSON strings and URLs', () => {
    const r = new Redactor();
    r.add('sk-ops-runbook-01');
    r.add('mgmt "7f3c"/9e2a');
    expect(r.redact('key sk-ops-runbook-01 twice sk-ops-runbook-01')).toBe('key *** twice ***');
    expect(r.redact(JSON.stringify({ k: 'mgmt "7f3c"/9e2a' }))).toBe('{"k":"***"}');
    expect(r.redact(`?x=${encodeURIComponent('mgmt "7f3c"/9e2a')}`)).toBe('?x=***');
  });

  it('masks bearer tokens and key headers it was never told about', () => {
    const r = new Redactor();
    expect(r.redact('Authorization: Bearer abc.def-123')).toBe('Authorization: Bearer ***');
    expect(r.redact('X-Management-Key: hunter22')).toBe('X-Management-Key: ***');
    expect(r.redact('GET /v1/models?key=abcd1234&x=1')).toBe('GET /v1/models?key=***&x=1');
  });

  it('leaves placeholders and ordinary text alone', () => {
    const r = new Redactor();
    r.add('abc'); // too short to redact safely: config.ts refuses such keys
    expect(r.redact('curl -H "Authorization: Bearer <api-key>" abc')).toBe(
      'curl -H "Authorization: Bearer <api-key>" abc',
    );
  });
});
