// /export/datapackage.json against the exports it describes: every resource's header, field for
// field, and every cell of the shipped data against its field's type, enumeration and requiredness;
// with the licence and the attribution the Open Government Licence asks for.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { seededApi } from './helpers/graphql.js';

const client = seededApi();
const get = (path: string) => client.app.fetch(`http://test${path}`);

interface Field {
  name: string;
  type: string;
  description: string;
  format?: string;
  constraints?: { required?: boolean; enum?: string[] };
}
interface Resource {
  name: string;
  path: string;
  schema: { fields: Field[]; missingValues: string[] };
}

describe('the Data Package', () => {
  it('follows the Frictionless Data Package v1 shape and names the licence with its attribution', async () => {
    const response = await get('/export/datapackage.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const pkg = await response.json();
    expect(pkg.profile).toBe('tabular-data-package');
    expect(pkg.name).toMatch(/^[a-z0-9._-]+$/);
    expect(pkg.licenses).toEqual([
      {
        name: 'OGL-UK-3.0',
        title: 'Open Government Licence v3.0',
        path: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
      },
    ]);
    expect(pkg.description).toContain('Contains public sector information licensed under the Open Government Licence v3.0.');
    expect(pkg.sources.map((s: { title: string }) => s.title).join(' ')).toMatch(/HMICFRS.*quoting HMICFRS/s);
    expect(pkg.resources.map((r: Resource) => r.path)).toEqual(['grades.csv', 'areas-for-improvement.csv']);
  });

  it("matches every export's header field for field, and every cell its field's type, values and requiredness", async () => {
    const pkg = await (await get('/export/datapackage.json')).json();
    for (const resource of pkg.resources as Resource[]) {
      const text = await (await get(`/export/${resource.path}`)).text();
      const [header] = text.split('\r\n');
      expect(header!.split(','), resource.name).toEqual(resource.schema.fields.map((f) => f.name));
      const ndjson = (await (await get(`/export/${resource.name}.ndjson`)).text()).split('\n')[0]!;
      expect(Object.keys(JSON.parse(ndjson)), resource.name).toEqual(resource.schema.fields.map((f) => f.name));
      const rows = parse(text, { columns: true }) as Record<string, string>[];
      expect(rows.length, resource.name).toBeGreaterThan(0);
      for (const field of resource.schema.fields) {
        expect(['string', 'integer', 'boolean']).toContain(field.type);
        expect(field.description.length, field.name).toBeGreaterThan(10);
        const values = rows.map((row) => row[field.name]!);
        const present = values.filter((v) => !resource.schema.missingValues.includes(v));
        if (field.constraints?.required) expect(present, `${resource.name}.${field.name} required`).toHaveLength(values.length);
        if (field.constraints?.enum)
          for (const v of new Set(present)) expect(field.constraints.enum, `${resource.name}.${field.name}`).toContain(v);
        if (field.type === 'integer') for (const v of present) expect(v, field.name).toMatch(/^-?\d+$/);
        if (field.type === 'boolean') for (const v of new Set(present)) expect(['true', 'false']).toContain(v);
        if (field.format === 'uri') for (const v of new Set(present)) expect(v, field.name).toMatch(/^https?:\/\//);
      }
    }
  });

  it('answers GET and HEAD only', async () => {
    expect((await get('/export/datapackage.json')).headers.get('cache-control')).toBe('public, max-age=3600');
    const post = await client.app.fetch('http://test/export/datapackage.json', { method: 'POST' });
    expect(post.status).toBe(405);
  });
});
