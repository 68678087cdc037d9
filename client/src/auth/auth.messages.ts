import { userErrorMessages } from "../api/errors";
import { translations } from "../i18n/i18n.svelte";
import type { AdminRole } from "./auth.operations";

/** What the sign-up, log-in and password screens say to people. */
export const t = translations({
  en: {
    loading: "Loading…",
    tryAgain: "Try again",
    email: "Email",
    password: "Password",
    name: "Name",
    partner: "Partner",
    level: "Level",
    logInTitle: "Log in",
    logIn: "Log in",
    loggingIn: "Logging in…",
    forgotPassword: "Forgot your password?",
    signUpTitle: "Sign Up",
    signUpIntro: "You are invited to the Partner Portal. Choose your name and password to accept.",
    signUp: "Sign Up",
    signingUp: "Signing up…",
    checkingInvitation: "Checking your invitation…",
    invitationExpires: "This invitation expires on {date}.",
    invalidLink:
      "This sign-up link is not valid: it has expired, was already used or was replaced by a newer one. Ask an Administrator of your company to send you a new invitation.",
    missingToken: "This sign-up link is incomplete. Open the link from your invitation email again.",
    minimumPassword: "At least {min} characters.",
    acceptPrivacyPolicy: "I accept the Privacy Policy",
    acceptTermsOfUsage: "I accept the Terms of Usage",
    readPrivacyPolicy: "Read the Privacy Policy",
    readTermsOfUsage: "Read the Terms of Usage",
    privacyPolicy: "Privacy Policy",
    termsOfUsage: "Terms of Usage",
    opensInNewTab: "(opens in a new tab)",
    emailFixed: "The email comes from your invitation and cannot be changed later.",
    resetRequestTitle: "Forgotten password",
    resetRequestIntro: "Enter the email you log in with. If it belongs to an admin, we send a link to choose a new password; it works for one hour.",
    sendResetLink: "Send the link",
    sendingResetLink: "Sending…",
    resetRequested: "If {email} belongs to an admin of the portal, an email with a link to choose a new password is on its way. Check your inbox (and the spam folder).",
    backToLogIn: "Back to Log in",
    resetTitle: "Choose a new password",
    newPassword: "New password",
    savePassword: "Save the new password",
    savingPassword: "Saving…",
    passwordChanged: "Your password has been changed and every other session has been ended. Log in with the new password.",
    requestNewLink: "Ask for a new link",
    version: "Version {version}",
  },
  es: {
    loading: "Cargando…",
    tryAgain: "Reintentar",
    email: "Correo electrónico",
    password: "Contraseña",
    name: "Nombre",
    partner: "Partner",
    level: "Nivel",
    logInTitle: "Iniciar sesión",
    logIn: "Iniciar sesión",
    loggingIn: "Iniciando sesión…",
    forgotPassword: "¿Olvidó su contraseña?",
    signUpTitle: "Registrarse",
    signUpIntro: "Le han invitado al Partner Portal. Elija su nombre y su contraseña para aceptar.",
    signUp: "Registrarse",
    signingUp: "Registrando…",
    checkingInvitation: "Comprobando su invitación…",
    invitationExpires: "Esta invitación caduca el {date}.",
    invalidLink:
      "Este enlace de registro no es válido: ha caducado, ya se usó o fue sustituido por uno más reciente. Pida a un Administrador de su empresa que le envíe una nueva invitación.",
    missingToken: "Este enlace de registro está incompleto. Abra de nuevo el enlace del correo de invitación.",
    minimumPassword: "Al menos {min} caracteres.",
    acceptPrivacyPolicy: "Acepto la Política de privacidad",
    acceptTermsOfUsage: "Acepto los Términos de uso",
    readPrivacyPolicy: "Leer la Política de privacidad",
    readTermsOfUsage: "Leer los Términos de uso",
    privacyPolicy: "Política de privacidad",
    termsOfUsage: "Términos de uso",
    opensInNewTab: "(se abre en una pestaña nueva)",
    emailFixed: "El correo electrónico es el de su invitación y no podrá cambiarse después.",
    resetRequestTitle: "Contraseña olvidada",
    resetRequestIntro: "Escriba el correo electrónico con el que inicia sesión. Si pertenece a un administrador, le enviaremos un enlace para elegir una contraseña nueva; sirve durante una hora.",
    sendResetLink: "Enviar el enlace",
    sendingResetLink: "Enviando…",
    resetRequested: "Si {email} pertenece a un administrador del portal, va de camino un correo con un enlace para elegir una contraseña nueva. Revise su bandeja de entrada (y la carpeta de spam).",
    backToLogIn: "Volver a Iniciar sesión",
    resetTitle: "Elija una contraseña nueva",
    newPassword: "Contraseña nueva",
    savePassword: "Guardar la contraseña nueva",
    savingPassword: "Guardando…",
    passwordChanged: "Su contraseña se ha cambiado y se han cerrado todas las demás sesiones. Inicie sesión con la contraseña nueva.",
    requestNewLink: "Pedir un enlace nuevo",
    version: "Versión {version}",
  },
});

