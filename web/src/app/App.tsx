import { useEffect, useMemo, useState } from "react";
import { RouterProvider } from "react-router";
import { clearSession, LiveDeskClient, LiveDeskProvider, loadSession, type Session } from "../live";
import { NotificationCenterProvider } from "../notifications/hooks";
import { Login } from "./Login";
import { createRouter } from "./routes";

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

  const router = useMemo(() => createRouter(() => { clearSession(); window.location.hash = ""; setSession(null); }), []);

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
