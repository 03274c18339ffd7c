export interface CliIO {
  stdout(s: string): void;
  stderr(s: string): void;
  cwd: string;
  /**
   * Starts this program again with these arguments, detached: it goes on after this process
   * ends (a parsed-tree cache stored in the background). Only the real command line has it.
   */
  spawnSelf?(args: string[]): void;
}
