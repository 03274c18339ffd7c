// The framing of LSP over a byte stream (`Content-Length: N\r\n\r\n` then N bytes), checked before
// vscode-jsonrpc reads it. vscode-jsonrpc reports a bad header and then goes on reading the body
// as the next header: from there on the server is alive but deaf. This guard passes well-framed
// bytes through unchanged and, at the first malformed frame, calls `onMalformed` with a reason
// (main.ts logs it and exits, which closes the connection so the client can restart the server).
import { Transform, type TransformCallback } from 'node:stream';

/** A header block longer than this is not a header. */
const MAX_HEADER_BYTES = 8 * 1024;
/** Larger messages are refused (the editor reads files up to 64 MB; JSON escaping may double them). */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

const CRLFCRLF = Buffer.from('\r\n\r\n');

export class FrameGuard extends Transform {
  private header: Buffer = Buffer.alloc(0);
  /** Bytes of the current body still to pass through; -1 while reading a header. */
  private body = -1;
  private broken = false;

  constructor(private readonly onMalformed: (reason: string) => void) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.broken) return done();
    let data = chunk;
    while (data.length > 0) {
      if (this.body > 0) {
        const n = Math.min(this.body, data.length);
        this.push(data.subarray(0, n));
        this.body -= n;
        data = data.subarray(n);
        if (this.body === 0) this.body = -1;
        continue;
      }
      // Reading a header: find its end, across chunks.
      const joined = this.header.length ? Buffer.concat([this.header, data]) : data;
      const end = joined.indexOf(CRLFCRLF);
      if (end < 0) {
        if (joined.length > MAX_HEADER_BYTES)
          return this.fail(`no end of header within ${MAX_HEADER_BYTES} bytes`, done);
        this.header = Buffer.from(joined);
        return done();
      }
      if (end > MAX_HEADER_BYTES) return this.fail(`no end of header within ${MAX_HEADER_BYTES} bytes`, done);
      const problem = this.check(joined.subarray(0, end).toString('latin1'));
      if (typeof problem === 'string') return this.fail(problem, done);
      this.push(joined.subarray(0, end + 4));
      this.header = Buffer.alloc(0);
      this.body = problem === 0 ? -1 : problem;
      data = joined.subarray(end + 4);
    }
    done();
  }

  /** The body length the header announces, or what is wrong with the header. */
  private check(text: string): number | string {
    let length: number | undefined;
    for (const line of text.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon <= 0) return `a header line without "name: value": ${JSON.stringify(line.slice(0, 80))}`;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name !== 'content-length') continue;
      if (!/^\d{1,12}$/.test(value))
        return `Content-Length is not a number of bytes: ${JSON.stringify(value.slice(0, 40))}`;
      const n = Number(value);
      if (length !== undefined && n !== length) return 'two different Content-Length headers';
      if (n > MAX_MESSAGE_BYTES)
        return `Content-Length ${n} is larger than the ${MAX_MESSAGE_BYTES} bytes the server accepts`;
      length = n;
    }
    if (length === undefined) return 'a message header without Content-Length';
    return length;
  }

  private fail(reason: string, done: TransformCallback): void {
    this.broken = true;
    this.header = Buffer.alloc(0);
    done();
    this.onMalformed(reason);
  }
}
