import { translations } from "../i18n/i18n.svelte";

/** What any request's failure tells people, by the server's error code. */
export const t = translations({
  en: {
    unreachable: "The portal cannot be reached. Check your connection and try again.",
    UNAUTHENTICATED: "Your session has ended. Log in again.",
    FORBIDDEN: "Your level does not allow this. Ask an Administrator or Master of your company.",
    RATE_LIMITED: "Too many requests. Wait a moment and try again.",
    SERVICE_UNAVAILABLE: "The portal's database cannot be reached right now. Try again in a moment.",
    INTERNAL_SERVER_ERROR: "Something went wrong on our side. Try again; if it keeps happening, contact support.",
    BAD_USER_INPUT: "Some of what was entered cannot be used. Check the form and try again.",
  },
  es: {
    unreachable: "No se puede conectar con el portal. Compruebe su conexión e inténtelo de nuevo.",
    UNAUTHENTICATED: "Su sesión ha terminado. Inicie sesión de nuevo.",
    FORBIDDEN: "Su nivel no permite esta acción. Pídaselo a un Administrador o Master de su empresa.",
    RATE_LIMITED: "Demasiadas solicitudes. Espere un momento e inténtelo de nuevo.",
    SERVICE_UNAVAILABLE: "La base de datos del portal no está disponible en este momento. Inténtelo de nuevo en un momento.",
    INTERNAL_SERVER_ERROR: "Algo ha fallado por nuestra parte. Inténtelo de nuevo; si sigue ocurriendo, contacte con soporte.",
    BAD_USER_INPUT: "Parte de lo introducido no se puede usar. Revise el formulario e inténtelo de nuevo.",
  },
});
