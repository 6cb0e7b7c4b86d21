// Local log files: which to read (globs in the file name, lumberjack's rotated siblings, nothing
// last written before the window) and reading them as a stream of chunks, plain or gzip.
import { open, readdir, stat } from 'node:fs/promises';
import { constants, createReadStream } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

/** A log source that cannot be used as given: one line that names the file and what to fix. */
export class LogSourceError extends Error {
  override name = 'LogSourceError';
}

export interface LogFile {
  path: string;
  mtimeMs: number;
  /** Size when listed (compressed for .gz); the file may grow while it is read. */
  bytes: number;
  gzip: boolean;
  /** Found by a wildcard or as a rotated sibling rather than named: it may vanish (rotation, cleanup). */
  found: boolean;
}

export interface FileSelection {
  /** To read, oldest first. */
  files: LogFile[];
  /** Last written before the window opened, so they cannot hold a line in it. */
  stale: LogFile[];
}

const GLOB = /[*?[]/;
/** Reads of plain files go into buffers of this size, reused. */
export const CHUNK_BYTES = 1024 * 1024;

/** Expands each pattern, adds rotated siblings, drops files last written before `notBeforeMs`. */
export async function selectLogFiles(patterns: readonly string[], notBeforeMs: number): Promise<FileSelection> {
  /** path → found (true) or named (false); a file named anywhere counts as named. */
  const paths = new Map<string, boolean>();
  const add = (path: string, found: boolean) => paths.set(path, found && (paths.get(path) ?? true));
  for (const pattern of patterns) {
    const named = !GLOB.test(basename(pattern));
    for (const path of await expand(pattern)) {
      add(path, !named);
      for (const sibling of await rotatedSiblings(path)) add(sibling, true);
    }
  }
  const files: LogFile[] = [];
  for (const [path, found] of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (err) {
      if (found && codeOf(err) === 'ENOENT') continue; // rotated or cleaned up since it was listed
      throw new LogSourceError(`cannot read log file ${path} (${codeOf(err)})`);
    }
    if (info.isDirectory())
      throw new LogSourceError(`${path} is a directory: give the log file itself, e.g. ${join(path, 'main.log')}`);
    // A FIFO or device never ends (the run would outlive its deadline); a socket cannot be read at all.
    if (!info.isFile())
      throw new LogSourceError(`${path} is not a regular file (a FIFO, device or socket): give the log file itself`);
    files.push({ path, mtimeMs: info.mtimeMs, bytes: info.size, gzip: path.endsWith('.gz'), found });
  }
  files.sort((a, b) => a.mtimeMs - b.mtimeMs || a.path.localeCompare(b.path));
  return { files: files.filter((f) => f.mtimeMs >= notBeforeMs), stale: files.filter((f) => f.mtimeMs < notBeforeMs) };
}

/** A literal path as is; a glob in the file name matched against its directory (Node 20 has no fs.glob). */
async function expand(pattern: string): Promise<string[]> {
  const dir = dirname(pattern);
  const name = basename(pattern);
  if (GLOB.test(dir))
    throw new LogSourceError(`log file pattern ${pattern}: wildcards are supported in the file name only`);
  if (!GLOB.test(name)) return [pattern];
  const entries = await readdir(dir).catch((err: unknown) => {
    throw new LogSourceError(`cannot list ${dir} for ${pattern} (${codeOf(err)})`);
  });
  const re = compileGlob(name);
  const matched = entries
    .filter((e) => re.test(e))
    .sort()
    .map((e) => join(dir, e));
  if (!matched.length) throw new LogSourceError(`no file matches ${pattern}`);
  return matched;
}

type GlobToken =
  | { kind: 'star' }
  | { kind: 'one' }
  | { kind: 'char'; c: string }
  | { kind: 'class'; negate: boolean; test: (c: string) => boolean };

/**
 * `*`, `?` and `[...]` classes (`[!...]` negates, `a-z` ranges), matched against a whole file name.
 * Not a regular expression: backtracking regexes go exponential on names like `*a*a*a*a*b`; this
 * keeps one fallback point per `*` (the classic wildcard algorithm), so a match costs at most
 * pattern length × name length.
 */
export function compileGlob(glob: string): { test(name: string): boolean } {
  const tokens: GlobToken[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === '?') tokens.push({ kind: 'one' });
    else if (c === '[' && glob.indexOf(']', i + 2) > 0) {
      const close = glob.indexOf(']', i + 2);
      let body = glob.slice(i + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      const singles = new Set<string>();
      const ranges: Array<[string, string]> = [];
      for (let j = 0; j < body.length; j++) {
        const from = body[j] as string;
        if (body[j + 1] === '-' && j + 2 < body.length) {
          ranges.push([from, body[j + 2] as string]);
          j += 2;
        } else singles.add(from);
      }
      tokens.push({ kind: 'class', negate, test: (x) => singles.has(x) || ranges.some(([a, b]) => x >= a && x <= b) });
      i = close;
    } else tokens.push({ kind: 'char', c });
  }
  const one = (t: GlobToken, c: string): boolean =>
    t.kind === 'one'
      ? c !== '/'
      : t.kind === 'char'
        ? t.c === c
        : t.kind === 'class'
          ? c !== '/' && t.test(c) !== t.negate
          : false;
  return {
    test(name: string): boolean {
      let t = 0;
      let n = 0;
      let starT = -1;
      let starN = 0;
      while (n < name.length) {
        const token = tokens[t];
        if (token && token.kind !== 'star' && one(token, name[n] as string)) {
          t++;
          n++;
        } else if (token?.kind === 'star') {
          starT = t++;
          starN = n;
        } else if (starT >= 0 && name[starN] !== '/') {
          t = starT + 1;
          n = ++starN;
        } else return false;
      }
      while (tokens[t]?.kind === 'star') t++;
      return t === tokens.length;
    },
  };
}

/**
 * lumberjack renames a full `main.log` to `main-2026-02-23T10-15-09.123.log` (gzipped when
 * compression is on); the gateway's own log reader also accepts `main.log.1`.
 */
async function rotatedSiblings(path: string): Promise<string[]> {
  const name = basename(path);
  if (name.endsWith('.gz') || isRotatedName(name)) return [];
  const ext = extname(name);
  const stem = escape(name.slice(0, name.length - ext.length));
  const re = new RegExp(
    `^(?:${stem}-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}(?:\\.\\d+)?${escape(ext)}|${escape(name)}\\.\\d+)(?:\\.gz)?$`,
  );
  const entries = await readdir(dirname(path)).catch(() => [] as string[]);
  return entries
    .filter((e) => re.test(e))
    .sort()
    .map((e) => join(dirname(path), e));
}

function isRotatedName(name: string): boolean {
  return /-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:\.\d+)?(?:\.[^.]+)?$/.test(name) || /\.\d+$/.test(name);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Streams the file's (decompressed) bytes to `onChunk`, which must not keep the chunk. Returns bytes read from disk. */
export async function readLogFile(
  file: LogFile,
  onChunk: (chunk: Buffer) => void,
  signal: AbortSignal,
): Promise<number> {
  try {
    return file.gzip ? await readGzip(file.path, onChunk, signal) : await readPlain(file.path, onChunk, signal);
  } catch (err) {
    if (signal.aborted) throw signal.reason;
    const failure = readFailure(file, err);
    if (failure) throw failure;
    return 0;
  }
}

/**
 * What a failed open or read of `file` means: the one-line error to report, or undefined when a found
 * file was removed meanwhile (the gateway's log cleaner got there first), which reads as empty.
 */
export function readFailure(file: Pick<LogFile, 'path' | 'gzip' | 'found'>, err: unknown): LogSourceError | undefined {
  if (file.found && codeOf(err) === 'ENOENT') return undefined;
  if (err instanceof LogSourceError) return err;
  const what = file.gzip && isZlibError(err) ? `not readable as gzip: ${(err as Error).message}` : codeOf(err);
  return new LogSourceError(`cannot read log file ${file.path} (${what})`);
}

/** Two buffers, so the next read runs on libuv's thread pool while this chunk is being scanned. */
async function readPlain(path: string, onChunk: (chunk: Buffer) => void, signal: AbortSignal): Promise<number> {
  // O_NONBLOCK and a second look: the path may have been swapped for a FIFO since it was listed.
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  if (!(await handle.stat()).isFile()) {
    await handle.close();
    throw new LogSourceError(`${path} is not a regular file (a FIFO, device or socket): give the log file itself`);
  }
  let reading = Buffer.allocUnsafe(CHUNK_BYTES);
  let spare = Buffer.allocUnsafe(CHUNK_BYTES);
  let pending = handle.read(reading, 0, CHUNK_BYTES, null);
  try {
    let total = 0;
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) return total;
      signal.throwIfAborted();
      const chunk = reading;
      [reading, spare] = [spare, reading];
      pending = handle.read(reading, 0, CHUNK_BYTES, null);
      total += bytesRead;
      onChunk(bytesRead === CHUNK_BYTES ? chunk : chunk.subarray(0, bytesRead));
    }
  } finally {
    await pending.catch(() => undefined);
    await handle.close();
  }
}

async function readGzip(path: string, onChunk: (chunk: Buffer) => void, signal: AbortSignal): Promise<number> {
  // Loaded here, not at the top: the registry (and so `provops --version`) imports this module.
  const [{ pipeline }, { createGunzip }] = await Promise.all([import('node:stream/promises'), import('node:zlib')]);
  const input = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  await pipeline(
    input,
    createGunzip({ chunkSize: CHUNK_BYTES }),
    async function (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) onChunk(chunk);
    },
    { signal },
  );
  return input.bytesRead;
}

function isZlibError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('Z_');
}

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
}
