// Write to visible as the server measures it (peel_write_visible_seconds): from a commit to the
// first answer read at its version or newer, each write counted once.
import { describe, expect, it } from 'vitest';
import { WriteVisibility } from '../../src/http/write-visibility.js';

function setUp() {
  const observed: number[] = [];
  const clock = { now: 0 };
  return {
    observed,
    clock,
    visibility: new WriteVisibility(
      (seconds) => observed.push(seconds),
      () => clock.now,
    ),
  };
}

describe('write visibility', () => {
  it('observes each write once, at the first answer that holds it', () => {
    const { observed, clock, visibility } = setUp();
    visibility.committed(5, 100);
    visibility.committed(6, 110);
    clock.now = 130;
    visibility.answered(4); // read before either write: holds neither
    expect(observed).toEqual([]);
    visibility.answered(5);
    expect(observed).toEqual([0.03]);
    clock.now = 150;
    visibility.answered(7); // newer than the second: holds it too
    visibility.answered(7);
    expect(observed).toEqual([0.03, 0.04]);
  });

  it('takes writes heard out of order, and the same version once', () => {
    const { observed, clock, visibility } = setUp();
    visibility.committed(9, 20);
    visibility.committed(8, 10);
    visibility.committed(8, 15);
    clock.now = 30;
    visibility.answered(8);
    expect(observed).toEqual([0.02]);
    visibility.answered(9);
    expect(observed).toEqual([0.02, 0.01]);
  });

  it('never observes a negative delay, and keeps at most 1,000 writes waiting', () => {
    const { observed, clock, visibility } = setUp();
    visibility.committed(1, 50);
    clock.now = 40;
    visibility.answered(1);
    expect(observed).toEqual([0]);
    for (let version = 2; version <= 1_501; version++) visibility.committed(version, 0);
    visibility.answered(1_501);
    expect(observed).toHaveLength(1 + 1_000);
  });
});
