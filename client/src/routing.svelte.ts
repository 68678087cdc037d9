/**
 * Every route of the client, kept in the address bar so reload and Back work (the server
 * answers any of them with index.html). App.svelte shows the public ones; the signed-in
 * shell (layout/SignedIn.svelte) the screens. "/" is the way in (it becomes /sites once
 * signed in); any other path is not found.
 */
export const routes = ["/sites", "/history", "/admins", "/sign-up", "/reset-password", "/privacy", "/terms", "/site-invitation"] as const;
export type Route = (typeof routes)[number];

const state = $state({ path: window.location.pathname, search: window.location.search });

window.addEventListener("popstate", () => {
  state.path = window.location.pathname;
  state.search = window.location.search;
});

export const route = {
  /** The route of the address; null for any other path (such as "/"). */
  get path(): Route | null {
    return routes.find((known) => known === state.path) ?? null;
  },
  /** True for a path that is no route of the client (nor "/"): the not-found page. */
  get unknown(): boolean {
    return state.path !== "/" && !routes.some((known) => known === state.path);
  },
  /** A query-string parameter of the current address, e.g. the sign-up `token`. */
  param(name: string): string {
    return new URLSearchParams(state.search).get(name) ?? "";
  },
};

export function navigate(path: Route, search = ""): void {
  window.history.pushState({}, "", path + search);
  state.path = path;
  state.search = search;
}

/** Shows another route in place of this one, without a new entry in the history (e.g. "/" → "/sites"). */
export function replace(path: Route): void {
  window.history.replaceState({}, "", path + state.search);
  state.path = path;
}

/** A click on a link to a route: stays in the page, unless a modifier key asks for a new tab or window. */
export function followLink(event: MouseEvent, path: Route): void {
  if (event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  navigate(path);
}
