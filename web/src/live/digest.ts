import type { TicketDigest } from "./types";

/** The digest's checksum of a list (docs/api.md, GET /api/tickets/digest): the sum of id × 1,000,003 + version, wrapping
 * at 2^63 as the server's long does. BigInt keeps it exact; the JSON number it is compared with is rounded the same way. */
export function checksumOf(items: readonly { id: number; version: number }[]): number {
  let sum = 0n;
  for (const item of items) sum = BigInt.asIntN(64, sum + BigInt(item.id) * 1_000_003n + BigInt(item.version));
  return Number(sum);
}

/** A view loaded from several filters (an agent's teams) adds up to the sum of their digests: the filters never
 * overlap, since a ticket has one team. */
export function combine(digests: readonly TicketDigest[]): { count: number; checksum: number; head: number; epoch: string | null } {
  let sum = 0n;
  let count = 0;
  let head = 0;
  for (const digest of digests) {
    sum = BigInt.asIntN(64, sum + BigInt(digest.checksum));
    count += digest.count;
    head = Math.max(head, digest.head);
  }
  const epochs = new Set(digests.map(d => d.epoch));
  return { count, checksum: Number(sum), head, epoch: epochs.size === 1 ? digests[0].epoch : null };
}

/** How many rows of a list differ between two copies: missing on one side, or not the same content. */
export function differingRows<T extends { id: number }>(before: readonly T[], after: readonly T[]): number {
  const old = new Map(before.map(item => [item.id, item]));
  let differing = 0;
  for (const item of after) {
    const was = old.get(item.id);
    old.delete(item.id);
    if (!was || !sameContent(was, item)) differing++;
  }
  return differing + old.size;
}

/** Field by field, whatever order the fields were added in (an event-built copy and a REST copy differ in order). */
function sameContent(a: object, b: object): boolean {
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) {
    if ((left[key] ?? null) === null && (right[key] ?? null) === null) continue; // an event-built copy lacks optional fields
    if (JSON.stringify(left[key]) !== JSON.stringify(right[key])) return false;
  }
  return true;
}
