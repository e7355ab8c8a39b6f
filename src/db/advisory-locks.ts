// PostgreSQL advisory lock keys (the first of the two-int form), one per thing they serialise, so
// no two uses of a lock can collide. Named here once; docs/production.md lists them.
export const ADVISORY_LOCKS = {
  /** Held while migrations run and an empty database is seeded, so instances can start together. */
  startup: 0x5045_0001,
  /** Held per report (force, year, pillar) by an import or a delete until its transaction ends. */
  reportWrite: 0x5045_0002,
} as const;
