// A function's bundle as deployed: esbuild with the flags NodejsFunction passes it (bundle, platform node, then
// infra/bundling.ts). bench/cold-start measures these bundles; bench/import runs the roster import's in
// execution environments of their own. Written under the project, so the external AWS SDK resolves from
// node_modules as the Lambda runtime's would.
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { lambdaBundling } from '../infra/bundling.js';
import type { FunctionSpec } from '../infra/specs.js';
import { projectRoot } from '../local/stack.js';

export const bundle = async (entry: string, outdir: string) => {
  const outfile = join(outdir, lambdaBundling.outputFile);
  const result = await build({
    entryPoints: [join(projectRoot, entry)],
    absWorkingDir: projectRoot,
    outfile,
    bundle: true,
    platform: 'node',
    format: lambdaBundling.format,
    minify: lambdaBundling.minify,
    sourcemap: lambdaBundling.sourceMap,
    target: lambdaBundling.target,
    external: [...lambdaBundling.externalModules],
    mainFields: [...lambdaBundling.mainFields],
    charset: lambdaBundling.charset,
    banner: { js: lambdaBundling.banner },
    metafile: true,
    logLevel: 'error',
  });
  return { outfile, metafile: result.metafile };
};

/** A function's bundle with the files it reads at run time beside it (FunctionSpec.bundledFiles), as deployed. */
export const bundleFunction = async (spec: Pick<FunctionSpec, 'entry' | 'bundledFiles'>, outdir: string) => {
  const built = await bundle(spec.entry, outdir);
  let bundledFileBytes = 0;
  for (const file of spec.bundledFiles ?? []) {
    mkdirSync(dirname(join(outdir, file.to)), { recursive: true });
    copyFileSync(join(projectRoot, file.from), join(outdir, file.to));
    bundledFileBytes += statSync(join(outdir, file.to)).size;
  }
  return { ...built, bundledFileBytes };
};
