import type { LiveDeskClient } from "./client";

/** localStorage key that turns the hooks on: only the browser tests set it (before the page loads). */
export const testHooksStorageKey = "livedesk.testHooks";

declare global {
  interface Window {
    /** The signed-in client, for browser tests that must reach inside (e.g. to corrupt the cache on purpose and see the
     * periodic sync repair it). Absent unless localStorage `livedesk.testHooks` is "1". */
    __livedesk?: { client: LiveDeskClient };
  }
}

export function installTestHooks(client: LiveDeskClient) {
  try {
    if (typeof window === "undefined" || window.localStorage.getItem(testHooksStorageKey) !== "1") return;
    window.__livedesk = { client };
  } catch {
    // No storage: no hooks.
  }
}
