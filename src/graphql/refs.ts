// Object types declared here and implemented in their own files, so a type can name another as a
// field's type without the two files importing each other (Force.peers ⇄ Peer.force).
import type { Peer as PeerOf } from '../analysis/peers.js';
import type { ForceRow } from '../queries/year-grades.js';
import { builder } from './builder.js';

export type Peer = PeerOf<ForceRow>;

/** Implemented in types/peers.ts. */
export const PeerRef = builder.objectRef<Peer>('Peer');
