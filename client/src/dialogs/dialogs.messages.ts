import { translations } from "../i18n/i18n.svelte";

export const t = translations({
  en: { close: "Close" },
  es: { close: "Cerrar" },
});
