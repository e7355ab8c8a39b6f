// Every relative link in the README and docs/ names a file that exists and, for a page, a heading it
// has (GitHub's anchors), so moving a section cannot leave a link behind.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const pages = [
  'README.md',
  ...readdirSync(path.join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const text = (page: string) => readFileSync(path.join(root, page), 'utf8');
/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchor = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, '')
    .replace(/ /g, '-');
const anchorsOf = (page: string) => new Set([...text(page).matchAll(/^#+\s+(.*)$/gm)].map((m) => anchor(m[1]!)));

describe('links in the README and docs/', () => {
  it('each lead to a file that exists, and to a heading that page has', () => {
    const broken: string[] = [];
    for (const page of pages) {
      for (const [, target] of text(page).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(https?|mailto):/.test(target!)) continue;
        const [file, hash] = target!.split('#');
        const resolved = file ? path.normalize(path.join(path.dirname(page), file)) : page;
        if (!existsSync(path.join(root, resolved))) broken.push(`${page}: ${target} (no such file)`);
        else if (hash && resolved.endsWith('.md') && !anchorsOf(resolved).has(hash)) broken.push(`${page}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
    expect(pages.length).toBeGreaterThanOrEqual(8);
  });
});
