import { useCallback, useState } from "react";

/**
 * A user action that talks to the server: `busy` while it runs (to disable the button), and the server's message in
 * `error` when it fails. Forms keep what the user typed on failure, so nothing is lost.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (action: () => Promise<void>, onError?: (caught: unknown) => void) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      onError?.(caught);
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
