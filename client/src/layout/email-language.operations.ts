import { UserErrorFields } from "../api/errors";
import { graphql } from "../api/graphql";

export const MyEmailLanguageQuery = graphql(`
  query MyEmailLanguage {
    me {
      id
      preferredLanguage
    }
  }
`);

export const SetPreferredLanguageMutation = graphql(
  `
    mutation SetPreferredLanguage($input: SetPreferredLanguageInput!) {
      setPreferredLanguage(input: $input) {
        admin {
          id
          preferredLanguage
        }
        userErrors {
          ...UserErrorFields
        }
      }
    }
  `,
  [UserErrorFields],
);
