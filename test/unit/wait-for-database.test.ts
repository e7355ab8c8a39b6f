// Start-up's wait for a database that refuses connections: which errors are waited out, the pauses
// between attempts, and the budget that ends the wait.
import { describe, expect, it } from 'vitest';
import { reasonOf, waitForDatabase } from '../../src/startup/wait-for-database.js';

const refused = (code: string, message: string) => Object.assign(new Error(message), { code });

/** A clock that only the fake sleep moves, and a record of every pause. */
function fakeTime() {
  let clock = 0;
  const pauses: number[] = [];
  return { pauses, now: () => clock, sleep: async (ms: number) => void (pauses.push(ms), (clock += ms)) };
}

describe('waitForDatabase', () => {
  it('waits out a refusal with pauses that double up to the cap, and returns the first success', async () => {
    const time = fakeTime();
    const retries: string[] = [];
    let attempts = 0;
    const result = await waitForDatabase(
      async () => {
        attempts++;
        if (attempts <= 6) throw refused('53300', 'sorry, too many clients already');
        return 'ready';
      },
      {
        budgetMs: 60_000,
        maxPauseMs: 4_000,
        onRetry: (attempt, error, pause) => retries.push(`${attempt} ${reasonOf(error)} ${pause}`),
        ...time,
      },
    );
    expect(result).toBe('ready');
    expect(time.pauses).toEqual([500, 1_000, 2_000, 4_000, 4_000, 4_000]);
    expect(retries[0]).toBe('1 sorry, too many clients already (53300) 500');
  });

  it('waits for connections refused, a server starting up and a dropped connection alike', async () => {
    for (const error of [
      refused('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      refused('57P03', 'the database system is starting up'),
      new Error('Connection terminated unexpectedly'),
    ]) {
      const time = fakeTime();
      let first = true;
      await waitForDatabase(
        async () => {
          if (!first) return;
          first = false;
          throw error;
        },
        { budgetMs: 1_000, onRetry: () => {}, ...time },
      );
      expect(time.pauses).toEqual([500]);
    }
  });

  it('fails at once on what waiting cannot mend: a wrong password, no such database', async () => {
    for (const error of [refused('28P01', 'password authentication failed'), refused('3D000', 'database "x" does not exist')]) {
      const time = fakeTime();
      await expect(waitForDatabase(() => Promise.reject(error), { budgetMs: 60_000, onRetry: () => {}, ...time })).rejects.toBe(error);
      expect(time.pauses).toEqual([]);
    }
  });

  it('gives up with the last error once the budget is spent, the last pause cut to what is left', async () => {
    const time = fakeTime();
    const error = refused('57P03', 'the database system is starting up');
    await expect(waitForDatabase(() => Promise.reject(error), { budgetMs: 2_000, onRetry: () => {}, ...time })).rejects.toBe(error);
    expect(time.pauses).toEqual([500, 1_000, 500]);
    const once = fakeTime();
    await expect(waitForDatabase(() => Promise.reject(error), { budgetMs: 0, onRetry: () => {}, ...once })).rejects.toBe(error);
    expect(once.pauses).toEqual([]);
  });
});
