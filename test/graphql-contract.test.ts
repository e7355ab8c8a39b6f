// The contract operations (operations/*.graphql, copied from the shared contract) run over HTTP
// against the seeded database and answer with the seed's real content.
import { describe, expect, it } from 'vitest';
import { operationFile, seededApi } from './helpers/graphql.js';

const { execute } = seededApi();

const report = operationFile('report.graphql');
const browse = operationFile('browse.graphql');
const shape = (blocks: { __typename: string }[]) => blocks.map((b) => (b.__typename === 'Paragraph' ? 'P' : 'B')).join('');

describe('ForceReport', () => {
  it('returns the whole 2017 Cambridgeshire effectiveness report from the read model, without SQL', async () => {
    const { body, statements } = await execute(report, {}, 'ForceReport');
    expect(body.errors).toBeUndefined();
    const r = body.data.report;
    expect(r.force).toEqual({
      slug: 'cambridgeshire',
      name: 'Cambridgeshire Constabulary',
      shortName: 'Cambridgeshire',
      region: 'East of England',
      country: 'England',
    });
    expect(r.inspectionYear).toEqual({
      slug: 'peel-2017',
      label: '2017',
      year: 2017,
      gradeScale: ['OUTSTANDING', 'GOOD', 'REQUIRES_IMPROVEMENT', 'INADEQUATE'],
    });
    expect(r.pillar).toBe('EFFECTIVENESS');
    expect(r.question.text).toBe('How effective is the force at keeping people safe and reducing crime?');
    expect(r.grade).toBe('REQUIRES_IMPROVEMENT');
    expect(r.lastUpdated).toBe('2018-03-22');
    expect(r.sourceUrl).toBe('https://hmicfrs.justiceinspectorates.gov.uk/peel-assessments/peel-2017/cambridgeshire/effectiveness/');
    expect(shape(r.summary)).toBe('PPPPP');
    expect(r.summary[0].text).toMatch(/^Cambridgeshire Constabulary requires improvement in its approach/);

    // The page's three questions with their narrative; the other two are known from their grades only.
    expect(r.findings.map((f: any) => [f.question.key, f.grade, f.score, shape(f.content), f.areasForImprovement.length])).toEqual([
      ['eff_q1', 'GOOD', 4, '', 0],
      ['eff_q2', 'REQUIRES_IMPROVEMENT', 2, 'PPBPPPBPB', 3],
      ['eff_q3', 'REQUIRES_IMPROVEMENT', 2, 'PPBPPPBPP', 4],
      ['eff_q4', 'GOOD', 4, '', 0],
      ['eff_q5', null, null, 'PPBPB', 0],
    ]);
    const [, investigating, vulnerable, , specialist] = r.findings;
    expect(investigating.question).toMatchObject({ graded: true, theme: 'investigating-crime', position: 2 });
    expect(investigating.content[6]).toEqual({
      __typename: 'BulletList',
      items: [
        'slow to locate or arrest suspects, even when an identity is known; and',
        'has recently prioritised apprehending high-risk offenders, but this is still not part of its day-to-day activity.',
      ],
    });
    expect(vulnerable.areasForImprovement[3].text).toBe(
      'The force should ensure that it has sufficient resources available to respond appropriately to ‘prompt’ (within 1 hour) calls for service, particularly for incidents of domestic abuse.',
    );
    expect(specialist.question).toEqual({
      key: 'eff_q5',
      text: 'How effective are the force’s specialist capabilities?',
      graded: false,
      position: 5,
      theme: 'specialist-capabilities',
    });
    // Preventing crime and serious and organised crime were not inspected in 2017: the page lists only
    // the other three questions, and the grades data records the 2016 judgements as standing.
    expect(r.findings.map((f: any) => f.carriedOverFrom?.label ?? null)).toEqual(['2016', null, null, '2016', null]);
    expect(r.findings.every((f: any) => f.causesOfConcern.length === 0)).toBe(true);
    expect(statements).toBe(0);
  });

  it('answers a report known only from its grades, with no narrative', async () => {
    const { body } = await execute(report, { force: 'essex', year: 2017 }, 'ForceReport');
    expect(body.data.report).toMatchObject({ grade: 'GOOD', lastUpdated: null, sourceUrl: null, summary: [] });
    expect(body.data.report.findings.map((f: any) => [f.question.key, f.grade, f.content])).toEqual([
      ['eff_q1', 'GOOD', []],
      ['eff_q2', 'GOOD', []],
      ['eff_q3', 'GOOD', []],
      ['eff_q4', 'GOOD', []],
    ]);
  });

  it('returns null for a report nobody knows', async () => {
    // Dyfed-Powys is one of the seven forces fixtures/grades.csv has no 2023-25 grade for.
    const { body } = await execute(report, { force: 'dyfed-powys', year: 2023, pillar: null }, 'ForceReport');
    expect(body).toEqual({ data: { report: null } });
  });
});

