// .env.example names every setting the server reads, each at the server's own default, so copying it
// to .env changes nothing until an operator edits it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { REQUEST_LIMITS } from '../../src/domain/limits.js';

const root = path.resolve(import.meta.dirname, '../..');
const example = Object.fromEntries(
  readFileSync(path.join(root, '.env.example'), 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);

/** Every environment variable the sources read (env.NAME or process.env.NAME), and the limits' own. */
function settingsRead(): Set<string> {
  const names = new Set<string>(Object.values(REQUEST_LIMITS).map((setting) => setting.env));
  for (const entry of readdirSync(path.join(root, 'src'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const text = readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    for (const match of text.matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)) names.add(match[1]!);
  }
  return names;
}

describe('.env.example', () => {
  it('names every setting the server reads, and nothing else', () => {
    expect(Object.keys(example).sort()).toEqual([...settingsRead()].sort());
  });

  it('gives each the value the server takes when it is unset', () => {
    expect(readConfig(example)).toEqual(readConfig({}));
    // Read outside readConfig: the log level (serve.ts) and NODE_ENV (main.ts).
    expect(example.LOG_LEVEL).toBe('info');
    expect(example.NODE_ENV).toBe('production');
  });
});
