/** One error class per failure; each knows its exit status (SPEC §1). */

export class UsageError extends Error {
  override name = 'UsageError';
  readonly exitCode = 2;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An input that cannot be read: names the file and the reason. */
export class InputError extends Error {
  override name = 'InputError';
  readonly exitCode = 2;
  constructor(
    readonly path: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${reason}`, options);
  }
}

export class NatsUnreachableError extends Error {
  override name = 'NatsUnreachableError';
  readonly exitCode = 4;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function exitCodeOf(err: unknown): number {
  const code = (err as { exitCode?: unknown } | null)?.exitCode;
  return typeof code === 'number' ? code : 1;
}
