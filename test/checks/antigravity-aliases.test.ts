import check, { evaluate } from '../../checks/antigravity-aliases.js';
import { modelList, type ModelEntry } from '../../src/gateway/models.js';
import { testCheck } from '../helpers/check-tester.js';

const m = (id: string, ownedBy = 'antigravity'): ModelEntry => ({ id, ownedBy });
const none = { expectIds: [] };
const bridgeHint = /re-add the alias bridge in oauth-model-alias/;

testCheck(check, (entries: ModelEntry[], t) => evaluate(modelList(entries), t), [
  {
    name: 'both listed (fork: true)',
    input: [m('claude-opus-4-6-thinking'), m('gemini-claude-opus-4-6-thinking')],
    options: none,
    status: 'pass',
    summary: /^both listed: claude-opus-4-6-thinking \(antigravity\) and the alias bridge/,
  },
  {
    name: 'alias only (no fork)',
    input: [m('gemini-claude-opus-4-6-thinking')],
    options: none,
    status: 'pass',
    summary: /^alias bridge gemini-claude-opus-4-6-thinking \(antigravity\) listed; the upstream id is replaced/,
  },
  {
    name: 'upstream only',
    input: [m('claude-opus-4-6-thinking')],
    options: none,
    status: 'pass',
    summary: /^claude-opus-4-6-thinking \(antigravity\) listed; no gemini-claude-opus-4-6-thinking alias/,
  },
  {
    name: 'neither listed',
    input: [m('claude-sonnet-4-6'), m('gemini-3-pro-high')],
    options: none,
    status: 'fail',
    summary: /^neither claude-opus-4-6-thinking nor gemini-claude-opus-4-6-thinking is listed/,
    hint: bridgeHint,
  },
  {
    name: 'a near miss does not count',
    input: [m('claude-opus-4-6-thinking-ag')],
    options: none,
    status: 'fail',
    summary: /^neither/,
    hint: bridgeHint,
  },
  {
    name: 'every id an operator lists in expectIds is there',
    input: [m('claude-opus-4-6-thinking'), m('gemini-3-pro-preview')],
    options: { expectIds: ['claude-opus-4-6-thinking', 'gemini-3-pro-preview'] },
    status: 'pass',
    summary: /claude-opus-4-6-thinking/,
  },
  {
    name: 'an id listed in expectIds is missing',
    input: [m('claude-opus-4-6-thinking'), m('gemini-3-pro-preview')],
    options: { expectIds: ['claude-opus-4-6-thinking', 'gemini-claude-opus-4-6-thinking'] },
    status: 'fail',
    summary: '1 of 2 expected ids not listed: gemini-claude-opus-4-6-thinking (expectIds)',
  },
]);
