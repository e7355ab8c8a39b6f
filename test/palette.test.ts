// The grade colours of /compare, read from its stylesheet: every pair stays at least 15 apart (CIE76
// ΔE in CIELAB) with normal vision and under simulated protanopia, deuteranopia and tritanopia
// (Machado, Oliveira and Fernandes 2009, severity 1, applied to linear RGB), and the text on each
// colour passes WCAG AA (4.5:1). With these simulations the palette /compare had before scored 10.5
// (protanopia, Good against Requires improvement) and 13.8 (deuteranopia, Adequate against Requires
// improvement), the figures the issue measured: the first test below checks the method against them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Rgb = [number, number, number];
type Matrix = [Rgb, Rgb, Rgb];

const SIMULATIONS: Record<string, Matrix> = {
  normal: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

const GRADES = ['outstanding', 'good', 'adequate', 'requires-improvement', 'inadequate'] as const;

const channels = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as Rgb;
const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const clamp = (x: number) => Math.min(1, Math.max(0, x));

/** CIELAB (D65) of a colour as a person with the given vision sees it. */
function lab(hex: string, simulation: Matrix): Rgb {
  const rgb = channels(hex).map(linear);
  const [r, g, b] = simulation.map((row) => clamp(row[0] * rgb[0]! + row[1] * rgb[1]! + row[2] * rgb[2]!)) as Rgb;
  const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
  const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
  const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** The closest pair of colours under each simulation, with its ΔE. */
function closestPairs(palette: Record<string, string>): Record<string, { deltaE: number; pair: string }> {
  const names = Object.keys(palette);
  return Object.fromEntries(
    Object.entries(SIMULATIONS).map(([vision, matrix]) => {
      let closest = { deltaE: Infinity, pair: '' };
      for (const [i, a] of names.entries())
        for (const b of names.slice(i + 1)) {
          const [p, q] = [lab(palette[a]!, matrix), lab(palette[b]!, matrix)];
          const deltaE = Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
          if (deltaE < closest.deltaE) closest = { deltaE, pair: `${a}/${b}` };
        }
      return [vision, closest];
    }),
  );
}

/** WCAG 2 contrast ratio of two colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, b] = channels(hex).map(linear) as Rgb;
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The custom properties of the stylesheet's :root. */
function stylesheetColours(css = readFileSync('src/http/pages/compare.css', 'utf8')): Record<string, string> {
  const root = /:root\s*{([^}]*)}/.exec(css)![1]!;
  return Object.fromEntries([...root.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)].map((m) => [m[1]!, m[2]!.toLowerCase()]));
}

const gradeColours = (colours: Record<string, string>) => Object.fromEntries(GRADES.map((g) => [g, colours[g]!]));

describe('grade colours of /compare', () => {
  it('the method reproduces the figures measured on the palette before (10.5 protanopia, 13.8 deuteranopia)', () => {
    const before = {
      outstanding: '#0b5d1e',
      good: '#b7e4c0',
      adequate: '#fff0a8',
      'requires-improvement': '#f7c59f',
      inadequate: '#a4161a',
    };
    const closest = closestPairs(before);
    expect(closest.protanopia!.deltaE).toBeCloseTo(10.5, 1);
    expect(closest.protanopia!.pair).toBe('good/requires-improvement');
    expect(closest.deuteranopia!.deltaE).toBeCloseTo(13.8, 1);
    expect(closest.deuteranopia!.pair).toBe('adequate/requires-improvement');
  });

  it('keeps every pair of grades at least 15 apart under each simulated colour blindness', () => {
    const colours = stylesheetColours();
    expect(Object.keys(gradeColours(colours))).toHaveLength(5);
    for (const [vision, { deltaE, pair }] of Object.entries(closestPairs(gradeColours(colours))))
      expect(deltaE, `${vision}: ${pair}`).toBeGreaterThanOrEqual(15);
  });

  it('writes every grade (and the not-graded grey) in text of at least 4.5:1 contrast on its colour', () => {
    const colours = stylesheetColours();
    for (const name of [...GRADES, 'ungraded']) {
      expect(colours[name], name).toMatch(/^#/);
      expect(contrast(colours[name]!, colours[`${name}-ink`]!), name).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('would refuse the palette /compare had before', () => {
    const css = readFileSync('src/http/pages/compare.css', 'utf8')
      .replace(/--good: #[0-9a-f]{6}/, '--good: #b7e4c0')
      .replace(/--requires-improvement: #[0-9a-f]{6}/, '--requires-improvement: #f7c59f');
    const closest = closestPairs(gradeColours(stylesheetColours(css)));
    expect(Math.min(...Object.values(closest).map((c) => c.deltaE))).toBeLessThan(15);
  });
});
