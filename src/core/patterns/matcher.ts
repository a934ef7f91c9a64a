import { PatternMiner, type PatternMinerOptions } from './miner.js';

const MAX_REMEMBERED = 50_000;

/** What the incident collector needs from a pattern source (structurally `PatternMatcher` in ../incidents.ts). */
export interface MinerMatcher {
  match(text: string): { id: string; template: string };
  /** The miner behind the matcher, for its final patterns. */
  readonly miner: PatternMiner;
}

/**
 * A matcher backed by the streaming miner. Within a run a pattern keeps the id it was first given,
 * even after its template widens, so a caller keying on ids never splits one pattern in two;
 * that first id is the hash of the first template, so it is the same on every run that meets
 * the same first line shape. The template returned is always the current one.
 */
export function createMinerMatcher(options: PatternMinerOptions = {}): MinerMatcher {
  const miner = new PatternMiner(options);
  const firstIds = new Map<number, string>();
  return {
    miner,
    match(text) {
      const m = miner.add(text);
      let id = firstIds.get(m.index);
      if (id === undefined) {
        // Bounded for long-running callers (watch, Lambda): past the cap, patterns start afresh.
        if (firstIds.size >= MAX_REMEMBERED) firstIds.clear();
        id = m.id;
        firstIds.set(m.index, id);
      }
      return { id, template: m.template };
    },
  };
}
