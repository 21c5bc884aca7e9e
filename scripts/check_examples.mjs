#!/usr/bin/env node
/**
 * Checks that every function, class and constant an entry point exports has a JSDoc block
 * with an @example (the style rule for public functions). Usage:
 *   node scripts/check_examples.mjs packages/core/src/index.ts packages/core/src/testing/index.ts
 * Exits 1 and lists the names that lack one.
 */
import ts from 'typescript';

let failed = false;
for (const entry of process.argv.slice(2)) {
  const program = ts.createProgram([entry], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, noEmit: true });
  const checker = program.getTypeChecker();
  const mod = checker.getSymbolAtLocation(program.getSourceFile(entry));
  const missing = [];
  for (const exp of checker.getExportsOfModule(mod)) {
    const sym = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
    const decl = sym.declarations?.[0];
    if (!decl) continue;
    const kind = ts.SyntaxKind[decl.kind];
    if (!['FunctionDeclaration', 'ClassDeclaration', 'VariableDeclaration'].includes(kind)) continue;
    const node = kind === 'VariableDeclaration' ? decl.parent.parent : decl;
    if (!/@example/.test(node.getFullText().slice(0, node.getLeadingTriviaWidth()))) missing.push(exp.name);
  }
  if (missing.length > 0) {
    failed = true;
    console.error(`${entry}: ${missing.length} export(s) without a JSDoc @example: ${missing.join(', ')}`);
  } else console.log(`${entry}: every exported function, class and constant has an @example`);
}
process.exit(failed ? 1 : 0);
