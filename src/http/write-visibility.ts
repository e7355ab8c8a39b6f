// How long a write takes to reach readers, measured where it happens: from its commit (known for
// writes through this server; on embedded PGlite, taken on the database's thread) to the first
// GraphQL answer this server sends that was read at its data version or newer. /metrics serves it
// as peel_write_visible_seconds; `npm run bench:scale` reads it for embedded PGlite, whose writes
// can only come through the API.

/** Writes waiting for their first answer: a bound, so a server whose answers stopped cannot grow it. */
const MAX_PENDING = 1_000;

export class WriteVisibility {
  readonly #observe: (seconds: number) => void;
  readonly #now: () => number;
  /** Versions committed and not yet answered, oldest first, with their commit times (performance.now()). */
  readonly #pending: { version: number; at: number }[] = [];

  constructor(observe: (seconds: number) => void, now: () => number = () => performance.now()) {
    this.#observe = observe;
    this.#now = now;
  }

  /** A write through this server committed as `version` at `at`. */
  committed(version: number, at: number): void {
    const pending = this.#pending;
    if (pending.some((entry) => entry.version === version)) return;
    pending.push({ version, at });
    pending.sort((a, b) => a.version - b.version);
    if (pending.length > MAX_PENDING) pending.shift();
  }

  /** An answer read at `version` is being sent: every write it holds is visible now. */
  answered(version: number): void {
    const pending = this.#pending;
    if (pending.length === 0 || pending[0]!.version > version) return;
    const now = this.#now();
    while (pending.length > 0 && pending[0]!.version <= version) this.#observe(Math.max(0, now - pending.shift()!.at) / 1000);
  }
}
