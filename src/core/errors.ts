/** A bad flag, input or config value: exit code 2, and a message naming it and what is accepted. */
export class UsageError extends Error {
  override name = 'UsageError';
}
