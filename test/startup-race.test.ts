// Any number of instances can start together on one fresh PostgreSQL database: migrations and the
// first seed run under an advisory lock, so one migrates and seeds while the others wait, then find
// the work done (without the lock, one died in CREATE TYPE). PGlite belongs to one process.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backend, createTestTarget } from './helpers/database.js';

const root = path.resolve(import.meta.dirname, '..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const children: ChildProcess[] = [];
afterAll(() => children.forEach((child) => child.kill('SIGTERM')));

describe.runIf(backend === 'postgres')('start-up', () => {
  it('three servers started at once on one fresh database all become ready, and the data is loaded once', async () => {
    const { target, drop } = await createTestTarget();
    try {
      const url = (target as { url: string }).url;
      const ports = await Promise.all([freePort(), freePort(), freePort()]);
      const exits: string[] = [];
      for (const port of ports) {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
          cwd: root,
          env: { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr!.on('data', (chunk) => (stderr += chunk));
        child.once('exit', (code) => exits.push(`port ${port} exited ${code}: ${stderr.slice(0, 500)}`));
        children.push(child);
      }
      const ready = async (port: number) => {
        for (let i = 0; i < 150 && exits.length === 0; i++) {
          const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
            (r) => r.ok,
            () => false,
          );
          if (ok) return true;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        return false;
      };
      expect(await Promise.all(ports.map(ready))).toEqual([true, true, true]);
      expect(exits).toEqual([]);
      const counts = await Promise.all(
        ports.map(async (port) => {
          const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: '{ forces(first: 100) { totalCount } findings { totalCount } }' }),
          });
          return response.json();
        }),
      );
      // 43 forces (not 86 or 129), and each instance sees the same data.
      for (const body of counts) expect(body).toEqual(counts[0]);
      expect((counts[0] as { data: { forces: { totalCount: number } } }).data.forces.totalCount).toBe(43);
    } finally {
      children.forEach((child) => child.kill('SIGTERM'));
      await Promise.all(
        children.map((child) => (child.exitCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve)))),
      );
      await drop();
    }
  }, 90_000);
});
