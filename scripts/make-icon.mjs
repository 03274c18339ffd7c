// Draws images/icon.png (128×128): a boot-menu card with a highlighted entry and an "X" mark.
// Kept as a script so the icon can be changed without an image editor.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const W = 128,
  H = 128;
const px = new Uint8Array(W * H * 4);
const set = (x, y, [r, g, b, a = 255]) => {
  if (x < 0 || y < 0 || x >= W || y >= H) return;
  const i = (y * W + x) * 4;
  const fa = a / 255,
    ba = px[i + 3] / 255,
    oa = fa + ba * (1 - fa);
  if (oa === 0) return;
  px[i] = (r * fa + px[i] * ba * (1 - fa)) / oa;
  px[i + 1] = (g * fa + px[i + 1] * ba * (1 - fa)) / oa;
  px[i + 2] = (b * fa + px[i + 2] * ba * (1 - fa)) / oa;
  px[i + 3] = oa * 255;
};
const roundRect = (x0, y0, x1, y1, rad, color) => {
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const cx = Math.min(Math.max(x, x0 + rad), x1 - 1 - rad),
        cy = Math.min(Math.max(y, y0 + rad), y1 - 1 - rad);
      const d = Math.hypot(x - cx, y - cy);
      if (d <= rad) set(x, y, [...color.slice(0, 3), Math.round((color[3] ?? 255) * Math.min(1, rad - d + 0.5))]);
    }
};
const line = (x0, y0, x1, y1, width, color) => {
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const dx = x1 - x0,
        dy = y1 - y0,
        t = Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)));
      const d = Math.hypot(x - (x0 + t * dx), y - (y0 + t * dy));
      if (d < width / 2 + 0.5) set(x, y, [...color.slice(0, 3), Math.round(255 * Math.min(1, width / 2 + 0.5 - d))]);
    }
};
roundRect(4, 4, 124, 124, 20, [24, 38, 66]);
roundRect(18, 24, 110, 34, 4, [90, 110, 150]);
roundRect(18, 44, 110, 58, 4, [236, 120, 40]);
roundRect(18, 68, 84, 78, 4, [90, 110, 150]);
roundRect(18, 88, 70, 98, 4, [90, 110, 150]);
line(86, 72, 110, 104, 7, [255, 255, 255]);
line(110, 72, 86, 104, 7, [255, 255, 255]);

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
const raw = Buffer.alloc((W * 4 + 1) * H);
for (let y = 0; y < H; y++) {
  raw[y * (W * 4 + 1)] = 0;
  Buffer.from(px.buffer, y * W * 4, W * 4).copy(raw, y * (W * 4 + 1) + 1);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(W, 0);
ihdr.writeUInt32BE(H, 4);
ihdr[8] = 8;
ihdr[9] = 6;
writeFileSync(
  'images/icon.png',
  Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]),
);
