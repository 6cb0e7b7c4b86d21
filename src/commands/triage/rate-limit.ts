// Runbook "Repeated 429": which credentials are cooling down and until when, the 429 share of the
// recent inference traffic and its trend, all-credentials-cooling lines, and Qwen's free-quota lines.
import { cannotTell, type Evidence } from './evidence.js';
import { halves, inference, tally, versionAtLeast, isFork } from './common.js';
import { ok, problem, unknown, type Finding } from './findings.js';

export const RATE_LIMIT_STEPS = [
  'Add capacity (extra keys/providers) or reduce concurrency.',
  'Shift traffic to the fallback provider prefix.',
  'Tighten expensive-model exposure with excluded-models.',
  'For "Qwen Free allocated quota exceeded", switch credential/project immediately and reduce burst concurrency.',
];

const WARN_SHARE = 0.05;
const FAIL_SHARE = 0.2;
const QWEN = /free allocated quota exceeded|qwen quota exceeded/i;

export async function triageRateLimit(ev: Evidence): Promise<Finding[]> {
  const findings: Finding[] = [];
  const [logs, files] = await Promise.all([ev.logs(), ev.authFiles()]);

  if (!files.ok) findings.push(cannotTell('credentials in cooldown', 'GET /v0/management/auth-files', files.why));
  else {
    const cooling = files.value.filter(
      (f) => f.unavailable || /quota|429|rate|exhausted|cooldown/i.test(f.statusMessage ?? ''),
    );
    if (!cooling.length)
      findings.push(ok('credentials in cooldown', `none of ${files.value.length} credential(s) is cooling down`));
    for (const f of cooling)
      findings.push(
        problem(
          'credential in cooldown',
          'fail',
          `${f.provider} credential ${f.label} (${f.authIndex ?? f.name}) is unavailable: "${f.statusMessage ?? 'no reason given'}"`,
          [
            f.nextRetryAfter
              ? `until ${f.nextRetryAfter}`
              : 'until: not said by this gateway version (upstream CLIProxyAPI lists next_retry_after)',
          ],
          [
            `Rotate ${f.provider} capacity: add a credential or shift its traffic to the fallback provider prefix while ${f.name} cools down.`,
          ],
        ),
      );
  }

  if (!logs.ok) findings.push(cannotTell('429 share', `the last ${ev.windowMinutes} min of the log`, logs.why));
  else {
    const calls = inference(logs.value);
    const limited = calls.filter((e) => e.access.status === 429);
    if (!calls.length)
      findings.push(unknown('429 share', `no inference requests in the last ${ev.windowMinutes} min of the log`));
    else {
      const share = limited.length / calls.length;
      const [first, second] = halves(limited, ev.now, ev.windowMinutes);
      const summary = `${limited.length} of ${calls.length} inference requests (${(share * 100).toFixed(1)}%) answered 429 in the last ${ev.windowMinutes} min (warn > ${WARN_SHARE * 100}%, fail > ${FAIL_SHARE * 100}%)`;
      const evidence = [
        `trend: ${first} in the first half, ${second} in the second${second > first ? ' (rising)' : ''}`,
      ];
      if (limited.length)
        evidence.push(
          `by route: ${tally(limited, (e) => `${e.access.method} ${e.access.path}`)}`,
          `by client IP: ${tally(limited, (e) => e.access.clientIp)}`,
        );
      if (share > FAIL_SHARE) findings.push(problem('429 share', 'fail', summary, evidence));
      else if (share > WARN_SHARE) findings.push(problem('429 share', 'warn', summary, evidence));
      else findings.push(ok('429 share', summary, evidence));
    }
    const cooling = logs.value.filter((e) => /in cooldown|cooling down|model_cooldown/i.test(e.message) && !e.access);
    if (cooling.length)
      findings.push(
        problem(
          'all credentials cooling',
          'fail',
          `${cooling.length} line(s) say every candidate credential for a model was cooling down`,
          [`last: ${cooling.at(-1)?.message ?? ''}`],
        ),
      );
    const qwen = logs.value.filter((e) => QWEN.test(e.message));
    const version = ev.version;
    if (qwen.length)
      findings.push(
        problem(
          'Qwen free quota',
          'fail',
          `${qwen.length} "Free allocated quota exceeded" line(s) from Qwen`,
          [`last: ${qwen.at(-1)?.message ?? ''}`, qwenNote(version)],
          [
            'Qwen free quota: switch to another Qwen credential/project now and reduce burst concurrency (the free tier resets at 00:00 Beijing time).',
          ],
        ),
      );
    else findings.push(ok('Qwen free quota', 'no "Free allocated quota exceeded" lines', [qwenNote(version)]));
  }
  return findings;
}

function qwenNote(version: string | undefined): string {
  if (isFork(version)) return `cliproxyapi++ ${version} passes Qwen's quota error through as the provider sent it`;
  if (versionAtLeast(version, [6, 9, 26])) return `CLIProxyAPI ${version} has no Qwen provider (removed in v6.9.26)`;
  if (versionAtLeast(version, [6, 8, 28]))
    return `CLIProxyAPI ${version} maps Qwen's 403 to 429 and cools the credential down until 00:00 Beijing time`;
  return `gateway version ${version ?? 'unknown'}: Qwen's quota error may show as 403`;
}
