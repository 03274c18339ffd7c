// `xen-config explain CODE`: a code's page (what it means, what happens at boot, an example, the fix).
import { allCodes } from '../service/codes';
import { didYouMean } from '../core/text';
import { UsageError } from './args';
import { codePage } from './docs';
import type { CliIO } from './io';
import { EXPLAIN_USAGE } from './usage';

export function explainCommand(argv: string[], io: CliIO): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(EXPLAIN_USAGE + '\n');
    return 0;
  }
  if (argv.includes('--list')) {
    for (const [code, info] of allCodes()) io.stdout(`${code}\t${info.severity}\t${info.summary}\n`);
    return 0;
  }
  const unknownOption = argv.find((a) => a.startsWith('-'));
  if (unknownOption) throw new UsageError(`unknown option ${unknownOption}\n${EXPLAIN_USAGE}`);
  if (argv.length !== 1) throw new UsageError(`explain takes one CODE, such as grub/missing-space\n${EXPLAIN_USAGE}`);
  // The page's file name (grub-missing-space) is accepted too.
  const given = argv[0].trim();
  const codes = [...allCodes().keys()];
  const code = codes.find((c) => c === given || c.replace(/\//g, '-') === given.replace(/\.md$/, ''));
  if (!code) {
    const near = didYouMean(given, codes);
    throw new UsageError(
      `unknown code "${given}"${near.length ? `; did you mean ${near.join(', ')}?` : ''} (xen-config explain --list shows every code)`,
    );
  }
  const page = codePage(code);
  if (page === undefined) {
    // A build without the pages still explains the code in one line.
    const info = allCodes().get(code)!;
    io.stdout(`${code} (${info.severity}): ${info.summary}\n`);
    io.stderr(`xen-config: the page of ${code} is not installed with this build\n`);
    return 0;
  }
  io.stdout(page.endsWith('\n') ? page : `${page}\n`);
  return 0;
}
