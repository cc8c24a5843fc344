// Heavy libraries loaded on first use, not at start-up: a grading with every spec in the cache
// never needs the YAML parser or the schema validator (their import costs more than a test).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function lazy<T>(name: string): () => T {
  let mod: T | undefined;
  return () => (mod ??= require(name) as T);
}

export const yamlLib = lazy<typeof import('yaml')>('yaml');