const roles = translations({
  en: { OBSERVER: "Observer", OPERATOR: "Operator", ADMINISTRATOR: "Administrator", MASTER: "Master" },
  es: { OBSERVER: "Observador", OPERATOR: "Operador", ADMINISTRATOR: "Administrador", MASTER: "Master" },
});

/** A level's name in the current language. */
export function roleName(role: AdminRole): string {
  return roles(role);
}

/** The password lengths the server accepts (server/auth/passwords.ts). */
export const passwordRules = { min: 10, max: 200 };

/** The server's userErrors of sign-up, log-in and password reset, by code. */
export const userErrorMessage = userErrorMessages({
  en: {
    INVITATION_INVALID:
      "This sign-up link is no longer valid: it was already used, replaced by a newer invitation, or revoked. Ask your Administrator to send a new one.",
    INVITATION_EXPIRED: "This sign-up link has expired. Ask your Administrator to send a new invitation.",
    PRIVACY_POLICY_NOT_ACCEPTED: "Accept the Privacy Policy to sign up.",
    TERMS_NOT_ACCEPTED: "Accept the Terms of Usage to sign up.",
    INVALID_NAME: "Enter your name (at most {max} characters).",
    INVALID_PASSWORD: "Choose a password of {min} to {max} characters.",
    INVALID_CREDENTIALS: "The email or password is not correct.",
    TOO_MANY_ATTEMPTS: "Too many failed log-ins. Try again in {minutes} minutes.",
    "TOO_MANY_ATTEMPTS.minutes=1": "Too many failed log-ins. Try again in 1 minute.",
    INVALID_EMAIL: "Enter your email address, such as name@example.com.",
    PASSWORD_REQUIRED: "Enter your password.",
    PARTNER_NOT_ACTIVE: "Your partner is not active yet: its Master must sign up first.",
    RESET_LINK_INVALID: "This password-reset link is no longer valid: it was already used or replaced by a newer one. Ask for a new link.",
    RESET_LINK_EXPIRED: "This password-reset link has expired (links last one hour). Ask for a new link.",
  },
  es: {
    INVITATION_INVALID:
      "Este enlace de registro ya no es válido: ya se usó, fue sustituido por una invitación más reciente o se revocó. Pida a su Administrador que le envíe uno nuevo.",
    INVITATION_EXPIRED: "Este enlace de registro ha caducado. Pida a su Administrador que le envíe una nueva invitación.",
    PRIVACY_POLICY_NOT_ACCEPTED: "Acepte la Política de privacidad para registrarse.",
    TERMS_NOT_ACCEPTED: "Acepte los Términos de uso para registrarse.",
    INVALID_NAME: "Escriba su nombre (como máximo {max} caracteres).",
    INVALID_PASSWORD: "Elija una contraseña de {min} a {max} caracteres.",
    INVALID_CREDENTIALS: "El correo electrónico o la contraseña no son correctos.",
    TOO_MANY_ATTEMPTS: "Demasiados intentos fallidos. Inténtelo de nuevo dentro de {minutes} minutos.",
    "TOO_MANY_ATTEMPTS.minutes=1": "Demasiados intentos fallidos. Inténtelo de nuevo dentro de 1 minuto.",
    INVALID_EMAIL: "Escriba su correo electrónico, como nombre@ejemplo.com.",
    PASSWORD_REQUIRED: "Escriba su contraseña.",
    PARTNER_NOT_ACTIVE: "Su partner aún no está activo: primero debe registrarse su Master.",
    RESET_LINK_INVALID: "Este enlace para restablecer la contraseña ya no es válido: ya se usó o fue sustituido por uno más reciente. Pida un enlace nuevo.",
    RESET_LINK_EXPIRED: "Este enlace para restablecer la contraseña ha caducado (sirven una hora). Pida un enlace nuevo.",
  },
});
