// The sentence about a process the test waited on that wrote (next to) nothing to its stdout:
// the fact a stdout-buffer hint rests on, said before that hint's fix.

/** One process that writes a stream the test waited on, as the run left it. */
export interface SilentWriter {
  label: string;
  /** The call it was blocked in when the test gave up (the diagnosis), if it was. */
  call?: string;
}

/**
 * "`server` wrote 0 bytes to its standard output, yet it was still running, blocked in read()":
 * a process that got past its printing (it waits for what comes next) but whose output never left.
 */
export function silentWords(writers: SilentWriter[], bytes: number): string {
  const names = writers.slice(0, 3).map((w) => `\`${w.label}\``).join(', ') + (writers.length > 3 ? ` and ${writers.length - 3} more` : '');
  const one = writers.length === 1;
  const amount = bytes === 0 ? '0 bytes' : `only ${bytes} byte${bytes === 1 ? '' : 's'}`;
  const calls = [...new Set(writers.map((w) => w.call))];
  const blocked = calls.length === 1 && calls[0] !== undefined ? `, blocked in ${calls[0]}()` : '';
  return `${names} wrote ${amount} to ${one ? 'its' : 'their'} standard output, yet ${one ? 'it was' : 'they were'} still running${blocked}`;
}
