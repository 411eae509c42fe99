/** Pages and components render in miniprogram-simulate (jsdom) with a mocked `wx`; TypeScript through ts-jest. */
module.exports = {
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/tests'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tests/tsconfig.json' }] },
  setupFiles: ['<rootDir>/tests/setup.ts'],
  moduleNameMapper: { '^weapp-qrcode$': '<rootDir>/tests/fakes/qrcode.ts' },
}
