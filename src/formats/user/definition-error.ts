/**
 * What is wrong with a user-defined format's definition, and where: `key` is
 * the JSON pointer of the definition's key at fault (`/regex`, `/time`), so
 * a `--format-file` error names the key the user has to fix.
 */
export class DefinitionError extends Error {
  override name = 'DefinitionError';
  constructor(
    readonly key: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
