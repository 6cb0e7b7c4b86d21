import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import check, {
  MANAGEMENT_DISABLED,
  NO_KIRO_QUOTA_ROUTE,
  evaluate,
  type Credential,
  type KiroQuota,
  type Reading,
} from '../../checks/kiro-quota.js';
import { defaultsOf } from '../../src/options.js';
import { PLAYBOOK } from '../../checks/support/playbooks.js';
import { AUTH_FILES_BODY, HTML_502, KIRO_INDEX, KIRO_QUOTA_BODY, kiroFile, kiroQuota } from '../helpers/bodies.js';
import { testCheck, type Row } from '../helpers/check-tester.js';
import { runAgainst, type RunOptions } from '../helpers/run.js';
import { startGateway, type Reply, type Seen, type FakeGateway } from '../helpers/routes.js';

const runOne = async (url: string, id: string, opts: Omit<RunOptions, 'only'> = {}) =>
  (await runAgainst(url, { ...opts, only: [id] })).byId(id);

const t = defaultsOf(check.options);
const alice: Credential = { authIndex: KIRO_INDEX, label: 'user@example.com' };
const quota = (usagePct: number, more: Partial<KiroQuota> = {}): Reading => ({
  credential: alice,
  quota: {
    authIndex: KIRO_INDEX,
    usagePct,
    remaining: 500 - usagePct * 5,
    exhausted: false,
    limit: 500,
    resetAt: 1772323200000,
    ...more,
  },
});
const answer = (status: number, error: string, detail?: string): Reading => ({
  credential: alice,
  status,
  error,
  detail,
});

