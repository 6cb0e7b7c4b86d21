import { describe, expect, it } from 'vitest';
import { evaluate } from '../../checks/antigravity-aliases.js';
import type { ModelEntry } from '../../src/gateway/models.js';

const m = (id: string, ownedBy = 'antigravity'): ModelEntry => ({ id, ownedBy });
const none = { expectIds: [] };

describe('antigravity-aliases evaluate', () => {
  it.each([
    [
      'both (fork: true)',
      [m('claude-opus-4-6-thinking'), m('gemini-claude-opus-4-6-thinking')],
      'pass',
      /^both listed: claude-opus-4-6-thinking \(antigravity\) and the alias bridge/,
    ],
    [
      'alias only (no fork)',
      [m('gemini-claude-opus-4-6-thinking')],
      'pass',
      /^alias bridge gemini-claude-opus-4-6-thinking \(antigravity\) listed; the upstream id is replaced/,
    ],
    [
      'upstream only',
      [m('claude-opus-4-6-thinking')],
      'pass',
      /^claude-opus-4-6-thinking \(antigravity\) listed; no gemini-claude-opus-4-6-thinking alias/,
    ],
    [
      'neither',
      [m('claude-sonnet-4-6'), m('gemini-3-pro-high')],
      'fail',
      /^neither claude-opus-4-6-thinking nor gemini-claude-opus-4-6-thinking is listed/,
    ],
    ['a near miss does not count', [m('claude-opus-4-6-thinking-ag')], 'fail', /^neither/],
  ] as const)('%s → %s', (_name, entries, status, summary) => {
    const r = evaluate([...entries], none);
    expect(r.status).toBe(status);
    expect(r.summary).toMatch(summary);
    if (status === 'fail') expect(r.hint).toMatch(/re-add the alias bridge in oauth-model-alias/);
  });

  it('requires every id an operator lists in expectIds', () => {
    const entries = [m('claude-opus-4-6-thinking'), m('gemini-3-pro-preview')];
    expect(evaluate(entries, { expectIds: ['claude-opus-4-6-thinking', 'gemini-3-pro-preview'] }).status).toBe('pass');
    const r = evaluate(entries, { expectIds: ['claude-opus-4-6-thinking', 'gemini-claude-opus-4-6-thinking'] });
    expect(r).toMatchObject({
      status: 'fail',
      summary: '1 of 2 expected ids not listed: gemini-claude-opus-4-6-thinking (expectIds)',
    });
  });
});
