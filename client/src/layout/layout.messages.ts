import { translations } from "../i18n/i18n.svelte";

export const t = translations({
  en: {
    title: "Partner Portal",
    navigation: "Main",
    sites: "Sites",
    history: "Credit History",
    admins: "Admin",
    language: "Language",
    logOut: "Log out",
    loggingOut: "Logging out…",
    loading: "Loading…",
    tryAgain: "Try again",
    skipToContent: "Skip to content",
    signedInAs: "Signed in as {name} ({level})",
  },
  es: {
    title: "Partner Portal",
    navigation: "Principal",
    sites: "Sitios",
    history: "Historial de créditos",
    admins: "Administración",
    language: "Idioma",
    logOut: "Cerrar sesión",
    loggingOut: "Cerrando sesión…",
    loading: "Cargando…",
    tryAgain: "Reintentar",
    skipToContent: "Saltar al contenido",
    signedInAs: "Sesión iniciada como {name} ({level})",
  },
});
