// Jest runs the TypeScript sources as ESM (the project is ESM: @actions/core 3 and @actions/github 9
// are ESM-only). ts-jest transpiles each file on its own (isolatedModules); `npm run typecheck` checks types.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 60000,
  setupFiles: ['<rootDir>/test/support/env.cjs'],
  reporters: ['default', '<rootDir>/test/support/summary-reporter.cjs'],
};
