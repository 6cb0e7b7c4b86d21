// Markdown for $GITHUB_STEP_SUMMARY, merge requests and chat: per target a summary table, then the
// details of every row that is not pass (the runbook's next step first), then the totals line. Gateway
// text is untrusted: it is escaped so it cannot open links, images, HTML or break out of a table cell.
import type { Status } from '../check.js';
import type { Report, ResultEntry } from '../report.js';
import { toAscii } from './glyphs.js';
import type { ReporterOptions } from './types.js';

const LABEL: Record<Status, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', error: 'ERROR', skip: 'SKIP' };

/** Inline text: Markdown and HTML punctuation escaped, line breaks folded into spaces. */
export function inline(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\\`*_[\]<>#|~&]/g, (c) => `\\${c}`);
}

function code(text: string): string {
  return `\`${text.replace(/`/g, '')}\``;
}

function status(s: Status): string {
  return s === 'pass' || s === 'skip' ? LABEL[s] : `**${LABEL[s]}**`;
}

function details(r: ResultEntry): string[] {
  const out = [`#### ${LABEL[r.status]}: ${inline(r.title)} (${code(r.id)})`, '', inline(r.summary), ''];
  if (r.hint) out.push(`**Next step:** ${inline(r.hint)}`, '');
  if (r.details.length) out.push(...r.details.map((d) => `- ${inline(d)}`), '');
  if (r.runbook) out.push(`Runbook: ${inline(r.runbook)}`, '');
  return out;
}

export default function renderMarkdown(report: Report, options: ReporterOptions): string {
  const out: string[] = [];
  for (const target of report.targets) {
    const rows = options.quiet ? target.results.filter((r) => r.status !== 'pass') : target.results;
    if (options.quiet && !rows.length) continue;
    out.push(`### provops: ${LABEL[target.status]} · ${inline(target.name)} (${code(target.url)})`, '');
    out.push('| Status | Check | Summary |', '|---|---|---|');
    for (const r of rows)
      out.push(`| ${status(r.status)} | ${inline(r.title)} (${code(r.id)}) | ${inline(r.summary)} |`);
    out.push('');
    for (const r of rows) if (r.status !== 'pass') out.push(...details(r));
  }
  const s = report.summary;
  out.push(
    `**${LABEL[report.status]}**: ${s.pass} pass, ${s.warn} warn, ${s.fail} fail, ${s.error} error, ${s.skip} skip in ${report.durationMs} ms → exit ${report.exitCode} (provops ${inline(report.version)}, as of ${report.now})`,
  );
  const text = `${out.join('\n')}\n`;
  return options.ascii ? toAscii(text) : text;
}
