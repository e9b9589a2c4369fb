/**
 * A BGZF copy of a file (bgzip's layout: gzip members of 65280 bytes of text,
 * each with the `BC` extra field giving its compressed size, then the empty
 * end-of-file block), written by python3's zlib at level 6: Debian's base has
 * no bgzip (it comes with htslib). Used by the gzip scenario and the tests.
 */
import { spawnSync } from 'node:child_process';
import { renameSync } from 'node:fs';

const BGZIP_PY = `
import sys, zlib, struct
src, out = sys.argv[1], sys.argv[2]
def member(text):
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    body = c.compress(text) + c.flush()
    head = bytes([0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 0xff, 6, 0, 66, 67, 2, 0]) + struct.pack('<H', 18 + len(body) + 8 - 1)
    return head + body + struct.pack('<II', zlib.crc32(text) & 0xffffffff, len(text))
with open(src, 'rb') as f, open(out, 'wb') as o:
    while True:
        text = f.read(65280)
        if not text:
            break
        o.write(member(text))
    o.write(member(b''))
`;

/** Writes the BGZF copy of `from` at `to` (through a temporary name); throws when python3 fails. */
export function writeBgzf(from: string, to: string): void {
  const r = spawnSync('python3', ['-c', BGZIP_PY, from, `${to}.partial`], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`python3 could not write ${to} (status ${r.status})`);
  renameSync(`${to}.partial`, to);
}
