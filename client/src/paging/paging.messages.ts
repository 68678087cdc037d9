import { translations } from "../i18n/i18n.svelte";

/** What the pager of a long list says to people. */
export const t = translations({
  en: {
    previous: "Previous page",
    next: "Next page",
    pageOf: "Page {page}",
    range: "{first}–{last} of {total}",
  },
  es: {
    previous: "Página anterior",
    next: "Página siguiente",
    pageOf: "Página {page}",
    range: "{first}–{last} de {total}",
  },
});
