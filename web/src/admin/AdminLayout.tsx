import type { ReactNode } from "react";
import { Link, Navigate, Outlet, useLocation } from "react-router";
import { useMe } from "../live";
import { adminPath, sectionLabels, sectionsFor, type AdminSection } from "./paths";

/** The administration pages (#/admin/...): their menu beside the page. Each page checks the role again, since a role
 * can change while the page is open. */
export function AdminLayout() {
  const me = useMe();
  const sections = sectionsFor(me.role);
  const path = useLocation().pathname;
  if (sections.length === 0) {
    return <main className="list-pane admin-page"><p className="error" role="alert">Administration is for managers and admins.</p></main>;
  }
  return (
    <>
      <nav className="views" aria-label="Administration">
        {sections.map(section => {
          const current = path.startsWith(adminPath(section));
          return <Link key={section} to={adminPath(section)} className={current ? "current" : undefined}
            aria-current={current ? "page" : undefined} data-section={section}>{sectionLabels[section]}</Link>;
        })}
      </nav>
      <main className="list-pane admin-page">
        <Outlet />
      </main>
    </>
  );
}

/** #/admin: the first page the user may see. */
export function AdminIndex() {
  const sections = sectionsFor(useMe().role);
  return <Navigate to={adminPath(sections[0] ?? "teams")} replace />;
}

const refusals: Record<AdminSection, string> = {
  people: "Managing people is for admins.",
  teams: "Managing teams is for managers and admins.",
  queues: "Managing queues is for managers and admins.",
  audit: "The audit log is for admins.",
  flags: "Live modes (feature flags) are for admins.",
};

/** A page for some roles only; the others (say, an admin just made an agent) are told so. */
export function RequireSection({ section, children }: { section: AdminSection; children: ReactNode }) {
  const me = useMe();
  if (!sectionsFor(me.role).includes(section)) return <p className="error" role="alert">{refusals[section]}</p>;
  return <>{children}</>;
}
