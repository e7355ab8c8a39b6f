// The PGlite thread's side (src/pglite-worker.ts runs it): answers the server thread's
// statements, transactions, LISTENs and whole tasks against the one PGlite instance it owns. PGlite
// runs one statement at a time and queues the rest, so requests are taken as they come, not in turn.
import type { MessagePort } from 'node:worker_threads';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { serializeError, type TaskOutcome, type ThreadMessage, type ThreadRequest } from './pglite-thread-protocol.js';

/** Runs a named task (an import, a delete) in one go here: its value, the statements it sent, the data version after it. */
export type TaskRunner = (name: string, input: unknown) => Promise<TaskOutcome>;

/** Thrown inside PGlite's transaction callback to make it roll back. */
class RollBack extends Error {}

const identity = (value: unknown) => value;

/** Work done on a notification before it is passed on, sent with it (the snapshot's refresh, read at once). */
export type NotificationAttachment = (channel: string, payload: string) => Promise<unknown>;

export function hostPglite(port: MessagePort, pglite: PGlite, runTask: TaskRunner, attach?: NotificationAttachment): void {
  const open = new Map<number, { tx: Transaction; end: (commit: boolean) => void; done: Promise<unknown> }>();
  const unlisten = new Map<string, () => Promise<void>>();
  const parsers = new Map<string, Record<number, (value: string) => unknown>>();
  let nextTx = 1;
  const send = (message: ThreadMessage) => port.postMessage(message);

  // drizzle keeps dates, timestamps and intervals as PostgreSQL's text: the types it names are passed through as they are.
  const parsersFor = (types: number[]) => {
    const key = types.join(',');
    let found = parsers.get(key);
    if (!found) parsers.set(key, (found = Object.fromEntries(types.map((type) => [type, identity]))));
    return found;
  };

  const begin = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const id = nextTx++;
      let end!: (commit: boolean) => void;
      const ended = new Promise<boolean>((settle) => (end = settle));
      const done = pglite
        .transaction(async (tx) => {
          open.set(id, { tx, end, done });
          resolve(id);
          if (!(await ended)) throw new RollBack();
        })
        .catch((error: unknown) => {
          if (!(error instanceof RollBack)) throw error;
        })
        .finally(() => open.delete(id));
      // A BEGIN that failed never opened one.
      done.catch(reject);
    });

  async function answer(request: ThreadRequest): Promise<unknown> {
    switch (request.op) {
      case 'query': {
        const runner = request.tx === undefined ? pglite : open.get(request.tx)?.tx;
        if (!runner) throw new Error(`transaction ${request.tx} is not open`);
        return runner.query(request.sql, request.params, { rowMode: request.rowMode, parsers: parsersFor(request.rawTypes) });
      }
      case 'begin':
        return begin();
      case 'end': {
        const transaction = open.get(request.tx);
        if (!transaction) throw new Error(`transaction ${request.tx} is not open`);
        transaction.end(request.commit);
        await transaction.done;
        return null;
      }
      case 'listen':
        if (!unlisten.has(request.channel)) {
          const { channel } = request;
          const forward = (payload: string) => {
            if (!attach) return send({ op: 'notify', channel, payload });
            // PGlite runs statements in the order asked, so notifications still go out in commit order.
            void attach(channel, payload).then(
              (attachment) => send({ op: 'notify', channel, payload, attachment }),
              () => send({ op: 'notify', channel, payload }),
            );
          };
          unlisten.set(channel, await pglite.listen(channel, forward));
        }
        return null;
      case 'unlisten':
        await unlisten.get(request.channel)?.();
        unlisten.delete(request.channel);
        return null;
      case 'close':
        await pglite.close();
        return null;
      case 'task':
        return runTask(request.name, request.input);
    }
  }

  port.on('message', (request: ThreadRequest) => {
    answer(request).then(
      (value) => {
        if (request.op === 'task') {
          const { value: result, ...outcome } = value as Awaited<ReturnType<TaskRunner>>;
          send({ id: request.id, value: result, ...outcome });
        } else send({ id: request.id, value });
      },
      (error: unknown) => send({ id: request.id, error: serializeError(error) }),
    );
  });
}
