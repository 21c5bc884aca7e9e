// Lists public functions/classes/consts of an entry (by name) whose declaration lacks a JSDoc @example.
import ts from 'typescript';
const entry = process.argv[2];
const program = ts.createProgram([entry], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, allowImportingTsExtensions: false });
const checker = program.getTypeChecker();
const sf = program.getSourceFile(entry);
const mod = checker.getSymbolAtLocation(sf);
const missing = [];
for (const exp of checker.getExportsOfModule(mod)) {
  let sym = exp;
  if (sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
  const decl = sym.declarations?.[0];
  if (!decl) continue;
  const kind = ts.SyntaxKind[decl.kind];
  if (!['FunctionDeclaration', 'ClassDeclaration', 'VariableDeclaration'].includes(kind)) continue;
  const tags = ts.getJSDocTags(decl).map((t) => t.tagName.text);
  const node = kind === 'VariableDeclaration' ? decl.parent.parent : decl;
  const text = node.getFullText();
  if (!tags.includes('example') && !/@example/.test(text)) missing.push(`${exp.name} (${kind})`);
}
console.log(missing.length + ' missing:', missing.join(', '));