const kiroTable: Array<Row<Reading[], typeof t>> = [
  ...(
    [
      [79.9, 'pass'],
      [80, 'warn'],
      [94.9, 'warn'],
      [95, 'fail'],
      [100, 'fail'],
    ] as const
  ).map(([pct, status]) => ({
    name: `usage ${pct}% is ${status} (warn >= 80, fail >= 95)`,
    input: [quota(pct)],
    status,
    summary: new RegExp(`^user@example.com: usage ${pct}(\\.0)?%`),
    ...(status === 'pass' ? {} : { hint: PLAYBOOK.kiroQuota }),
  })),
  ...(
    [
      [
        'no kiro credential found',
        'skip',
        answer(400, 'no kiro credential found'),
        'kiro-quota → 400 "no kiro credential found"',
      ],
      [
        'kiro token not found',
        'fail',
        answer(400, 'kiro token not found'),
        'kiro-quota → 400 "kiro token not found": the credential has no usable token',
      ],
      [
        'failed to resolve kiro token',
        'fail',
        answer(400, 'failed to resolve kiro token', 'token file missing'),
        '"failed to resolve kiro token: token file missing"',
      ],
      [
        'kiro profile arn not found',
        'warn',
        answer(400, 'kiro profile arn not found'),
        'its quota cannot be read without a profile ARN',
      ],
      [
        '502 kiro quota request failed',
        'fail',
        answer(
          502,
          'kiro quota request failed',
          'API error (status 403): {"message":"The bearer token included in the request is invalid."}',
        ),
        'kiro-quota → 502 "kiro quota request failed: API error (status 403)',
      ],
      ['an unknown 400', 'error', answer(400, 'something new'), '"something new" (unexpected answer)'],
    ] as const
  ).map(([name, status, reading, said]) => ({
    name: `the route answering ${name} is ${status}`,
    input: [reading],
    status,
    summary: new RegExp(said.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
    ...(status === 'warn' || status === 'fail'
      ? { hint: PLAYBOOK.kiroCredential, notAThreshold: 'the credential is broken, not over a quota' }
      : {}),
  })),
];

testCheck(check, (readings: Reading[], options) => evaluate(readings, options), kiroTable);

describe('kiro-quota evaluate', () => {
  it('states usage, the limit, what remains and the reset date next to the thresholds', () => {
    const r = evaluate([quota(86)], t);
    expect(r).toMatchObject({
      status: 'warn',
      summary: 'user@example.com: usage 86.0% of 500, 70 remaining, resets 2026-03-01 (warn ≥ 80%, fail ≥ 95%)',
      hint: PLAYBOOK.kiroQuota,
    });
    expect(r.metrics).toEqual({ credentials: 1, maxUsagePct: 86 });
  });

  it('an exhausted quota fails whatever the percentage says', () => {
    const r = evaluate([quota(40, { exhausted: true, remaining: 0 })], t);
    expect(r).toMatchObject({
      status: 'fail',
      summary:
        'user@example.com: quota exhausted (usage 40.0% of 500, 0 remaining, resets 2026-03-01) (warn ≥ 80%, fail ≥ 95%)',
    });
  });

  it('never prints a usage just under a threshold as equal to it', () => {
    expect(evaluate([quota(79.96)], t).summary).toContain('usage 79.96% of 500');
  });

  it('refuses to attribute an answer for another credential', () => {
    const r = evaluate(
      [
        {
          credential: { authIndex: 'ffffffffffffffff', label: 'bob@example.com' },
          quota: (quota(10) as { quota: KiroQuota }).quota,
        },
      ],
      t,
    );
    expect(r.status).toBe('error');
    expect(r.summary).toContain(
      'bob@example.com: asked for auth_index ffffffffffffffff, the gateway answered for 1da85f731d947d39',
    );
    expect(r.hint).toContain('auth-files');
  });

  it("a 404 that is not the route's own answer skips: the gateway has no kiro-quota", () => {
    expect(evaluate([{ credential: alice, missingRoute: true }], t)).toEqual({
      status: 'skip',
      summary: `GET /v0/management/kiro-quota → 404: ${NO_KIRO_QUOTA_ROUTE}`,
    });
  });

  it('puts the worst credentials first and folds the rest into the details', () => {
    const creds = ['a', 'b', 'c', 'd', 'e'].map((n, i): Reading => ({
      credential: { authIndex: `${i}`.repeat(16), label: `${n}@example.com` },
      quota: {
        authIndex: `${i}`.repeat(16),
        usagePct: [10, 97, 50, 85, 20][i] as number,
        remaining: 1,
        exhausted: false,
      },
    }));
    const r = evaluate(creds, t);
    expect(r.status).toBe('fail');
    expect(r.summary).toBe(
      'b@example.com: usage 97.0%, 1 remaining; d@example.com: usage 85.0%, 1 remaining; a@example.com: usage 10.0%, 1 remaining; and 2 more (see details) (warn ≥ 80%, fail ≥ 95%)',
    );
    expect(r.details).toHaveLength(5);
    expect(r.metrics).toEqual({ credentials: 5, maxUsagePct: 97 });
  });
});

const AUTH_FILES = 'GET /v0/management/auth-files';
const KIRO = 'GET /v0/management/kiro-quota';
const KEY = 'mgmt-7f3c9e2a';
const BOB = 'bbbbbbbbbbbbbbbb';

describe('kiro-quota over loopback HTTP', () => {
  let server: FakeGateway;
  let authFiles: Reply;
  let kiro: ((req: Seen) => Reply) | undefined;

  beforeAll(async () => {
    server = await startGateway({
      flavor: 'plus',
      managementKey: KEY,
      routes: {
        [AUTH_FILES]: () => authFiles,
        [KIRO]: (req) => (kiro ? kiro(req) : { status: 404, text: '404 page not found' }),
      },
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    authFiles = { text: AUTH_FILES_BODY };
    kiro = () => ({ text: KIRO_QUOTA_BODY });
    server.seen.length = 0;
  });

  it('reads the reference bodies: one Kiro credential at 17.5%', async () => {
    const r = await runOne(server.url, 'kiro-quota', { managementKey: KEY });
    expect(r).toMatchObject({
      status: 'pass',
      summary: 'user@example.com: usage 17.5% of 500, 412.5 remaining, resets 2026-03-01 (warn ≥ 80%, fail ≥ 95%)',
    });
    expect(server.seen.map((q) => q.url)).toEqual([
      '/v0/management/auth-files',
      `/v0/management/kiro-quota?auth_index=${KIRO_INDEX}`,
    ]);
  });

  it('skips without a management key and makes no request', async () => {
    const r = await runOne(server.url, 'kiro-quota');
    expect(r.status).toBe('skip');
    expect(r.summary).toContain('no management key');
    expect(server.seen).toHaveLength(0);
  });

  it('skips when the management API is disabled (404)', async () => {
    const disabled = await startGateway({ flavor: 'plus', routes: {} });
    try {
      const r = await runOne(disabled.url, 'kiro-quota', { managementKey: KEY });
      expect(r).toMatchObject({
        status: 'skip',
        summary: `GET /v0/management/auth-files → 404: ${MANAGEMENT_DISABLED}`,
      });
    } finally {
      await disabled.close();
    }
  });

  it('skips on a gateway with auth-files but no kiro-quota route (CLIProxyAPI: empty 404)', async () => {
    const upstream = await startGateway({
      flavor: 'upstream',
      managementKey: KEY,
      routes: { [AUTH_FILES]: { text: AUTH_FILES_BODY } },
    });
    try {
      const r = await runOne(upstream.url, 'kiro-quota', { managementKey: KEY });
      expect(r).toMatchObject({
        status: 'skip',
        summary: `GET /v0/management/kiro-quota → 404: ${NO_KIRO_QUOTA_ROUTE}`,
      });
    } finally {
      await upstream.close();
    }
  });

  it('skips when no credential is a Kiro one', async () => {
    authFiles = { json: { files: [JSON.parse(AUTH_FILES_BODY).files[1]] } };
    expect(await runOne(server.url, 'kiro-quota', { managementKey: KEY })).toMatchObject({
      status: 'skip',
      summary: "no Kiro credential among the gateway's 1 auth file(s)",
    });
    expect(server.hits('/v0/management/kiro-quota')).toBe(0);
  });

  it('reports an error, not borrowed numbers, when the gateway answers for the first credential instead', async () => {
    authFiles = { json: { files: [...JSON.parse(AUTH_FILES_BODY).files, kiroFile(BOB, 'bob@example.com')] } };
    // The gateway's fallback: an index it does not know (bob's file vanished since the listing) gets
    // the first Kiro credential's quota.
    kiro = () => ({ json: kiroQuota(KIRO_INDEX, 450) });
    const r = await runOne(server.url, 'kiro-quota', { managementKey: KEY });
    expect(r.status).toBe('error');
    expect(r.summary).toContain(`bob@example.com: asked for auth_index ${BOB}, the gateway answered for ${KIRO_INDEX}`);
    expect(r.details).toContain('warn: user@example.com: usage 90.0% of 500, 50 remaining, resets 2026-03-01');
  });

  it('warns and fails per credential, worst first', async () => {
    authFiles = { json: { files: [...JSON.parse(AUTH_FILES_BODY).files, kiroFile(BOB, 'bob@example.com')] } };
    kiro = (req) => ({ json: req.query.get('auth_index') === BOB ? kiroQuota(BOB, 500) : kiroQuota(KIRO_INDEX, 425) });
    const r = await runOne(server.url, 'kiro-quota', { managementKey: KEY });
    expect(r).toMatchObject({
      status: 'fail',
      summary:
        'bob@example.com: quota exhausted (usage 100.0% of 500, 0 remaining, resets 2026-03-01); user@example.com: usage 85.0% of 500, 75 remaining, resets 2026-03-01 (warn ≥ 80%, fail ≥ 95%)',
      hint: PLAYBOOK.kiroQuota,
    });
  });

  it('asks only for the configured authIndex', async () => {
    authFiles = { json: { files: [...JSON.parse(AUTH_FILES_BODY).files, kiroFile(BOB, 'bob@example.com')] } };
    kiro = () => ({ json: kiroQuota(BOB, 10) });
    const r = await runOne(server.url, 'kiro-quota', {
      managementKey: KEY,
      options: { 'kiro-quota': { authIndex: BOB } },
    });
    expect(r.status).toBe('pass');
    expect(server.seen.map((q) => q.url)).toEqual([
      '/v0/management/auth-files',
      `/v0/management/kiro-quota?auth_index=${BOB}`,
    ]);
  });

  it('an authIndex that is no Kiro credential is an error and is never asked for', async () => {
    const r = await runOne(server.url, 'kiro-quota', {
      managementKey: KEY,
      options: { 'kiro-quota': { authIndex: 'e59d1dab60a10e70' } },
    });
    expect(r.status).toBe('error');
    expect(r.summary).toContain("authIndex e59d1dab60a10e70 is not one of the gateway's Kiro credentials");
    expect(server.hits('/v0/management/kiro-quota')).toBe(0);
  });

  it('fails quoting a 502 from the upstream quota API', async () => {
    kiro = () => ({
      status: 502,
      json: {
        error: 'kiro quota request failed',
        detail: 'API error (status 403): {"message":"The bearer token included in the request is invalid."}',
      },
    });
    const r = await runOne(server.url, 'kiro-quota', { managementKey: KEY });
    expect(r.status).toBe('fail');
    expect(r.summary).toContain(
      'user@example.com: kiro-quota → 502 "kiro quota request failed: API error (status 403)',
    );
    expect(r.hint).toBe(PLAYBOOK.kiroCredential);
  });

  it.each([
    [{ error: 'kiro token not found', auth_index: KIRO_INDEX }, 'fail'],
    [{ error: 'kiro profile arn not found', auth_index: KIRO_INDEX }, 'warn'],
    [{ error: 'no kiro credential found' }, 'skip'],
  ])('a 400 $error is $1, quoting the gateway', async (body, status) => {
    kiro = () => ({ status: 400, json: body });
    const r = await runOne(server.url, 'kiro-quota', { managementKey: KEY });
    expect(r.status).toBe(status);
    expect(r.summary).toContain(`"${body.error}"`);
  });

  it.each([
    [
      'auth-files as an HTML page',
      () => (authFiles = { text: HTML_502, headers: { 'content-type': 'text/html' } }),
      'GET /v0/management/auth-files → 200 with an HTML page',
    ],
    [
      'truncated auth-files',
      () => (authFiles = { text: AUTH_FILES_BODY.slice(0, 200) }),
      'GET /v0/management/auth-files → 200 with truncated JSON',
    ],
    [
      'auth-files as a bare list',
      () => (authFiles = { json: [] }),
      'not {"files":[...]} (a bare list, as older docs show)',
    ],
    ['a truncated quota', () => (kiro = () => ({ text: KIRO_QUOTA_BODY.slice(0, 60) })), 'with truncated JSON'],
    ['a wrong-shaped quota', () => (kiro = () => ({ json: { quota: 1 } })), 'but the body is not a Kiro quota'],
  ])('reports %s as an error', async (_name, arrange, said) => {
    arrange();
    const r = await runOne(server.url, 'kiro-quota', { managementKey: KEY });
    expect(r.status).toBe('error');
    expect(r.summary).toContain(said);
  });

  it('a rejected management key is an error after exactly one management request', async () => {
    const r = await runOne(server.url, 'kiro-quota', { managementKey: 'wrong-management-key' });
    expect(r.status).toBe('error');
    expect(r.summary).toContain('management key rejected: 401 invalid management key');
    expect(server.hits('/v0/management/')).toBe(1);
    expect(JSON.stringify(r)).not.toContain('wrong-management-key');
  });
});