describe('browse operations', () => {
  it('Forces lists the six East of England forces with a total', async () => {
    const { body, statements } = await execute(browse, { region: 'East of England' }, 'Forces');
    expect(body.errors).toBeUndefined();
    expect(body.data.forces.totalCount).toBe(6);
    expect(body.data.forces.pageInfo.hasNextPage).toBe(false);
    expect(body.data.forces.nodes.map((f: any) => f.slug)).toEqual([
      'bedfordshire',
      'cambridgeshire',
      'essex',
      'hertfordshire',
      'norfolk',
      'suffolk',
    ]);
    expect(statements).toBe(2); // the page and its count
  });

  it('Forces without a filter counts all 43 forces and pages them', async () => {
    const { body } = await execute(browse, {}, 'Forces');
    expect(body.data.forces.totalCount).toBe(43);
    expect(body.data.forces.nodes).toHaveLength(43);
    const wales = await execute('{ forces(filter: { country: "Wales" }) { totalCount nodes { slug } } }');
    expect(wales.body.data.forces.nodes.map((f: any) => f.slug)).toEqual(['dyfed-powys', 'gwent', 'north-wales', 'south-wales']);
    const page = await execute('{ forces(first: 40) { pageInfo { hasNextPage endCursor } } }');
    const next = await execute('query($after: String) { forces(first: 40, after: $after) { nodes { slug } } }', {
      after: page.body.data.forces.pageInfo.endCursor,
    });
    expect(page.body.data.forces.pageInfo.hasNextPage).toBe(true);
    expect(next.body.data.forces.nodes).toHaveLength(3);
  });

  it('Force shows Cambridgeshire and its reports', async () => {
    const { body, statements } = await execute(browse, {}, 'Force');
    expect(body.data.force).toMatchObject({ slug: 'cambridgeshire', name: 'Cambridgeshire Constabulary' });
    expect(body.data.force.reports).toHaveLength(16);
    expect(body.data.force.reports[8]).toEqual({
      inspectionYear: { label: '2017' },
      pillar: 'EFFECTIVENESS',
      grade: 'REQUIRES_IMPROVEMENT',
      lastUpdated: '2018-03-22',
    });
    expect(statements).toBe(1);
  });

  it('InspectionYears lists seven rounds with their scales and catalogues', async () => {
    const { body, statements } = await execute(browse, {}, 'InspectionYears');
    const years = body.data.inspectionYears;
    expect(years.map((y: any) => [y.label, y.gradeScale.length, y.questions.length])).toEqual([
      ['2014', 4, 11],
      ['2015', 4, 18],
      ['2016', 4, 12],
      ['2017', 4, 14],
      ['2018/19', 4, 13],
      ['2021/22', 5, 13],
      ['2023-25', 5, 10],
    ]);
    expect(years[5].gradeScale).toContain('ADEQUATE');
    const q2017 = years[3].questions.find((q: any) => q.key === 'eff_q3' && q.pillar === 'EFFECTIVENESS');
    expect(q2017).toEqual({
      key: 'eff_q3',
      text: 'How effective is the force at protecting those who are vulnerable from harm, and supporting victims?',
      pillar: 'EFFECTIVENESS',
      graded: true,
      theme: 'protecting-vulnerable-people',
      parent: { key: 'overall' },
    });
    expect(statements).toBe(0);
  });

  it('Findings lists the 2017 effectiveness judgements of Requires improvement or worse', async () => {
    const { body, statements } = await execute(browse, {}, 'Findings');
    expect(body.errors).toBeUndefined();
    // 43 force-and-question judgements across the 2017 effectiveness data, over three pages of 20.
    expect(body.data.findings.totalCount).toBe(43);
    expect(body.data.findings.pageInfo.hasNextPage).toBe(true);
    const nodes = body.data.findings.nodes;
    expect(nodes).toHaveLength(20);
    expect(
      nodes.every((f: any) => ['REQUIRES_IMPROVEMENT', 'INADEQUATE'].includes(f.grade) && f.score === (f.grade === 'INADEQUATE' ? 1 : 2)),
    ).toBe(true);
    expect(nodes.filter((f: any) => f.force.slug === 'cambridgeshire').map((f: any) => f.question.text)).toEqual([
      'How effective is the force at keeping people safe and reducing crime?',
      'How effective is the force at investigating crime and reducing re-offending?',
      'How effective is the force at protecting those who are vulnerable from harm, and supporting victims?',
    ]);
    expect(statements).toBe(2);

    const seen = new Set(nodes.map((f: any) => f.id));
    let after = body.data.findings.pageInfo.endCursor;
    for (let page = 0; page < 2; page++) {
      const next = await execute(browse, { after }, 'Findings');
      next.body.data.findings.nodes.forEach((f: any) => seen.add(f.id));
      after = next.body.data.findings.pageInfo.endCursor;
      expect(next.body.data.findings.pageInfo.hasNextPage).toBe(page === 0);
    }
    expect(seen.size).toBe(43);
  });

  it('findings filters by theme and headline, and pages with cursors', async () => {
    const query = `query($filter: FindingFilter, $after: String) {
      findings(first: 1, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } nodes { question { key } } } }`;
    const themed = await execute(query, { filter: { themes: ['protecting-vulnerable-people'], forces: ['cambridgeshire'] } });
    // fixtures/grades.csv: 2017 eff_q3, 2021/22 and 2023-25 protecting_vulnerable.
    expect(themed.body.data.findings).toMatchObject({ totalCount: 3, nodes: [{ question: { key: 'eff_q3' } }] });
    const filter = { headline: false, forces: ['cambridgeshire'], years: [2017], pillars: ['EFFECTIVENESS'] };
    const core = await execute(query, { filter });
    expect(core.body.data.findings.totalCount).toBe(5);
    const second = await execute(query, { filter, after: core.body.data.findings.pageInfo.endCursor });
    expect(second.body.data.findings.nodes).not.toEqual(core.body.data.findings.nodes);
    const none = await execute(query, { filter: { forces: ['dyfed-powys'], years: [2023] } });
    expect(none.body.data.findings).toMatchObject({ totalCount: 0, nodes: [] });
  });

  it('Node fetches a force, a report and a finding again by global ID', async () => {
    const force = await execute(browse, {}, 'Force');
    const reportResult = await execute(report, {}, 'ForceReport');
    const findingId = reportResult.body.data.report.findings.find((f: any) => f.question.key === 'eff_q2').id;
    const results = await Promise.all(
      [force.body.data.force.id, reportResult.body.data.report.id, findingId].map((id) => execute(browse, { id }, 'Node')),
    );
    expect(results.map((r) => r.body.data.node)).toEqual([
      { id: force.body.data.force.id, __typename: 'Force', slug: 'cambridgeshire' },
      { id: reportResult.body.data.report.id, __typename: 'Report', grade: 'REQUIRES_IMPROVEMENT' },
      {
        id: findingId,
        __typename: 'Finding',
        grade: 'REQUIRES_IMPROVEMENT',
        question: { text: 'How effective is the force at investigating crime and reducing re-offending?' },
      },
    ]);
    // Force and inspection-year IDs are built from slugs, so they are the same in every database.
    expect(Buffer.from(force.body.data.force.id, 'base64').toString()).toBe('Force:cambridgeshire');
  });

  it('nodes fetches several objects in one request', async () => {
    const ids = ['Force:essex', 'InspectionYear:peel-2017'].map((id) => Buffer.from(id).toString('base64'));
    const { body } = await execute(
      'query($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on Force { name } ... on InspectionYear { label } } }',
      { ids },
    );
    expect(body.data.nodes).toEqual([
      { __typename: 'Force', name: 'Essex Police' },
      { __typename: 'InspectionYear', label: '2017' },
    ]);
  });
});

