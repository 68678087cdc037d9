import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../context";
import { payload } from "../errors";
import {
  AuthPayload,
  InvitationPreview,
  LogInInput,
  LogOutPayload,
  PasswordResetPayload,
  RequestPasswordResetInput,
  ResetPasswordInput,
  SignUpInput,
} from "./auth.inputs";
import type { SignedIn } from "./auth.service";
import { sessionCookie } from "./sessions";

/** The browser or client a session starts from, kept with the session for its owner to recognise. */
const userAgent = (ctx: Context) => ctx.req.get("user-agent") ?? null;

/** The web client's session: an httpOnly, SameSite=Strict cookie (Secure in production). */
function setSessionCookie(ctx: Context, signedIn: SignedIn): SignedIn {
  ctx.res.cookie(sessionCookie, signedIn.token, {
    httpOnly: true,
    sameSite: "strict",
    secure: ctx.services.config.env === "production",
    path: "/",
    expires: signedIn.expiresAt,
  });
  return signedIn;
}

@Resolver()
export class AuthResolver {
  @Query(() => InvitationPreview, { nullable: true, description: "Public. Null when the token is unknown, used, revoked or expired." })
  invitation(@Arg("token") token: string, @Ctx() ctx: Context): Promise<InvitationPreview | null> {
    return ctx.services.auth.preview(token);
  }

  @Mutation(() => AuthPayload, { description: "Completes an invitation and signs the new admin in." })
  signUp(@Arg("input") input: SignUpInput, @Ctx() ctx: Context): Promise<AuthPayload> {
    return payload(async () => setSessionCookie(ctx, await ctx.services.auth.signUp(input, ctx.clientAddress, userAgent(ctx))));
  }

  @Mutation(() => AuthPayload)
  logIn(@Arg("input") input: LogInInput, @Ctx() ctx: Context): Promise<AuthPayload> {
    return payload(async () => setSessionCookie(ctx, await ctx.services.auth.logIn(input, ctx.clientAddress, userAgent(ctx))));
  }

  @Mutation(() => LogOutPayload, { description: "Ends the caller's session on the server and clears the web client's session cookie. API tokens are not affected." })
  async logOut(@Ctx() ctx: Context): Promise<LogOutPayload> {
    await ctx.services.transactor.run(async (manager) => {
      if (ctx.caller.kind === "admin") await ctx.services.sessions.end(manager, ctx.caller.sessionId);
      await ctx.services.audit.record(manager, ctx.acting, { action: "logOut", input: null, result: { ok: true } });
    });
    ctx.res.clearCookie(sessionCookie, { httpOnly: true, sameSite: "strict", secure: ctx.services.config.env === "production", path: "/" });
    return { ok: true };
  }

  @Mutation(() => PasswordResetPayload, { description: "Mails a one-hour, single-use reset link if the email belongs to an admin; the answer is the same either way." })
  async requestPasswordReset(@Arg("input") input: RequestPasswordResetInput, @Ctx() ctx: Context): Promise<PasswordResetPayload> {
    await ctx.services.passwordReset.request(ctx.acting, input.email);
    return { ok: true, userErrors: [] };
  }

  @Mutation(() => PasswordResetPayload, { description: "Sets a new password from a reset link, ends every session of the admin and revokes the API tokens they created." })
  resetPassword(@Arg("input") input: ResetPasswordInput, @Ctx() ctx: Context): Promise<PasswordResetPayload> {
    return payload(async () => {
      await ctx.services.passwordReset.reset(input, ctx.clientAddress);
      return { ok: true };
    }).then((result) => ({ ...result, ok: result.userErrors.length === 0 }));
  }
}
