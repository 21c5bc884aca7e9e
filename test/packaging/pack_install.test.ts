/**
 * What a user gets from npm: every non-private package under packages/ is packed with
 * `pnpm pack` (as `pnpm publish` would), the tarballs are installed with npm into a fresh
 * folder outside the workspace (os.tmpdir()), and there: each README's examples run as
 * written, the published types compile without DOM/Node, and the tarballs' metadata,
 * LICENSE and README links are checked. Needs dist/ built (`pnpm test` builds first) and
 * the npm registry (for tfjs and other third-party dependencies).
 * `TENSORLOOM_KEEP_PACKED=1` keeps the folder for a look.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { describeReadmeExamples } from './example_checks.js';
import { describeTarballMetadata } from './metadata_checks.js';
import { packAndInstall, type Installation } from './pack_install.js';
import { describePublishedTypes } from './types_checks.js';

let installed: Installation | undefined;
const installation = (): Installation => {
  if (!installed) throw new Error('pack and install failed (see the beforeAll error)');
  return installed;
};

beforeAll(async () => { installed = await packAndInstall(); }, 900_000);
afterAll(() => {
  if (!installed) return;
  if (process.env.TENSORLOOM_KEEP_PACKED) console.log(`packed and installed in ${installed.root}`);
  else rmSync(installed.root, { recursive: true, force: true });
});

describeTarballMetadata(installation);
describeReadmeExamples(installation);
describePublishedTypes(installation);
