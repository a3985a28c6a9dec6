import { describe, expect, it } from "vitest";
import { checksumOf, combine, differingRows } from "./digest";
import { ticket } from "./testing";

describe("the digest", () => {
  it("adds up id × 1,000,003 + version like the server, and combines a view's filters", () => {
    expect(checksumOf([ticket(1, { version: 2 }), ticket(7, { version: 1 })])).toBe(1_000_005 + 7_000_022);
    const combined = combine([
      { count: 1, checksum: 1_000_005, head: 40, epoch: "e1" },
      { count: 1, checksum: 7_000_022, head: 42, epoch: "e1" },
    ]);
    expect(combined).toEqual({ count: 2, checksum: 8_000_027, head: 42, epoch: "e1" });
  });

  it("wraps at 2^63 as the server's long does", () => {
    const huge = [{ id: 2 ** 52, version: 0 }, { id: 2 ** 52, version: 0 }];
    const exact = BigInt.asIntN(64, 2n * (2n ** 52n) * 1_000_003n);
    expect(checksumOf(huge)).toBe(Number(exact));
  });

  it("counts rows missing on either side or with other content, whatever the order of their fields", () => {
    const a = ticket(1);
    const { version, ...rest } = a;
    const reordered = { version, ...rest, contactId: undefined }; // as an event-built copy: other field order, no contactId
    expect(differingRows([a, ticket(2), ticket(3)], [reordered, ticket(2, { version: 2 }), ticket(4)])).toBe(3);
  });
});
