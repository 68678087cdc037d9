import { registerEnumType } from "type-graphql";

/** The languages of the portal and of its emails; the values are the client's and Intl's language codes. */
export enum Language {
  EN = "en",
  ES = "es",
}
registerEnumType(Language, {
  name: "Language",
  description: "A language of the portal and of the emails it sends.",
  valuesConfig: { EN: { description: "English" }, ES: { description: "Spanish (español)" } },
});
