// `--report <format>=<file>` (repeatable): every report of one run, next to the stdout --format. Checked
// before the run, so a typo costs a second, not a minute of requests.
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { FORMATS, type Format } from '../reporters/index.js';

export interface ReportFile {
  format: Format;
  /** Absolute path; written atomically (temp file + rename in the same directory). */
  path: string;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Parses and checks every spec; `output` (the --output file) may not be named again. */
export function parseReportFiles(specs: readonly string[], cwd: string, output: string | undefined): ReportFile[] {
  const seen = new Map<string, string>();
  if (output !== undefined) seen.set(output, '--output');
  return specs.map((spec) => {
    const eq = spec.indexOf('=');
    const format = eq < 0 ? spec : spec.slice(0, eq);
    const file = eq < 0 ? '' : spec.slice(eq + 1);
    if (!(FORMATS as readonly string[]).includes(format))
      throw new UsageError(
        `--report: "${format}" is not a format (expected <format>=<file> with format one of ${FORMATS.join(', ')})`,
      );
    if (!file) throw new UsageError(`--report ${format}: no file given (expected ${format}=<file>)`);
    const path = resolve(cwd, file);
    if (!isDirectory(dirname(path)))
      throw new UsageError(`--report ${format}: the directory ${dirname(path)} does not exist`);
    if (isDirectory(path)) throw new UsageError(`--report ${format}: ${path} is a directory`);
    const earlier = seen.get(path);
    if (earlier) throw new UsageError(`--report ${format}: ${path} is already written by ${earlier}`);
    seen.set(path, `--report ${format}`);
    return { format: format as Format, path };
  });
}
