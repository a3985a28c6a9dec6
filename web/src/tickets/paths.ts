import type { ViewKey } from "../live";

/** The tickets feature's URLs: a view, and optionally a ticket open beside it, e.g. #/mine/37. */
export const ticketsPath = (view: ViewKey, ticketId?: number | null) => (ticketId ? `/${view}/${ticketId}` : `/${view}`);

/** The ticket id in a route parameter, or null when there is none or it is not a positive integer. */
export function ticketIdFrom(param: string | undefined): number | null {
  const id = Number(param);
  return param !== undefined && Number.isInteger(id) && id > 0 ? id : null;
}
