import { translations, type Language } from "./i18n.svelte";

/** The API's name of a language (the Language enum of schema.graphql). */
export type ApiLanguage = "EN" | "ES";

export function apiLanguage(language: Language): ApiLanguage {
  return language === "es" ? "ES" : "EN";
}

export function fromApiLanguage(language: ApiLanguage): Language {
  return language === "ES" ? "es" : "en";
}

/** Choosing the language of the emails someone gets. */
export const t = translations({
  en: {
    invitationLanguage: "Write the invitation in",
    invitationLanguageHint: "The person gets the email, and the page its link opens, in this language.",
    myEmailsLanguage: "Mail me in",
    myEmailsLanguageHint: "The language of the emails the portal sends you: password resets and low-credit warnings.",
    saved: "Your emails will be in {language}.",
    notSaved: "The language of your emails could not be changed. Try again.",
  },
  es: {
    invitationLanguage: "Redactar la invitación en",
    invitationLanguageHint: "La persona recibirá el correo, y verá la página de su enlace, en este idioma.",
    myEmailsLanguage: "Recibir mis correos en",
    myEmailsLanguageHint: "El idioma de los correos que le envía el portal: restablecimiento de contraseña y avisos de créditos bajos.",
    saved: "Sus correos estarán en {language}.",
    notSaved: "No se ha podido cambiar el idioma de sus correos. Vuelva a intentarlo.",
  },
});
