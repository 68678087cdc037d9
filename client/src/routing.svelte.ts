/** The client's few routes, kept in the address bar so reload and Back work. */
export type Route = "/sites" | "/history" | "/admins" | "/sign-up" | "/reset-password";

const state = $state({ path: window.location.pathname, search: window.location.search });

window.addEventListener("popstate", () => {
  state.path = window.location.pathname;
  state.search = window.location.search;
});

export const route = {
  get path(): string {
    return state.path;
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
