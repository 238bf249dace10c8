// bench/typst-compile.mjs - compile a .typ file to PDF with Typst, through
// npm's @myriaddreamin/typst-ts-node-compiler (installed by bench/install-deps
// in $BENCH_HOME, default /opt/octavo-bench, never in the repository).
//
//   node bench/typst-compile.mjs IN.typ OUT.pdf [FONTDIR...]
//
// Fonts come from the FONTDIR folders (the bench passes octavo's fonts/, so
// Typst sets the same Charis SIL and Andika).  Exit 1 with Typst's
// diagnostics on a compile error.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';

const home = process.env.BENCH_HOME || '/opt/octavo-bench';
const require = createRequire(resolve(home, 'node_modules') + '/');
const { NodeCompiler } = require('@myriaddreamin/typst-ts-node-compiler');

const [input, output, ...fontDirs] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node typst-compile.mjs IN.typ OUT.pdf [FONTDIR...]');
  process.exit(2);
}
const compiler = NodeCompiler.create({
  workspace: dirname(resolve(input)),
  fontArgs: fontDirs.length ? [{ fontPaths: fontDirs.map((d) => resolve(d)) }] : [],
});
const result = compiler.compile({ mainFilePath: resolve(input) });
const doc = result.result;
if (!doc) {
  const diags = result.takeDiagnostics();
  console.error(`typst-compile: ${input}: compile failed`);
  console.error(JSON.stringify(diags && diags.shortDiagnostics ? diags.shortDiagnostics : diags, null, 1));
  process.exit(1);
}
writeFileSync(output, compiler.pdf(doc));
