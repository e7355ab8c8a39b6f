// Built relational queries are reused only for configs that are truly the same, and they hold SQL,
// never results: different arguments get their own answers, and a write is seen at once.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configKey } from '../src/db/built-query-cache.js';
import { forces } from '../src/db/schema.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

describe('configKey', () => {
  it('is equal exactly for configs drizzle would build the same query from', () => {
    const raw = () => sql`true`;
    expect(configKey({ where: { slug: 'essex' }, with: { reports: true } })).toBe(
      configKey({ where: { slug: 'essex' }, with: { reports: true } }),
    );
    expect(configKey({ where: { raw } })).toBe(configKey({ where: { raw } }));
    const different = [
      { where: { slug: 'essex' } },
      { where: { slug: 'kent' } },
      { where: { year: 2017 } },
      { where: { year: '2017' } },
      { where: { year: null } },
      { where: { year: undefined } },
      { where: { year: true } },
      { where: { slug: 'essex', id: 1 } },
      { where: { id: 1, slug: 'essex' } }, // column order shapes the SQL, so order counts
      { where: { RAW: () => sql`true` } }, // two closures with the same source are still two
      { where: { RAW: () => sql`true` } },
      { where: { in: [1, 2] } },
      { where: { in: [2, 1] } },
    ];
    expect(new Set(different.map(configKey)).size).toBe(different.length);
  });
});

describe('reused built queries', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  const essex = () => database.db.query.forces.findFirst({ where: { slug: 'essex' }, columns: { name: true } });

  it('build a config once it is seen twice, then execute the same built query', async () => {
    const prepared = () => (essex() as unknown as { _prepare(): unknown })._prepare();
    const [first, second, third, fourth] = [prepared(), prepared(), prepared(), prepared()];
    expect(second).not.toBe(first);
    expect(third).toBe(second);
    expect(fourth).toBe(second);
  });

  it('give each argument its own answer', async () => {
    for (let i = 0; i < 3; i++) {
      const [a, b] = await Promise.all([essex(), database.db.query.forces.findFirst({ where: { slug: 'kent' }, columns: { name: true } })]);
      expect(a).toEqual({ name: 'Essex Police' });
      expect(b).toEqual({ name: 'Kent Police' });
    }
  });

  it('hold SQL, not rows: a write is read back at once', async () => {
    for (let i = 0; i < 3; i++) await essex();
    await database.db.update(forces).set({ name: 'Essex Police (renamed)' }).where(eq(forces.slug, 'essex'));
    expect(await essex()).toEqual({ name: 'Essex Police (renamed)' });
    await database.db.update(forces).set({ name: 'Essex Police' }).where(eq(forces.slug, 'essex'));
    expect(await essex()).toEqual({ name: 'Essex Police' });
  });

  it('never keep a config holding a per-request closure', async () => {
    const withClosure = () =>
      (
        database.db.query.forces.findFirst({ where: { RAW: (table) => eq(table.slug, 'essex') } }) as unknown as { _prepare(): unknown }
      )._prepare();
    const built = [withClosure(), withClosure(), withClosure()];
    expect(new Set(built).size).toBe(3);
  });
});
