import type { NotificationDto } from "./types";

const shownKey = "livedesk.desktopShown";
const remembered = 200;

/**
 * Raises the browser's desktop notification for `n`, at most once per notification in this browser, however many
 * tabs of the user are open: every tab gets the same event, and the first to claim its id shows it. The claim is a
 * list of ids in localStorage, read and written under a Web Lock (navigator.locks, one lock for all tabs of the
 * origin), so two tabs cannot both find the id missing. The notification's `tag` is the id as well, which makes
 * the system replace rather than repeat one if a browser without Web Locks ever raced.
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
  const take = () => {
    let ids: number[] = [];
    try { ids = JSON.parse(localStorage.getItem(shownKey) ?? "[]") as number[]; } catch { /* corrupt: start over */ }
    if (ids.includes(id)) return false;
    try { localStorage.setItem(shownKey, JSON.stringify([...ids, id].slice(-remembered))); } catch { /* storage blocked: show anyway */ }
    return true;
  };
  return navigator.locks ? navigator.locks.request(shownKey, take) : take();
}
