// Trunk post-build step: writes a brotli (.br) and a gzip (.gz) copy beside
// each text or wasm file of the build, at the highest levels, so a server can
// send them as they are (Content-Encoding) instead of compressing per request.
// The local tenant serves them; any static host that knows precompressed files
// (nginx gzip_static/brotli_static, Caddy precompressed) can too.
import { readdirSync, readFileSync, writeFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const COMPRESSIBLE = /\.(wasm|js|css|html|json|svg|txt)$/;

export function precompress(dir) {
  const written = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      written.push(...precompress(path));
      continue;
    }
    if (!COMPRESSIBLE.test(name)) continue;
    const raw = readFileSync(path);
    writeFileSync(
      `${path}.br`,
      brotliCompressSync(raw, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
      }),
    );
    writeFileSync(`${path}.gz`, gzipSync(raw, { level: 9 }));
    written.push(path);
  }
  return written;
}

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("precompress: give the build directory (or run as a Trunk hook)");
  process.exit(2);
}
const files = precompress(dir);
console.log(`precompress: ${files.length} files in ${dir} have .br and .gz copies`);
