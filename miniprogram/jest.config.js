/** Pages and components render in miniprogram-simulate (jsdom) with a mocked `wx`; TypeScript through ts-jest. */
module.exports = {
  testEnvironment: 'jsdom',
  // Rendering with the WXML compiler is slow on a busy two-core machine; the tests wait on timers, not on time.
  testTimeout: 30000,
  roots: ['<rootDir>/tests'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tests/tsconfig.json' }] },
  moduleNameMapper: { '^weapp-qrcode$': '<rootDir>/tests/fakes/qrcode.ts' },
}
