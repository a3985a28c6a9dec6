import { useEffect, useState } from "react";
import { clearSession, LiveDeskClient, LiveDeskProvider, loadSession, type Session } from "../live";
import { Login } from "./Login";
import { Shell } from "./Shell";

export function App() {
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const [notice, setNotice] = useState<string | null>(null);
  const [client, setClient] = useState<LiveDeskClient | null>(null);

  useEffect(() => {
    if (!session) return;
    const signOut = (reason: string | null) => {
      clearSession();
      setNotice(reason);
      setSession(null);
    };
    const created = new LiveDeskClient(session, reason => signOut(reason));
    created.start();
    setClient(created);
    return () => {
      setClient(null);
      void created.stop();
    };
  }, [session]);

  if (!session) return <Login notice={notice} onSignedIn={signedIn => { setNotice(null); setSession(signedIn); }} />;
  if (!client) return null;
  return (
    <LiveDeskProvider client={client}>
      <Shell onSignOut={() => { clearSession(); window.location.hash = ""; setSession(null); }} />
    </LiveDeskProvider>
  );
}
