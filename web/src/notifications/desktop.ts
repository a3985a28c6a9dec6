import type { NotificationDto } from "./types";

const claimsKey = "livedesk.desktopShown";
const remembered = 200;
const holdMs = 60_000;

/**
 * Raises the browser's desktop notification for `n`, at most once per notification in this browser, however many
 * tabs of the user are open: every tab gets the same event, and only the tab that claims the id first shows it.
 *
 * The claim is a Web Lock named after the id, taken only if free and held for a minute: the browser's lock manager
 * is one for all tabs of the origin, so two tabs cannot both get it. (localStorage alone cannot do this: Chromium
 * gives each renderer process its own copy, updated a moment later, so two tabs can both read "not shown yet".) A
 * list of shown ids in localStorage covers a tab that gets the event after the minute, and the notification's `tag`
 * is the id too, so the system replaces rather than repeats one should a browser without Web Locks ever race. Claims
 * run one at a time under one more lock, which gives a test a point after which every claim made so far is settled.
 */
export async function raiseDesktop(n: NotificationDto, onClick: () => void): Promise<boolean> {
  if (!(await claim(n.id))) return false;
  const shown = new Notification(n.title, { body: n.body, tag: `livedesk-notification-${n.id}` });
  shown.onclick = () => {
    window.focus();
    onClick();
    shown.close();
  };
  return true;
}

async function claim(id: number): Promise<boolean> {
  if (!navigator.locks) return remember(id);
  return navigator.locks.request(claimsKey, async () => (await holdIfFree(`${claimsKey}.${id}`)) && remember(id));
}

/** Takes the lock if no tab holds it, and keeps it for a while without making the caller wait. */
function holdIfFree(name: string): Promise<boolean> {
  return new Promise(resolve => {
    void navigator.locks.request(name, { ifAvailable: true }, lock => {
      resolve(lock !== null);
      return lock ? new Promise(release => setTimeout(release, holdMs)) : undefined;
    });
  });
}

/** Adds the id to the shown list; false when it is there already. */
function remember(id: number): boolean {
  let ids: number[] = [];
  try { ids = JSON.parse(localStorage.getItem(claimsKey) ?? "[]") as number[]; } catch { /* corrupt: start over */ }
  if (ids.includes(id)) return false;
  try { localStorage.setItem(claimsKey, JSON.stringify([...ids, id].slice(-remembered))); } catch { /* storage blocked: show anyway */ }
  return true;
}
