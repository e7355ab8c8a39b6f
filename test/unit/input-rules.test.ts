// The input rules at and around each boundary (pure: no database).
import { describe, expect, it } from 'vitest';
import { checkJsonShape, checkList, checkString, isHttpUrl } from '../../src/domain/input-rules.js';

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
    expect(checkString('kent\u0000', 'name')).toEqual({
      rule: 'nul-byte',
      message: 'contains a NUL character (U+0000), which is never accepted',
    });
    expect(checkString('\u0000', 'search')?.rule).toBe('nul-byte');
    expect(checkString('a\ud800', 'name')).toEqual({
      rule: 'invalid-unicode',
      message: 'is not valid Unicode (it holds an unpaired surrogate)',
    });
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
    expect(checkList(44, 'forces')).toEqual({
      rule: 'too-many-items',
      message: 'has 44 items; at most 43 are accepted (there are 43 forces)',
    });
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
    for (const bad of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html,x',
      'ftp://example.org/',
      '//example.org/x',
      '/relative',
      'https://',
      'https://exa mple.org',
      ' https://example.org',
      'http:example.org',
      '',
    ]) {
      expect(isHttpUrl(bad), bad).toBe(false);
    }
    expect(isHttpUrl(`https://example.org/${'a'.repeat(2048)}`)).toBe(false);
    expect(isHttpUrl(`https://example.org/${'a'.repeat(2000)}`)).toBe(true);
    // 2,048 characters exactly is the most accepted.
    const longest = `https://example.org/${'a'.repeat(2048 - 'https://example.org/'.length)}`;
    expect([isHttpUrl(longest), isHttpUrl(`${longest}a`)]).toEqual([true, false]);
    // The scheme must open the URL, not sit somewhere inside it.
    expect(isHttpUrl('javascript:alert(1)//https://example.org')).toBe(false);
    expect(isHttpUrl('xhttps://example.org')).toBe(false);
  });
});

describe('checkJsonShape', () => {
  it('allows 100 keys in an object, not 101, and names where', () => {
    const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
    expect(checkJsonShape({ f: keys(100) })).toBeNull();
    expect(checkJsonShape({ f: keys(101) })).toEqual({
      path: '.f',
      violation: { rule: 'too-many-keys', message: 'has 101 keys; no input type has more than 100 fields' },
    });
  });

  it('allows 10,000 values in all, not 10,001', () => {
    // The outer object, 100 lists and 98 + 99 × 99 numbers: 10,000 values.
    const lists = Array.from({ length: 100 }, (_, i) => Array.from({ length: i === 0 ? 98 : 99 }, () => 1));
    const value = Object.fromEntries(lists.map((list, i) => [`l${i}`, list]));
    expect(checkJsonShape(value)).toBeNull();
    (value.l0 as number[]).push(1);
    expect(checkJsonShape(value)).toEqual({
      path: '',
      violation: { rule: 'too-large', message: 'hold more than 10000 values in all; no request of this API needs as many' },
    });
  });

  it('refuses lists over 100 items and nesting past 16 levels, naming the path (keys cut to 64 characters)', () => {
    const key = 'k'.repeat(80);
    expect(checkJsonShape({ [key]: [1, 2, Array.from({ length: 101 }, () => 0)] })).toEqual({
      path: `.${'k'.repeat(64)}[2]`,
      violation: { rule: 'too-many-items', message: 'has 101 items; at most 100 are accepted' },
    });
    let deep: unknown = 'x';
    for (let i = 0; i < 18; i++) deep = [deep];
    expect(checkJsonShape(deep)).toEqual({
      path: '[0]'.repeat(17),
      violation: { rule: 'too-deep', message: 'nests deeper than 16 levels; no input of this API does' },
    });
    expect(checkJsonShape((deep as unknown[])[0])).toBeNull();
    // A depth to start from: the variables object itself is not a level.
    expect(checkJsonShape({ v: (deep as unknown[])[0] }, { depth: -1 })).toBeNull();
  });
});
