import type { Email } from "./outbox";

/** The portal's emails: each has a text part and an HTML part with the same content. */

function escape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function layout(title: string, paragraphs: string[], action?: { label: string; url: string }): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px">${escape(p)}</p>`).join("");
  const button = action
    ? `<p style="margin:24px 0"><a href="${escape(action.url)}" style="background:#1d4ed8;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:600">${escape(action.label)}</a></p>` +
      `<p style="margin:0 0 16px;font-size:13px;color:#555">Or open this link: ${escape(action.url)}</p>`
    : "";
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111;max-width:560px;margin:24px auto"><h1 style="font-size:20px">${escape(title)}</h1>${body}${button}</body></html>`;
}

function textVersion(title: string, paragraphs: string[], action?: { label: string; url: string }): string {
  return [title, "", ...paragraphs.flatMap((p) => [p, ""]), ...(action ? [`${action.label}: ${action.url}`, ""] : [])].join("\n");
}

function email(kind: string, to: string, partnerId: string | null, title: string, paragraphs: string[], action?: { label: string; url: string }): Email {
  return { kind, to, partnerId, subject: title, text: textVersion(title, paragraphs, action), html: layout(title, paragraphs, action) };
}

const roleNames = { OBSERVER: "Observer", OPERATOR: "Operator", ADMINISTRATOR: "Administrator", MASTER: "Master" } as const;

/**
 * An admin invitation. Without a sign-up link (`signUpUrl: null`) it tells an address that is
 * already an admin of another partner (an address belongs to one partner only) that it cannot be
 * used; the inviter is not told, and sees the invitation as any other.
 */
export function adminInvitation(args: {
  to: string;
  partnerId: string;
  partnerName: string;
  role: keyof typeof roleNames;
  signUpUrl: string | null;
  expiresAt: Date;
}): Email {
  const invited = `You have been invited to join the Partner Portal of ${args.partnerName} as ${roleNames[args.role]}.`;
  const title = `You are invited to the ${args.partnerName} Partner Portal`;
  const ignore = "If you did not expect this email, you can ignore it.";
  if (!args.signUpUrl)
    return email("ADMIN_INVITATION_ADDRESS_IN_USE", args.to, args.partnerId, title, [
      invited,
      "This email address already has a Partner Portal account with another partner, and an address can belong to one partner only, so it cannot be used for this invitation.",
      `To join ${args.partnerName}, ask them to invite another email address of yours. They have not been told why.`,
      ignore,
    ]);
  return email(
    "ADMIN_INVITATION",
    args.to,
    args.partnerId,
    title,
    [invited, `Click Sign Up to choose your name and password. The link can be used once and expires on ${args.expiresAt.toUTCString()}.`, ignore],
    { label: "Sign Up", url: args.signUpUrl },
  );
}

export function siteAdministratorInvitation(args: {
  to: string;
  partnerId: string;
  partnerName: string;
  siteName: string;
  acceptUrl: string;
  expiresAt: Date;
}): Email {
  return email(
    "SITE_ADMINISTRATOR_INVITATION",
    args.to,
    args.partnerId,
    `You are invited to administer ${args.siteName}`,
    [
      `${args.partnerName} invites you to administer the site ${args.siteName}.`,
      `The link can be used once and expires on ${args.expiresAt.toUTCString()}.`,
    ],
    { label: "Accept invitation", url: args.acceptUrl },
  );
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
}): Email {
  return email(
    "LOW_CREDIT_WARNING",
    args.to,
    args.partnerId,
    `${args.siteName} runs out of credits within ${args.withinDays} days`,
    [
      `The site ${args.siteName} has ${args.credits} credits left and consumes ${args.monthlyCost} credits a month.`,
      `At that rate its credits run out on ${args.runsOutOn.toUTCString().slice(0, 16)}. Allocate credits to keep it active.`,
    ],
    { label: "Open the site", url: args.siteUrl },
  );
}

export function passwordReset(args: { to: string; partnerId: string; resetUrl: string; expiresAt: Date }): Email {
  return email(
    "PASSWORD_RESET",
    args.to,
    args.partnerId,
    "Reset your Partner Portal password",
    [
      "Someone, hopefully you, asked to reset the password of your Partner Portal account.",
      `The link can be used once and expires on ${args.expiresAt.toUTCString()}. Setting a new password signs you out everywhere.`,
      "If you did not ask for this, ignore this email: your password stays as it is.",
    ],
    { label: "Choose a new password", url: args.resetUrl },
  );
}
