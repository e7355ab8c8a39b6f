// The input rules at and around each boundary (pure: no database).
import { describe, expect, it } from 'vitest';
import { checkList, checkString, isHttpUrl } from '../../src/boundary/input-rules.js';

describe('checkString', () => {
  it('names: 64 characters pass, 65 do not', () => {
    expect(checkString('a'.repeat(64), 'name')).toBeNull();
    expect(checkString('a'.repeat(65), 'name')).toEqual({ rule: 'too-long', message: 'has 65 characters; at most 64 are accepted' });
  });
  it('ids and cursors: 128; search: 500; URLs: 2,048; pages: no length rule here', () => {
    expect(checkString('a'.repeat(128), 'id')).toBeNull();
    expect(checkString('a'.repeat(129), 'id')?.rule).toBe('too-long');
    expect(checkString('a'.repeat(500), 'search')).toBeNull();
    expect(checkString('a'.repeat(501), 'search')?.message).toBe('has 501 characters; at most 500 are accepted');
    expect(checkString('a'.repeat(2048), 'url')).toBeNull();
    expect(checkString('a'.repeat(2049), 'url')?.rule).toBe('too-long');
    expect(checkString('a'.repeat(3_000_000), 'page')).toBeNull();
  });
  it('refuses NUL and unpaired surrogates anywhere but in pages (the importer has its own check)', () => {
    expect(checkString('kent\u0000', 'name')).toEqual({ rule: 'nul-byte', message: 'contains a NUL character (U+0000), which is never accepted' });
    expect(checkString('\u0000', 'search')?.rule).toBe('nul-byte');
    expect(checkString('a\ud800', 'name')).toEqual({ rule: 'invalid-unicode', message: 'is not valid Unicode (it holds an unpaired surrogate)' });
    expect(checkString('a\udc00b', 'id')?.rule).toBe('invalid-unicode');
    expect(checkString('emoji \ud83d\ude00 fine', 'name')).toBeNull();
    expect(checkString('x\u0000', 'page')).toBeNull();
  });
  it('checks length before reading the characters', () => {
    expect(checkString(`${'a'.repeat(65)}\u0000`, 'name')?.rule).toBe('too-long');
  });
});

describe('checkList', () => {
  it('forces: 43 pass, 44 do not, and the message says why', () => {
    expect(checkList(43, 'forces')).toBeNull();
    expect(checkList(44, 'forces')).toEqual({ rule: 'too-many-items', message: 'has 44 items; at most 43 are accepted (there are 43 forces)' });
  });
  it('any other list (ids included): 100', () => {
    expect(checkList(100, 'other')).toBeNull();
    expect(checkList(101, 'other')?.message).toBe('has 101 items; at most 100 are accepted');
    expect(checkList(0, 'other')).toBeNull();
  });
});

describe('isHttpUrl', () => {
  it('accepts absolute http and https URLs only', () => {
    expect(isHttpUrl('https://hmicfrs.justiceinspectorates.gov.uk/peel-assessments/')).toBe(true);
    expect(isHttpUrl('http://example.org')).toBe(true);
    for (const bad of ['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,x', 'ftp://example.org/', '//example.org/x', '/relative', 'https://', 'https://exa mple.org', ' https://example.org', 'http:example.org', '']) {
      expect(isHttpUrl(bad), bad).toBe(false);
    }
    expect(isHttpUrl(`https://example.org/${'a'.repeat(2048)}`)).toBe(false);
    expect(isHttpUrl(`https://example.org/${'a'.repeat(2000)}`)).toBe(true);
  });
});
