// A function's bundle as deployed: esbuild with the flags NodejsFunction passes it (bundle, platform node, then
// infra/bundling.ts). bench/cold-start measures these bundles; bench/import runs the roster import's in
// execution environments of their own. Written under the project, so the external AWS SDK resolves from
// node_modules as the Lambda runtime's would.
import { join } from 'node:path';
import { build } from 'esbuild';
import { lambdaBundling } from '../infra/bundling.js';
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
    banner: { js: lambdaBundling.banner },
    metafile: true,
    logLevel: 'error',
  });
  return { outfile, metafile: result.metafile };
};
