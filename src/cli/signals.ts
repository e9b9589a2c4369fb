/** Ctrl-C as the long-running commands take it: the first SIGINT/SIGTERM calls `first`, a second one exits at once (130). */
export function onSignals(first: () => void): () => void {
  let seen = false;
  const handler = (): void => {
    if (seen) process.exit(130);
    seen = true;
    first();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
