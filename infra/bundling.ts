// How every Lambda function is bundled, in one place: infra/stack.ts gives these to NodejsFunction, and
// bench/cold-start builds with the same options through esbuild's API (what NodejsFunction runs: bundle,
// platform node, these flags) to measure what is deployed. Pure data: no CDK import.
export const lambdaBundling = {
  format: 'esm',
  minify: true,
  sourceMap: true,
  target: 'node22',
  // The Lambda runtime ships AWS SDK v3.
  externalModules: ['@aws-sdk/*'],
  mainFields: ['module', 'main'],
  // Non-ASCII text (Devanagari names, Hindi messages, transliteration and font tables) as UTF-8, not \uXXXX escapes:
  // Node reads the bundle as UTF-8, and a Devanagari letter is 3 bytes instead of 6 (registrations 297 -> 280 KB,
  // matchAndDedup 334 -> 275 KB, bench/cold-start).
  charset: 'utf8',
  // CommonJS dependencies inside an ESM bundle call require(): give them one.
  banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  /** The file NodejsFunction writes for an ESM bundle; the handler is `index.handler`. */
  outputFile: 'index.mjs',
} as const;

/** NODE_OPTIONS every function runs with (stack traces through the source maps above). */
export const lambdaNodeOptions = '--enable-source-maps';
