import { createHashRouter, Navigate } from "react-router";
import { AdminIndex, AdminLayout } from "../admin/AdminLayout";
import { AuditPage } from "../admin/AuditPage";
import { FlagsPage } from "../admin/FlagsPage";
import { PeoplePage } from "../admin/PeoplePage";
import { QueuesPage } from "../admin/QueuesPage";
import { TeamsPage } from "../admin/TeamsPage";
import { CampaignsPage } from "../campaigns/CampaignsPage";
import { ContactsPage } from "../contacts/ContactsPage";
import { ConversationsPage } from "../conversations/ConversationsPage";
import { PipelinePage } from "../leads/PipelinePage";
import { AnnouncementsPage } from "../notifications/AnnouncementsPage";
import { NotificationsPage } from "../notifications/NotificationsPage";
import { PreferencesPage } from "../notifications/PreferencesPage";
import { OrganizationsPage } from "../organizations/OrganizationsPage";
import { TicketsPage } from "../tickets/TicketsPage";
import { Shell } from "./Shell";

/** Every page has a URL (in the hash, so the server needs no route of its own): deep links, reloads and the back
 * button work. Each feature adds its pages here. */
export function createRouter(onSignOut: () => void) {
  return createHashRouter([
    {
      path: "/",
      element: <Shell onSignOut={onSignOut} />,
      children: [
        // The first view the user has; TicketsPage corrects an unknown view.
        { index: true, element: <Navigate to="/mine" replace /> },
        // A fixed path ranks above the ticket views' :view, so "leads" is never read as a view name.
        { path: "leads", element: <PipelinePage /> },
        { path: "leads/:leadId", element: <PipelinePage /> },
        { path: "campaigns", element: <CampaignsPage /> },
        { path: "notifications", element: <NotificationsPage /> },
        { path: "settings/notifications", element: <PreferencesPage /> },
        { path: "announcements", element: <AnnouncementsPage /> },
        // Administration: people and the audit log for admins, teams and queues for managers too.
        {
          path: "admin",
          element: <AdminLayout />,
          children: [
            { index: true, element: <AdminIndex /> },
            { path: "people", element: <PeoplePage /> },
            { path: "teams", element: <TeamsPage /> },
            { path: "queues", element: <QueuesPage /> },
            { path: "audit", element: <AuditPage /> },
            { path: "flags", element: <FlagsPage /> },
          ],
        },
        { path: "contacts", element: <ContactsPage /> },
        { path: "contacts/:contactId", element: <ContactsPage /> },
        { path: "organizations", element: <OrganizationsPage /> },
        { path: "organizations/:organizationId", element: <OrganizationsPage /> },
        // Staff: the inbox and the archive; customers: their messages. Each with the open conversation's id.
        { path: "inbox", element: <ConversationsPage /> },
        { path: "inbox/:conversationId", element: <ConversationsPage /> },
        { path: "inbox/archived", element: <ConversationsPage /> },
        { path: "inbox/archived/:conversationId", element: <ConversationsPage /> },
        { path: "messages", element: <ConversationsPage /> },
        { path: "messages/:conversationId", element: <ConversationsPage /> },
        { path: ":view", element: <TicketsPage /> },
        { path: ":view/:ticketId", element: <TicketsPage /> },
        { path: "*", element: <Navigate to="/" replace /> },
      ],
    },
  ]);
}
