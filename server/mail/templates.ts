import type { Language } from "../language";
import type { AdminRole } from "../roles";
import { messages, type MailContent } from "./mail.messages";
import type { Email } from "./outbox";

/**
 * The portal's emails, each in the reader's language: a text part and an HTML part with the
 * same content. Numbers and dates follow the language; times are in UTC and say so.
 */

function escape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Intl's formatters, made once per language. */
const formatters = Object.fromEntries(
  (["en", "es"] as Language[]).map((language) => [
    language,
    {
      // Grouped from 1,000 / 1.000 on, as the web client shows amounts.
      number: new Intl.NumberFormat(language, { useGrouping: "always" } as Intl.NumberFormatOptions),
      date: new Intl.DateTimeFormat(language, { dateStyle: "long", timeZone: "UTC" }),
      time: new Intl.DateTimeFormat(language, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" }),
    },
  ]),
) as Record<Language, { number: Intl.NumberFormat; date: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>;

export function formatNumber(value: number, language: Language): string {
  return formatters[language].number.format(value);
}

/** A calendar date (UTC), e.g. "January 1, 2027" / "1 de enero de 2027". */
export function formatDate(value: Date, language: Language): string {
  return formatters[language].date.format(value);
}

/** A moment with its zone, e.g. "January 1, 2027, 00:00 UTC" / "1 de enero de 2027, 00:00 UTC". */
export function formatDateTime(value: Date, language: Language): string {
  return `${formatters[language].date.format(value)}, ${formatters[language].time.format(value)} UTC`;
}

function layout(language: Language, content: MailContent, url: string | null): string {
  const body = content.paragraphs.map((p) => `<p style="margin:0 0 16px">${escape(p)}</p>`).join("");
  const button = !url
    ? ""
    : `<p style="margin:24px 0"><a href="${escape(url)}" style="background:#1d4ed8;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:600">${escape(content.action)}</a></p>` +
    `<p style="margin:0 0 16px;font-size:13px;color:#555">${escape(messages[language].orOpenLink)} ${escape(url)}</p>`;
  return `<!doctype html><html lang="${language}"><body style="font-family:system-ui,sans-serif;color:#111;max-width:560px;margin:24px auto"><h1 style="font-size:20px">${escape(content.subject)}</h1>${body}${button}</body></html>`;
}

function textVersion(content: MailContent, url: string | null): string {
  return [content.subject, "", ...content.paragraphs.flatMap((p) => [p, ""]), ...(url ? [`${content.action}: ${url}`, ""] : [])].join("\n");
}

/** An email; without a url it has no button and no link. */
function email(kind: string, to: string, partnerId: string | null, language: Language, content: MailContent, url: string | null): Email {
  return { kind, to, partnerId, subject: content.subject, text: textVersion(content, url), html: layout(language, content, url) };
}

/**
 * An admin invitation. Without a sign-up link (`signUpUrl: null`) it tells an address that is
 * already an admin of another partner (an address belongs to one partner only) that it cannot be
 * used; the inviter is not told, and sees the invitation as any other.
 */
export function adminInvitation(args: {
  to: string;
  partnerId: string;
  partnerName: string;
  role: AdminRole;
  signUpUrl: string | null;
  expiresAt: Date;
  language: Language;
}): Email {
  const say = messages[args.language];
  if (!args.signUpUrl) {
    const content = say.adminInvitationAddressInUse({ partnerName: args.partnerName, role: say.roleNames[args.role] });
    return email("ADMIN_INVITATION_ADDRESS_IN_USE", args.to, args.partnerId, args.language, content, null);
  }
  const content = say.adminInvitation({ partnerName: args.partnerName, role: say.roleNames[args.role], expiresAt: formatDateTime(args.expiresAt, args.language) });
  return email("ADMIN_INVITATION", args.to, args.partnerId, args.language, content, args.signUpUrl);
}

export function siteAdministratorInvitation(args: {
  to: string;
  partnerId: string;
  partnerName: string;
  siteName: string;
  acceptUrl: string;
  expiresAt: Date;
  language: Language;
}): Email {
  const content = messages[args.language].siteAdministratorInvitation({
    partnerName: args.partnerName,
    siteName: args.siteName,
    expiresAt: formatDateTime(args.expiresAt, args.language),
  });
  return email("SITE_ADMINISTRATOR_INVITATION", args.to, args.partnerId, args.language, content, args.acceptUrl);
}

export function lowCreditWarning(args: {
  to: string;
  partnerId: string;
  siteName: string;
  credits: number;
  monthlyCost: number;
  withinDays: number;
  runsOutOn: Date;
  siteUrl: string;
  language: Language;
}): Email {
  const number = (value: number) => formatNumber(value, args.language);
  const content = messages[args.language].lowCreditWarning({
    siteName: args.siteName,
    credits: number(args.credits),
    monthlyCost: number(args.monthlyCost),
    withinDays: number(args.withinDays),
    runsOutOn: formatDate(args.runsOutOn, args.language),
  });
  return email("LOW_CREDIT_WARNING", args.to, args.partnerId, args.language, content, args.siteUrl);
}

export function passwordReset(args: { to: string; partnerId: string; resetUrl: string; expiresAt: Date; language: Language }): Email {
  const content = messages[args.language].passwordReset({ expiresAt: formatDateTime(args.expiresAt, args.language) });
  return email("PASSWORD_RESET", args.to, args.partnerId, args.language, content, args.resetUrl);
}
