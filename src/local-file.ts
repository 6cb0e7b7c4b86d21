// Local inputs (provops.yaml, key files) are read only when they are regular files, and only up to a
// cap: `--config /dev/zero` would otherwise read forever, a FIFO would block the run past its deadline,
// and a huge file would exhaust memory before any validation could say what is wrong.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

export class LocalFileError extends Error {
  constructor(
    readonly code: 'ENOTREG' | 'EFBIG' | string,
    message: string,
  ) {
    super(message);
  }
}

/** The text of a regular file of at most `maxBytes`; LocalFileError (with an errno-like code) otherwise. */
export function readRegularFile(path: string, maxBytes: number): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer returns at once instead of blocking the event loop.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new LocalFileError(code, code);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile())
      throw new LocalFileError(
        'ENOTREG',
        `not a regular file (${st.isDirectory() ? 'a directory' : 'a device, FIFO or socket'})`,
      );
    if (st.size > maxBytes) throw new LocalFileError('EFBIG', `larger than ${maxBytes} bytes`);
    // The size can grow after fstat: read at most one byte past the cap to tell.
    const buf = Buffer.allocUnsafe(Math.min(maxBytes + 1, st.size + 1));
    let total = 0;
    for (;;) {
      const n = readSync(fd, buf, total, buf.length - total, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new LocalFileError('EFBIG', `larger than ${maxBytes} bytes`);
      if (total === buf.length) break;
    }
    return buf.subarray(0, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
