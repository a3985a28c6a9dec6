import { useState, type FormEvent } from "react";
import { ApiError, LiveDeskApi, saveSession, type Session } from "../live";
import { useAction } from "../shared/useAction";

const demoLogins = [
  ["manager@livedesk.test", "Manager: every ticket, assigns work"],
  ["ana@livedesk.test", "Agent, Support team"],
  ["ben@livedesk.test", "Agent, Field Ops team"],
  ["carla@customer.test", "Customer portal"],
];

export function Login({ notice, onSignedIn }: { notice: string | null; onSignedIn: (session: Session) => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { busy, error, run } = useAction();

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      try {
        onSignedIn(saveSession(await LiveDeskApi.login(email, password)));
      } catch (caught) {
        throw caught instanceof ApiError ? caught : new Error("The server cannot be reached. Is LiveDesk running?");
      }
    });
  }

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">LiveDesk</h1>
        <p className="muted">Sign in to your helpdesk.</p>
        {notice && <p className="notice" role="status">{notice}</p>}
        <label>
          Email
          <input type="email" autoComplete="username" required value={email} onChange={e => setEmail(e.target.value)} autoFocus />
        </label>
        <label>
          Password
          <input type="password" autoComplete="current-password" required value={password} onChange={e => setPassword(e.target.value)} />
        </label>
        {error && <p className="error" role="alert">{error}</p>}
        <button type="submit" className="primary" disabled={busy}>{busy ? "Signing in…" : "Sign in"}</button>
        <details className="demo-logins">
          <summary>Demo logins (password demo1234)</summary>
          <ul>
            {demoLogins.map(([demoEmail, who]) => (
              <li key={demoEmail}>
                <button type="button" className="link" onClick={() => { setEmail(demoEmail); setPassword("demo1234"); }}>{demoEmail}</button>
                <span className="muted"> {who}</span>
              </li>
            ))}
          </ul>
        </details>
      </form>
    </main>
  );
}