describe('bad requests get clear errors, not crashes', () => {
  it('inspectionYear needs exactly one of year or slug', async () => {
    const { body } = await execute('{ inspectionYear { label } }');
    expect(body.errors?.[0]?.message).toBe('inspectionYear takes exactly one of `year` (e.g. 2017) or `slug` (e.g. "peel-2017")');
    const byYear = await execute('{ a: inspectionYear(year: 2018) { label } b: inspectionYear(slug: "peel-2023-25") { label } }');
    expect(byYear.body.data).toEqual({ a: { label: '2018/19' }, b: { label: '2023-25' } });
  });

  it('an unknown field is refused with the field named', async () => {
    const { body, status } = await execute('{ force(slug: "essex") { nickname } }');
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toContain('Cannot query field "nickname" on type "Force"');
  });

  it('an unknown force is null, not an error', async () => {
    const { body } = await execute('{ force(slug: "atlantis") { name } }');
    expect(body).toEqual({ data: { force: null } });
  });
});

describe('data examples (operations/data.graphql)', () => {
  const data = operationFile('data.graphql');

  it('DataCoverage, GradeSources and Conflicts answer in a bounded number of statements', async () => {
    const coverage = await execute(data, {}, 'DataCoverage');
    expect(coverage.body.errors).toBeUndefined();
    expect(coverage.body.data.dataCoverage).toHaveLength(10);
    // One statement: the counts come with the whole year and question rows they name, whatever their number.
    expect(coverage.statements).toBe(1);
    const all = await execute('{ dataCoverage { inspectionYear { label } questions { question { text } } } }');
    expect(all.body.data.dataCoverage).toHaveLength(18); // 3+4+3+3+3 pillars to 2018/19, then one group each for 2021/22 and 2023-25
    expect(all.body.data.dataCoverage[0].questions[0].question.text).toMatch(/\?$/);
    expect(all.statements).toBe(1);

    const sources = await execute(data, {}, 'GradeSources');
    expect(sources.body.data.force.findings).toHaveLength(14); // 3 overall + 11 questions in 2017
    expect(sources.statements).toBe(1);

    const conflicts = await execute(data, {}, 'Conflicts');
    expect(conflicts.body.data.findings.totalCount).toBe(3);
    expect(conflicts.statements).toBe(2);
  });
});
