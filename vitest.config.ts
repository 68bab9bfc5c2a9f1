import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Prompts are inlined as text by the bundle; mirror that for tests.
  plugins: [
    {
      name: 'markdown-as-text',
      transform(code: string, id: string) {
        if (id.endsWith('.md')) return { code: `export default ${JSON.stringify(code)};`, map: null };
        return undefined;
      },
    },
  ],
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', './test/support/closing-line-reporter.ts'],
    testTimeout: 30_000,
    globalSetup: ['./test/support/build-once.ts'],
  },
});
