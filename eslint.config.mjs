import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.next/', 'data/', 'test-results/', 'playwright-report/', 'next-env.d.ts', 'db/migrations/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['*.mjs', 'bin/*.mjs'] }, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // In a program full of timers and SSH callbacks, a floating promise is how errors vanish.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // The OpenVZ core is pure: text in, typed data out. No I/O, no framework.
    files: ['server/openvz/**/*.ts'],
    ignores: ['server/openvz/**/*.test.ts', 'server/openvz/test-support.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['ssh2', 'node:*', 'fs', 'child_process', 'next', 'next/*', 'pg', '@electric-sql/*', 'drizzle-orm', 'drizzle-orm/*'], message: 'server/openvz is pure: no I/O imports' },
            { group: ['**/db/**', '**/env', '**/ssh/**', '**/collector/**'], message: 'server/openvz is pure: no db/env/ssh imports' },
          ],
        },
      ],
    },
  },
  {
    // Pages and components get server code as types only; the one exception is the page guard,
    // which layouts await on the server to check the session before anything renders.
    files: ['app/**/*.tsx', 'components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@/server/*', '!@/server/auth', '@/server/auth/*', '@/db/*', '../server/*'], allowTypeImports: true, message: 'import server code as types only' }] }],
    },
  },
);
