/**
 * Jittered exponential backoff: attempt n waits a random time in [base·2ⁿ·(1−jitter), base·2ⁿ], capped.
 * The randomness spreads a reconnect storm after a server restart over time instead of synchronising every
 * browser on the same instant.
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  jitter: number; // 0..1, the share of the delay that is randomised away
}

export const defaultBackoff: BackoffOptions = { baseMs: 500, maxMs: 15_000, jitter: 0.5 };

export function backoffDelay(attempt: number, options: BackoffOptions = defaultBackoff, random = Math.random): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling * (1 - options.jitter * random()));
}

/** A slow timer's next delay: `ms` ± `spread`, so many tabs do not poll in lockstep. */
export function jittered(ms: number, spread = 0.2, random = Math.random): number {
  return Math.round(ms * (1 - spread + 2 * spread * random()));
}
