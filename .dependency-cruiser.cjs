// npm run layers: the layering of src/, checked by dependency-cruiser (docs/architecture.md draws it).
// Each layer imports only the layers below it; type-only imports count too. Bottom to top:
//   domain → db → ingest, queries (read side) │ analysis (domain only) → startup → graphql → http → cli, main
/** @type {import('dependency-cruiser').IConfiguration} */
const below = {
  domain: ['domain'],
  db: ['domain', 'db'],
  ingest: ['domain', 'db', 'ingest'],
  queries: ['domain', 'db', 'queries'],
  analysis: ['domain', 'analysis'],
  startup: ['domain', 'db', 'ingest', 'startup'],
  graphql: ['domain', 'db', 'ingest', 'queries', 'analysis', 'graphql'],
  http: ['domain', 'db', 'ingest', 'queries', 'analysis', 'graphql', 'http'],
};

const layerRules = Object.entries(below).map(([layer, allowed]) => ({
  name: `${layer}-imports-only-below`,
  comment: `src/${layer} may import only ${allowed.join(', ')} (and packages)`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: '^src/', pathNot: `^src/(${allowed.join('|')})/` },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-import-of-the-top',
      comment: 'the entry points (cli, start, main, serve, config, runtime) are imported by nothing below them',
      severity: 'error',
      from: { path: '^src/(domain|db|ingest|queries|analysis|startup|graphql|http)/' },
      to: { path: '^src/(cli/|main\\.ts|start\\.ts|serve\\.ts|config\\.ts|runtime\\.ts)' },
    },
    {
      name: 'no-circular',
      comment: 'no cycle of runtime imports between files',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'domain-imports-no-packages',
      comment: 'the domain is plain TypeScript: no database, no GraphQL, no HTTP',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js'],
    },
  },
};
