import type { Language } from "../language";
import type { AdminRole } from "../roles";

/** What an email says: its subject (also its heading), its paragraphs and the label of its one button. */
export interface MailContent {
  subject: string;
  paragraphs: string[];
  action: string;
}

/** Values arrive formatted for the language already (numbers, dates, times with their zone). */
interface MailMessages {
  orOpenLink: string;
  roleNames: Record<AdminRole, string>;
  adminInvitation(a: { partnerName: string; role: string; expiresAt: string }): MailContent;
  /** To an address that is already an admin of another partner: no link, and no other partner named. */
  adminInvitationAddressInUse(a: { partnerName: string; role: string }): MailContent;
  siteAdministratorInvitation(a: { partnerName: string; siteName: string; expiresAt: string }): MailContent;
  lowCreditWarning(a: { siteName: string; credits: string; monthlyCost: string; withinDays: string; runsOutOn: string }): MailContent;
  passwordReset(a: { expiresAt: string }): MailContent;
}

/** The portal's emails in each language. */
export const messages: Record<Language, MailMessages> = {
  en: {
    orOpenLink: "Or open this link:",
    roleNames: { OBSERVER: "Observer", OPERATOR: "Operator", ADMINISTRATOR: "Administrator", MASTER: "Master" },
    adminInvitation: (a) => ({
      subject: `You are invited to the ${a.partnerName} Partner Portal`,
      paragraphs: [
        `You have been invited to join the Partner Portal of ${a.partnerName} as ${a.role}.`,
        `Click Sign Up to choose your name and password. The link can be used once and expires on ${a.expiresAt}.`,
        "If you did not expect this email, you can ignore it.",
      ],
      action: "Sign Up",
    }),
    adminInvitationAddressInUse: (a) => ({
      subject: `You are invited to the ${a.partnerName} Partner Portal`,
      paragraphs: [
        `You have been invited to join the Partner Portal of ${a.partnerName} as ${a.role}.`,
        "This email address already has a Partner Portal account with another partner, and an address can belong to one partner only, so it cannot be used for this invitation.",
        `To join ${a.partnerName}, ask them to invite another email address of yours. They have not been told why.`,
        "If you did not expect this email, you can ignore it.",
      ],
      action: "",
    }),
    siteAdministratorInvitation: (a) => ({
      subject: `You are invited to administer ${a.siteName}`,
      paragraphs: [`${a.partnerName} invites you to administer the site ${a.siteName}.`, `The link can be used once and expires on ${a.expiresAt}.`],
      action: "Accept invitation",
    }),
    lowCreditWarning: (a) => ({
      subject: `${a.siteName} runs out of credits within ${a.withinDays} days`,
      paragraphs: [
        `The site ${a.siteName} has ${a.credits} credits left and consumes ${a.monthlyCost} credits a month.`,
        `At that rate its credits run out on ${a.runsOutOn}. Allocate credits to keep it active.`,
      ],
      action: "Open the site",
    }),
    passwordReset: (a) => ({
      subject: "Reset your Partner Portal password",
      paragraphs: [
        "Someone, hopefully you, asked to reset the password of your Partner Portal account.",
        `The link can be used once and expires on ${a.expiresAt}. Setting a new password signs you out everywhere.`,
        "If you did not ask for this, ignore this email: your password stays as it is.",
      ],
      action: "Choose a new password",
    }),
  },
  es: {
    orOpenLink: "O abra este enlace:",
    roleNames: { OBSERVER: "Observador", OPERATOR: "Operador", ADMINISTRATOR: "Administrador", MASTER: "Master" },
    adminInvitation: (a) => ({
      subject: `Invitación al Partner Portal de ${a.partnerName}`,
      paragraphs: [
        `Le han invitado a unirse al Partner Portal de ${a.partnerName} con el nivel ${a.role}.`,
        `Pulse Registrarse para elegir su nombre y su contraseña. El enlace solo puede usarse una vez y caduca el ${a.expiresAt}.`,
        "Si no esperaba este correo, puede ignorarlo.",
      ],
      action: "Registrarse",
    }),
    adminInvitationAddressInUse: (a) => ({
      subject: `Invitación al Partner Portal de ${a.partnerName}`,
      paragraphs: [
        `Le han invitado a unirse al Partner Portal de ${a.partnerName} con el nivel ${a.role}.`,
        "Esta dirección de correo ya tiene una cuenta del Partner Portal con otro partner, y una dirección solo puede pertenecer a un partner, así que no puede usarse para esta invitación.",
        `Para unirse a ${a.partnerName}, pídales que inviten otra dirección de correo suya. No se les ha dicho el motivo.`,
        "Si no esperaba este correo, puede ignorarlo.",
      ],
      action: "",
    }),
    siteAdministratorInvitation: (a) => ({
      subject: `Invitación para administrar ${a.siteName}`,
      paragraphs: [`${a.partnerName} le invita a administrar el sitio ${a.siteName}.`, `El enlace solo puede usarse una vez y caduca el ${a.expiresAt}.`],
      action: "Aceptar la invitación",
    }),
    lowCreditWarning: (a) => ({
      subject: `A ${a.siteName} se le acaban los créditos en menos de ${a.withinDays} días`,
      paragraphs: [
        `Al sitio ${a.siteName} le quedan ${a.credits} créditos y consume ${a.monthlyCost} créditos al mes.`,
        `A ese ritmo, sus créditos se agotan el ${a.runsOutOn}. Asígnele créditos para que siga activo.`,
      ],
      action: "Abrir el sitio",
    }),
    passwordReset: (a) => ({
      subject: "Restablezca su contraseña del Partner Portal",
      paragraphs: [
        "Alguien, esperamos que usted, ha pedido restablecer la contraseña de su cuenta del Partner Portal.",
        `El enlace solo puede usarse una vez y caduca el ${a.expiresAt}. Al elegir una contraseña nueva se cerrarán todas sus sesiones.`,
        "Si no lo ha pedido usted, ignore este correo: su contraseña no cambia.",
      ],
      action: "Elegir una contraseña nueva",
    }),
  },
};
