// Vitest's global setup: one line naming the Node the suite runs on and the backend it uses, so a CI
// log shows both (the `node` dependency's binary, which npm test puts first on PATH).
export default function announceRuntime(): void {
  const backend = process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite';
  console.log(`vitest on Node ${process.version}, ${backend}`);
}
