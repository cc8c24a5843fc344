// The one error that is the user's, not ipclab's.

/** A mistake in what was asked for (a path, an option, a name): the CLI prints one line and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
