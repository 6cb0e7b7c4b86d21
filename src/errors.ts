// The few typed errors provops prints in one place (the CLI). Their messages are one line that says
// what to fix; stacks are shown only with --debug.

/** Bad command line: unknown flag, unknown check id, malformed value. Exit 3. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** provops.yaml or an environment value that cannot be used. Exit 3. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type GatewayErrorKind =
  | 'unreachable' // connection refused, DNS failure, connect timeout: the gateway is down or misaddressed
  | 'timeout' // connected, but no (complete) answer in time
  | 'reset' // the connection dropped mid-exchange
  | 'too-large' // the body exceeded the response size cap
  | 'aborted' // the run's deadline passed or the operator pressed Ctrl-C
  | 'management-rejected' // the gateway refused the management key; no further management calls
  | 'no-key' // a key-protected route was asked for without a key configured
  | 'other';

/** A request to the gateway that produced no usable HTTP response. */
export class GatewayError extends Error {
  override name = 'GatewayError';
  constructor(
    readonly kind: GatewayErrorKind,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export function isGatewayError(err: unknown): err is GatewayError {
  return err instanceof GatewayError;
}

export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0] ?? err.name;
  return String(err);
}
