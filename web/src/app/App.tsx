import { useEffect, useMemo, useRef, useState } from "react";
import { RouterProvider } from "react-router";
import { clearSession, LiveDeskClient, LiveDeskProvider, loadSession, type Session } from "../live";
import { NotificationCenterProvider } from "../notifications/hooks";
import { Login } from "./Login";
import { createRouter } from "./routes";

export function App() {
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const [notice, setNotice] = useState<string | null>(null);
  const [client, setClient] = useState<LiveDeskClient | null>(null);
  const current = useRef<LiveDeskClient | null>(null);

  useEffect(() => {
    if (!session) return;
    // Called once when the session is over: refused by the server (with the reason), signed out here or in another
    // tab (null). The keeper has cleared what it should from localStorage (never another user's sign-in made in
    // another tab). A refreshed token is not a new session: the client keeps it fresh without coming back here.
    const signedOut = (reason: string | null) => {
      setNotice(reason);
      setSession(null);
    };
    const created = new LiveDeskClient(session, signedOut);
    created.start();
    current.current = created;
    setClient(created);
    return () => {
      current.current = null;
      setClient(null);
      void created.stop();
    };
  }, [session]);

  const router = useMemo(() => createRouter(() => {
    window.location.hash = "";
    if (current.current) void current.current.signOut();
    else { clearSession(); setSession(null); }
  }), []);

  if (!session) return <Login notice={notice} onSignedIn={signedIn => { setNotice(null); setSession(signedIn); }} />;
  if (!client) return null;
  return (
    <LiveDeskProvider client={client}>
      <NotificationCenterProvider>
        <RouterProvider router={router} />
      </NotificationCenterProvider>
    </LiveDeskProvider>
  );
}
