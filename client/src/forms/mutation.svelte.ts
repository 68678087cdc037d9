import { getContextClient, type AnyVariables, type CombinedError, type DocumentInput } from "@urql/svelte";
import { fieldOf, hasCode, type UserError } from "../api/errors";
import { sessionMayBeStale } from "../auth/session";

/** A mutation's payload: the one field of its result. */
type Payload<Data> = Data[keyof Data];

/**
 * What a form needs of the mutation it sends: whether it is on its way (`submitting`), the
 * request's failure (`error`) and the payload's `userErrors`, for FormErrors and Field to show.
 * Create it while the component is set up: it takes the app's GraphQL client from the context.
 */
export class Mutation {
  submitting = $state(false);
  error = $state<CombinedError>();
  userErrors = $state<UserError[]>([]);
  readonly #client = getContextClient();

  /** Sends the mutation; its payload when the server did it (no userErrors), else null (then `error` or `userErrors` say why). */
  async send<Data, Variables extends AnyVariables>(document: DocumentInput<Data, Variables>, variables: Variables): Promise<Payload<Data> | null> {
    this.submitting = true;
    const result = await this.#client.mutation(document, variables).toPromise();
    this.submitting = false;
    this.error = result.error;
    if (hasCode(result.error, "FORBIDDEN")) sessionMayBeStale();
    const payload = result.data ? (Object.values(result.data)[0] as Payload<Data> | null) : null;
    this.userErrors = (payload as { userErrors?: UserError[] } | null)?.userErrors ?? [];
    return payload && this.userErrors.length === 0 ? payload : null;
  }

  /**
   * The client's own checks before sending (see checks.ts): every problem found shows at once,
   * under its field, and the last answer is forgotten. True when there is none, to send.
   */
  check(problems: (UserError | null)[]): boolean {
    this.error = undefined;
    this.userErrors = problems.filter((problem) => problem !== null);
    return this.userErrors.length === 0;
  }

  /** Forgets the last answer, e.g. when a dialog opens again. */
  reset(): void {
    this.error = undefined;
    this.userErrors = [];
  }

  /** Editing a field answers its userErrors: they go away until the next send. */
  answered(field: string): void {
    this.userErrors = this.userErrors.filter((userError) => fieldOf(userError) !== field);
  }
}
