// bench/qr.js -- the npm `qrcode` package's toBuffer over the strings of a
// file (one per line), with the parameters of ocop_qr_png(url) defaults:
// level M, margin 4 modules, 4 pixels per module, PNG.  Run by bench/qr.sh.
// Prints "count wall_seconds total_bytes cpu_seconds".
'use strict';
const path = require('path');
const fs = require('fs');
const QRCode = require(path.join(__dirname, 'node_modules', 'qrcode'));

const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter((s) => s.length > 0);
const opts = { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 4 };

(async () => {
  for (let i = 0; i < Math.min(200, lines.length); i++) await QRCode.toBuffer(lines[i], opts); // warm-up
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  let bytes = 0;
  for (const s of lines) bytes += (await QRCode.toBuffer(s, opts)).length;
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  console.log(`${lines.length} ${secs.toFixed(3)} ${bytes} ${((c.user + c.system) / 1e6).toFixed(3)}`);
})();
