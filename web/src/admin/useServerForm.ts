import { useCallback, useState } from "react";
import { ApiError } from "../live";

type FieldErrors = Record<string, string[]>;

/** A server refusal in words: ProblemDetails' title and detail together ("The last active admin cannot be demoted.
 * Make someone else an admin first, ..."), or the one message there is. */
export function problemText(failure: unknown): string {
  if (!(failure instanceof Error)) return String(failure);
  if (failure instanceof ApiError && failure.title && failure.title !== failure.message && failure.status !== 412
    && Object.keys(failure.fieldErrors).length === 0) return `${failure.title} ${failure.message}`;
  return failure.message;
}

/** Which field a refusal belongs beside: the 400's own field names, or, for a 409, the field the caller says the
 * conflict is about (a duplicate email, a duplicate team name). */
export function fieldErrorsOf(failure: unknown, conflictField?: string): FieldErrors {
  if (!(failure instanceof ApiError)) return {};
  if (Object.keys(failure.fieldErrors).length > 0) return failure.fieldErrors;
  if (failure.isConflict && conflictField) return { [conflictField]: [problemText(failure)] };
  return {};
}

/**
 * A form or button that writes to the server: `busy` while it runs, the server's messages beside their fields
 * (`errors`, for FieldError) and anything else in `error`. What the admin typed stays on failure.
 */
export function useServerForm() {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const clear = useCallback(() => { setErrors({}); setError(null); }, []);
  const run = useCallback(async (work: () => Promise<void>, options: { conflictField?: string; onError?: (failure: unknown) => void } = {}) => {
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      await work();
    } catch (failure) {
      options.onError?.(failure);
      const byField = fieldErrorsOf(failure, options.conflictField);
      setErrors(byField);
      if (Object.keys(byField).length === 0) setError(problemText(failure));
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, errors, error, run, clear };
}
