import { getContext, setContext } from "svelte";
import type { AdminRole } from "./auth.operations";

/** The signed-in admin, as `me` returned it; provided once by the signed-in layout. */
export interface Session {
  id: string;
  email: string;
  name: string | null;
  role: AdminRole;
}

const key = Symbol("session");

let refresh: (() => void) | null = null;

/** Set by the page that asked the server who is signed in: how to ask again. */
export function onSessionStale(ask: () => void): void {
  refresh = ask;
}

/**
 * The server refused for lack of level: the person's level may have changed since `me` was
 * read (someone demoted them). Asking again shows the level they have now, in the header,
 * and offers only what it allows.
 */
export function sessionMayBeStale(): void {
  refresh?.();
}

export function setSession(session: () => Session): void {
  setContext(key, session);
}

/** The signed-in admin; call during component set-up, read the result where needed. */
export function getSession(): () => Session {
  return getContext<() => Session>(key);
}

const rank: Record<AdminRole, number> = { OBSERVER: 1, OPERATOR: 2, ADMINISTRATOR: 3, MASTER: 4 };

export function atLeast(role: AdminRole, minimum: AdminRole): boolean {
  return rank[role] >= rank[minimum];
}

/**
 * What the spec's role table lets each level do; the client only offers these controls.
 * The server enforces the same table on its own: this only spares people refusals.
 */
export const abilities = {
  editSites: (role: AdminRole) => atLeast(role, "OPERATOR"),
  moveCredits: (role: AdminRole) => atLeast(role, "OPERATOR"),
  deleteSites: (role: AdminRole) => atLeast(role, "ADMINISTRATOR"),
  inviteAdmins: (role: AdminRole) => atLeast(role, "ADMINISTRATOR"),
  /** See, create and revoke the partner's API tokens (people only: a token cannot make tokens). */
  manageApiTokens: (role: AdminRole) => atLeast(role, "ADMINISTRATOR"),
  /** The levels `role` may invite at or change others to. */
  assignableRoles: (role: AdminRole): AdminRole[] =>
    role === "MASTER"
      ? ["OBSERVER", "OPERATOR", "ADMINISTRATOR", "MASTER"]
      : role === "ADMINISTRATOR"
        ? ["OBSERVER", "OPERATOR", "ADMINISTRATOR"]
        : [],
  /** Whether `role` may change the level of, remove, resend to or revoke `other` (never oneself). */
  manageAdmin: (role: AdminRole, other: { id: string; role: AdminRole }, selfId: string) =>
    other.id !== selfId && (role === "MASTER" || (role === "ADMINISTRATOR" && other.role !== "MASTER")),
};
