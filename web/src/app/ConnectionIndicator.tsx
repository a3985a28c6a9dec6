import { useEffect, useState } from "react";
import { useConnectionState, useLiveDesk } from "../live";

const labels = { connecting: "Connecting…", live: "Live", reconnecting: "Reconnecting", offline: "Offline" } as const;

/** Live, Reconnecting or Offline, with the next retry and a way to retry at once; when the server turned the connection
 * away (too many connections, too many requests), its reason, so the user knows to close a tab rather than wait. */
export function ConnectionIndicator() {
  const { state, retryAt, reason } = useConnectionState();
  const connection = useLiveDesk().connection;
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (retryAt === null) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [retryAt]);
  const seconds = retryAt === null ? null : Math.max(0, Math.ceil((retryAt - now) / 1000));

  return (
    <div className={`connection ${state}`} data-testid="connection" data-state={state} role="status" aria-live="polite">
      <span className="dot" aria-hidden="true" />
      <span>{labels[state]}</span>
      {state !== "live" && reason && <span className="reason" data-testid="connection-reason">{reason}</span>}
      {state !== "live" && seconds !== null && seconds > 0 && <span className="muted">retry in {seconds}s</span>}
      {state !== "live" && state !== "connecting" && (
        <button type="button" className="link" onClick={() => connection.catchUp()}>Retry now</button>
      )}
    </div>
  );
}
