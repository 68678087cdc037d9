import { translations } from "../i18n/i18n.svelte";

/**
 * The texts a person accepts at sign-up. The versions must match what the server stores
 * with the acceptance (policyVersions in server/auth/auth.messages.ts).
 */
export const policyVersions = { privacy: "2026-01", terms: "2026-01" };

export const t = translations({
  en: {
    privacyTitle: "Privacy Policy",
    privacy1:
      "The Partner Portal is run by the distributor of the access-control service for its value-added resellers (partners). This policy says what personal data the portal keeps about partner admins and why.",
    privacy2:
      "We keep your name, your work email, your level, when you were invited and by whom, when you signed up and logged in, the versions of this policy and of the Terms of Usage you accepted, and a record of the changes you make (the audit log). Your password is stored only as a one-way hash.",
    privacy3:
      "We use this data only to run the portal: to sign you in, to show your colleagues who has access, to send you invitations, password-reset links and low-credit warnings, and to keep the history of credits and changes that the distribution agreement requires.",
    privacy4:
      "Your data is not sold or shared with third parties, except the mail provider that delivers the portal's emails. The session cookie is strictly necessary; the only other thing the portal keeps in your browser is your choice of language.",
    privacy5:
      "You can ask your partner's Master or the distributor to see, correct or delete your data. When you are removed from the portal, your access ends at once; the record of past changes is kept as long as the distribution agreement requires.",
    termsTitle: "Terms of Usage",
    terms1:
      "These terms apply to every person who uses the Partner Portal on behalf of a partner. By signing up you accept them and the Privacy Policy.",
    terms2:
      "Your account is personal. Keep your password secret, do not share your account, and tell your partner's Master at once if you think someone else has used it.",
    terms3:
      "Use the portal only to manage your company's customer sites, credits and staff, within the level you were given. End customers must not be added as partner admins.",
    terms4:
      "Credits moved between your partner's pool and its sites are recorded and cannot be undone except by an opposite movement; you are responsible for the movements you make.",
    terms5:
      "The distributor may suspend access that breaks these terms or the distribution agreement. These terms may change; you will be asked to accept a new version before you go on using the portal.",
    version: "Version {version}",
    back: "Back to the portal",
  },
  es: {
    privacyTitle: "Política de privacidad",
    privacy1:
      "El Partner Portal lo gestiona el distribuidor del servicio de control de accesos para sus revendedores de valor agregado (partners). Esta política explica qué datos personales guarda el portal sobre los administradores de los partners y por qué.",
    privacy2:
      "Guardamos su nombre, su correo electrónico de trabajo, su nivel, cuándo y quién le invitó, cuándo se registró e inició sesión, las versiones de esta política y de los Términos de uso que aceptó, y un registro de los cambios que hace (el registro de auditoría). Su contraseña solo se guarda como un hash irreversible.",
    privacy3:
      "Usamos estos datos solo para hacer funcionar el portal: para iniciar su sesión, para mostrar a sus compañeros quién tiene acceso, para enviarle invitaciones, enlaces para restablecer la contraseña y avisos de créditos bajos, y para conservar el historial de créditos y cambios que exige el acuerdo de distribución.",
    privacy4:
      "Sus datos no se venden ni se comparten con terceros, salvo con el proveedor de correo que entrega los correos del portal. La cookie de sesión es estrictamente necesaria; lo único más que el portal guarda en su navegador es el idioma elegido.",
    privacy5:
      "Puede pedir al Master de su partner o al distribuidor ver, corregir o borrar sus datos. Cuando se le retira del portal, su acceso termina en el acto; el registro de cambios pasados se conserva el tiempo que exija el acuerdo de distribución.",
    termsTitle: "Términos de uso",
    terms1:
      "Estos términos se aplican a toda persona que use el Partner Portal en nombre de un partner. Al registrarse los acepta, junto con la Política de privacidad.",
    terms2:
      "Su cuenta es personal. Mantenga su contraseña en secreto, no comparta su cuenta y avise enseguida al Master de su partner si cree que otra persona la ha usado.",
    terms3:
      "Use el portal solo para gestionar los sitios de clientes, los créditos y el personal de su empresa, dentro del nivel que se le asignó. Los clientes finales no deben añadirse como administradores del partner.",
    terms4:
      "Los créditos que se mueven entre la reserva de su partner y sus sitios quedan registrados y solo se deshacen con un movimiento contrario; usted es responsable de los movimientos que hace.",
    terms5:
      "El distribuidor puede suspender el acceso que incumpla estos términos o el acuerdo de distribución. Estos términos pueden cambiar; se le pedirá que acepte la nueva versión antes de seguir usando el portal.",
    version: "Versión {version}",
    back: "Volver al portal",
  },
});
