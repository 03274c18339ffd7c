// Preloaded (node --require) into a child the hostile tests run: on exit, prints the process's
// peak resident memory to stderr for the parent to check against its bound.
process.on('exit', () => {
  process.stderr.write(`\nxen-config-test-max-rss-kb=${process.resourceUsage().maxRSS}\n`);
});
