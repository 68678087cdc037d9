import { userErrorMessages } from "../api/errors";
import { translations } from "../i18n/i18n.svelte";

/** What the page of a site administrator's emailed link says: to the customer's person, who has no portal account. */
export const t = translations({
  en: {
    title: "Site administrator invitation",
    checking: "Checking your invitation…",
    invitedBy: "{partner}, your installer, invites you to be an administrator of the site {site}.",
    whatItMeans:
      "As an administrator you run the site in the access-control service: its doors, people and devices. You need no account on this portal, which is your installer's.",
    expires: "This invitation expires on {date}.",
    accept: "Accept the invitation",
    accepting: "Accepting…",
    acceptedTitle: "You are now an administrator of {site}",
    nextSteps:
      "What happens next: you run {site} in the access-control service, not here. Sign in there with the email address this invitation was sent to. {partner}, your installer, keeps looking after the site's setup and credits.",
    PENDING: "",
    EXPIRED: "This invitation link has expired. Ask your installer, {partner}, to send you a new one.",
    ACCEPTED:
      "This invitation was already accepted: you run {site} in the access-control service, and there is nothing more to do here. If it was not you, contact your installer, {partner}.",
    REVOKED: "This invitation was withdrawn and can no longer be used. Ask your installer, {partner}, for a new one if you still need it.",
    REPLACED: "A newer invitation replaced this one: use the link in the most recent email, or ask your installer, {partner}, for a new one.",
    invalid: "This invitation link is not valid. Open the link from your email again, or ask your installer for a new one.",
  },
  es: {
    title: "Invitación de administrador del sitio",
    checking: "Comprobando su invitación…",
    invitedBy: "{partner}, su instalador, le invita a ser administrador del sitio {site}.",
    whatItMeans:
      "Como administrador, gestionará el sitio en el servicio de control de acceso: sus puertas, personas y dispositivos. No necesita una cuenta en este portal, que es el de su instalador.",
    expires: "Esta invitación caduca el {date}.",
    accept: "Aceptar la invitación",
    accepting: "Aceptando…",
    acceptedTitle: "Ya es administrador de {site}",
    nextSteps:
      "Qué sigue: gestionará {site} en el servicio de control de acceso, no aquí. Inicie sesión allí con el correo electrónico al que se envió esta invitación. {partner}, su instalador, sigue ocupándose de la configuración y los créditos del sitio.",
    PENDING: "",
    EXPIRED: "Este enlace de invitación ha caducado. Pida a su instalador, {partner}, que le envíe uno nuevo.",
    ACCEPTED:
      "Esta invitación ya se aceptó: gestiona {site} en el servicio de control de acceso y no hay nada más que hacer aquí. Si no fue usted, contacte con su instalador, {partner}.",
    REVOKED: "Esta invitación se retiró y ya no se puede usar. Pida una nueva a su instalador, {partner}, si aún la necesita.",
    REPLACED: "Una invitación más reciente sustituyó a esta: use el enlace del correo más reciente o pida uno nuevo a su instalador, {partner}.",
    invalid: "Este enlace de invitación no es válido. Abra de nuevo el enlace de su correo o pida uno nuevo a su instalador.",
  },
});

/** The refusals of acceptSiteAdministratorInvitation, by code. */
export const acceptErrorMessage = userErrorMessages({
  en: {
    INVITATION_EXPIRED: "This invitation link has expired. Ask your installer to send you a new one.",
    INVITATION_INVALID: "This invitation can no longer be accepted: it was already used, replaced or withdrawn. Ask your installer for a new one.",
  },
  es: {
    INVITATION_EXPIRED: "Este enlace de invitación ha caducado. Pida a su instalador que le envíe uno nuevo.",
    INVITATION_INVALID: "Esta invitación ya no se puede aceptar: ya se usó, se sustituyó o se retiró. Pida una nueva a su instalador.",
  },
});
