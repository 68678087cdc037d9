import { translations } from "../i18n/i18n.svelte";

/** What the pager of a long list says to people. */
export const t = translations({
  en: {
    previous: "Previous page",
    next: "Next page",
    pageOf: "Page {page}",
  },
  es: {
    previous: "Página anterior",
    next: "Página siguiente",
    pageOf: "Página {page}",
  },
});
