/** Tests run the real server against a real database: see test/support/harness.ts. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { ignoreCodes: [151002] } }] },
  setupFiles: ["reflect-metadata", "<rootDir>/test/support/worker-setup.js"],
  // Two workers at once (npm test passes --maxWorkers); on MySQL each has its own database.
  globalSetup: "<rootDir>/test/support/global-setup.js",
  globalTeardown: "<rootDir>/test/support/global-teardown.js",
  testTimeout: 60000,
  slowTestThreshold: 30,
};
