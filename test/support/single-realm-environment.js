/**
 * Jest's node environment with the host's Error classes.
 *
 * Jest runs a test file in its own vm realm, so an error made by Node itself (a refused TCP
 * connection, better-sqlite3) is not `instanceof Error` for graphql-js and Apollo loaded in
 * the test's realm: they wrap it as "Unexpected error value" and its code is lost, which
 * cannot happen in the real server. Suites that check how the server reacts to such errors
 * (a database that is down) run in this environment: `@jest-environment ./test/support/single-realm-environment.js`.
 */
const { TestEnvironment } = require("jest-environment-node");

const errorClasses = ["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError", "AggregateError"];

class SingleRealmEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of errorClasses) this.global[name] = globalThis[name];
  }
}

module.exports = SingleRealmEnvironment;
