// @ts-check
import tseslint from 'typescript-eslint';
import vitest from '@vitest/eslint-plugin';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.data/', 'bench/results/', 'test-results/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // esbuild cannot tree-shake zod's `z` binding: with it every zod locale (~360 KB) lands in every Lambda bundle.
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'] > :matches(ImportSpecifier[imported.name='z'], ImportDefaultSpecifier)",
          message: "Write `import * as z from 'zod'` (bench/cold-start: this import costs ~360 KB in every bundle).",
        },
      ],
    },
  },
  {
    // The dashboard runs in a browser. It reads the API's types from functions/ (web/tsconfig.json has Node's types
    // for those files only because of that): type-only imports, which esbuild erases, and no Node module or global.
    files: ['web/src/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'The dashboard runs in a browser.' },
            {
              // Two modules say they are pure and free of Node (their headers): the desk page checks a typed card
              // number and reads the revocation list with the back end's own code.
              regex: '(^|/)functions/(?!core/(card-number|revocations)\\.js$)',
              allowTypeImports: true,
              message: 'Only `import type` from functions/: it must not reach the bundle.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'Buffer', 'process', '__dirname'],
    },
  },
  {
    files: ['test/**/*.ts'],
    plugins: { vitest },
    rules: {
      // The bar: no skipped or focused tests, no test without an assertion.
      'vitest/no-focused-tests': 'error',
      'vitest/no-disabled-tests': 'error',
      // CDK's Template methods (hasResourceProperties, allResourcesProperties) assert too.
      'vitest/expect-expect': ['error', { assertFunctionNames: ['expect', 'template.*'] }],
      'vitest/no-commented-out-tests': 'error',
    },
  },
);
