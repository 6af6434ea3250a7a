// HTML of the product page and of the error pages.  Mobile first, one file:
// inline CSS and SVG, no script, no font, no image or tile from anywhere.
// Vietnamese by default, English on request.  Every value is escaped.

export function esc(v) {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

const T = {
  vi: {
    title: 'Truy xuất nguồn gốc sản phẩm OCOP',
    producer: 'Chủ thể', commune: 'Xã, phường', former: 'trước 1/7/2025', code: 'Mã OCOP', set: 'Nhóm sản phẩm',
    star: 'Hạng sao', potential: 'tiềm năng 5 sao', certifier: 'Cấp công nhận',
    certificate: 'Giấy chứng nhận', valid_until: 'còn hiệu lực đến', expired_on: 'đã hết hiệu lực từ sau ngày',
    not_yet: 'chưa có hiệu lực', decision: 'Quyết định', journey: 'Hành trình của lô', lot: 'Lô',
    map: 'Bản đồ hành trình', km: 'km', label: 'Mã QR trên nhãn', after_label: 'ghi sau khi in nhãn',
    district: 'cấp huyện', province: 'cấp tỉnh', central: 'trung ương',
    v_sealed: 'Hành trình này đúng là hành trình đã được niêm phong trên nhãn của bạn.',
    v_sealed_more: (n) => `Sau khi in nhãn có thêm ${n} bước được ghi nhận.`,
    v_mismatch: 'Cảnh báo: hành trình hiện lưu KHÔNG khớp với mã niêm phong trên nhãn của bạn. Hồ sơ đã bị sửa đổi sau khi in nhãn.',
    v_broken: 'Cảnh báo: chuỗi hồ sơ của lô này không kiểm chứng được (các bản ghi đã bị sửa đổi).',
    v_unknown: 'Cảnh báo: mã niêm phong trên nhãn không khớp với lô nào của sản phẩm này.',
    v_none: 'Nhãn này không mang mã niêm phong của một lô: chỉ có thông tin sản phẩm.',
    steps: { commissioning: 'Thu hoạch, tạo lô', transforming: 'Chế biến', storing: 'Lưu kho, phân phối', retail_selling: 'Bán lẻ',
             shipping: 'Vận chuyển', receiving: 'Nhận hàng', harvesting: 'Thu hoạch', packing: 'Đóng gói' },
    footer: 'Dữ liệu từ cơ sở dữ liệu OCOP; kiểm chứng bằng chuỗi băm SHA-256 (GS1 EPCIS 2.0).',
    other: 'English',
    error: 'Không mở được trang', back: 'Mã được quét',
  },
  en: {
    title: 'OCOP product traceability',
    producer: 'Producer', commune: 'Commune', former: 'before 1 July 2025', code: 'OCOP code', set: 'Product set',
    star: 'Rating', potential: 'potential 5-star', certifier: 'Certified at',
    certificate: 'Certificate', valid_until: 'valid until', expired_on: 'expired after',
    not_yet: 'not yet valid', decision: 'Decision', journey: 'Journey of the lot', lot: 'Lot',
    map: 'Map of the journey', km: 'km', label: 'QR code on the label', after_label: 'recorded after the label was printed',
    district: 'district level', province: 'provincial level', central: 'national level',
    v_sealed: 'This journey is the one sealed on your label.',
    v_sealed_more: (n) => `${n} more step(s) were recorded after the label was printed.`,
    v_mismatch: 'Warning: the journey on record does NOT match the seal on your label. The record was changed after the label was printed.',
    v_broken: 'Warning: this lot\'s record chain fails to verify (its records were altered).',
    v_unknown: 'Warning: the seal on your label matches no lot of this product.',
    v_none: 'This label carries no lot seal: product information only.',
    steps: { commissioning: 'Harvest, lot created', transforming: 'Processing', storing: 'Storage, distribution', retail_selling: 'Retail sale',
             shipping: 'Shipping', receiving: 'Receiving', harvesting: 'Harvest', packing: 'Packing' },
    footer: 'Data from the OCOP registry database; verified by its SHA-256 hash chain (GS1 EPCIS 2.0).',
    other: 'Tiếng Việt',
    error: 'This page cannot be shown', back: 'Scanned code',
  },
};

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1b1b1b;background:#f4f1ea}
main{max-width:720px;margin:0 auto;padding:12px}
header{display:flex;justify-content:space-between;align-items:baseline;gap:8px}
header p{margin:0;font-size:.85em;color:#5a5a5a}
a{color:#0b5394}
h1{font-size:1.35em;margin:.3em 0 .2em;overflow-wrap:anywhere}
h2{font-size:1.05em;margin:0 0 .5em}
section{background:#fff;border-radius:10px;padding:12px 14px;margin:10px 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;margin:0}
dt{color:#5a5a5a}dd{margin:0;overflow-wrap:anywhere}
.stars{font-size:1.6em;color:#c98a00;letter-spacing:2px;line-height:1}
#verdict{font-weight:600;border-left:6px solid}
#verdict.ok{border-color:#2e7d32;background:#e8f5e9}
#verdict.warn{border-color:#c62828;background:#ffebee;color:#7f0000}
#verdict.none{border-color:#9e9e9e;background:#fafafa;font-weight:400}
#verdict p{margin:0}
.status-active{color:#2e7d32;font-weight:600}.status-expired,.status-not_yet_valid{color:#c62828;font-weight:600}
ol.timeline{list-style:none;margin:0;padding:0 0 0 18px;border-left:3px solid #c98a00}
ol.timeline li{position:relative;margin:0 0 12px;padding-left:8px}
ol.timeline li::before{content:"";position:absolute;left:-27px;top:5px;width:13px;height:13px;border-radius:50%;background:#c98a00;border:2px solid #fff}
ol.timeline li.after::before{background:#9e9e9e}
.when{font-size:.85em;color:#5a5a5a}.hash{font:11px/1.3 ui-monospace,monospace;color:#777;overflow-wrap:anywhere}
.map svg{width:100%;height:auto;max-height:320px;background:#eef3f7;border-radius:6px}
.qr{text-align:center}.qr svg{width:180px;height:180px}
.cols{display:block}
@media (min-width:900px){main{max-width:1100px}.cols{display:grid;grid-template-columns:3fr 2fr;gap:0 14px}}
footer{font-size:.8em;color:#5a5a5a;margin:14px 0}
@media print{body{background:#fff}section{box-shadow:none;border:1px solid #ccc}}
`;

function shell(lang, title, body, altHref) {
  const t = T[lang];
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body><main>
<header><p>${esc(t.title)}</p>${altHref ? `<p><a id="lang" href="${esc(altHref)}" hreflang="${lang === 'vi' ? 'en' : 'vi'}">${esc(t.other)}</a></p>` : ''}</header>
${body}
<footer>${esc(t.footer)}</footer>
</main></body></html>
`;
}

function fmtDate(iso, lang) {
  if (!iso) return '';
  const [y, m, d] = String(iso).slice(0, 10).split('-');
  return lang === 'vi' ? `${d}/${m}/${y}` : `${d}/${m}/${y}`;
}

// verdict(lookup, page): which of the five verdicts, from the extension's
// answers (trace_verify of the chain, the event whose hash is the label's head).
export function verdict(look, page, head) {
  if (!head) return { kind: 'none', cls: 'none' };
  if (!look.lot) return { kind: 'unknown-head', cls: 'warn' };
  if (!page.chain_ok) return { kind: 'broken', cls: 'warn' };
  if (page.sealed_seq == null) return { kind: 'mismatch', cls: 'warn' };
  return { kind: 'sealed', cls: 'ok', after: page.length - page.sealed_seq };
}

function mapSvg(map) {
  if (!map || !map.path) return '';
  const w = map.xmax - map.xmin, h = map.ymax - map.ymin;
  const size = Math.max(w, h, 0.01);
  const pad = size * 0.12;
  const vb = [map.xmin - pad, -map.ymax - pad, w + 2 * pad, h + 2 * pad].map((v) => v.toFixed(5)).join(' ');
  const r = (size * 0.025).toFixed(5), fs = (size * 0.045).toFixed(5);
  const pts = (map.points || []).map((p) => {
    const m = /cx="([-0-9.e]+)" cy="([-0-9.e]+)"/.exec(p.svg);
    if (!m) return '';
    return `<circle cx="${m[1]}" cy="${m[2]}" r="${r}" fill="#c98a00" stroke="#fff" stroke-width="${(size * 0.006).toFixed(5)}"/>` +
      `<text x="${m[1]}" y="${m[2]}" dy="${(size * 0.016).toFixed(5)}" font-size="${fs}" text-anchor="middle" fill="#fff" font-weight="700">${Number(p.seq)}</text>`;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${vb}" role="img" aria-label="map" preserveAspectRatio="xMidYMid meet">` +
    `<path d="${esc(map.path)}" fill="none" stroke="#0b5394" stroke-width="3" stroke-dasharray="8 5" vector-effect="non-scaling-stroke"/>${pts}</svg>`;
}

export function productPage({ lang, look, page, head, altHref }) {
  const t = T[lang];
  const v = verdict(look, page, head);
  const vtext = { sealed: t.v_sealed, mismatch: t.v_mismatch, broken: t.v_broken, 'unknown-head': t.v_unknown, none: t.v_none }[v.kind];
  const status = page.status;
  const certLine = status === 'active' ? `${t.valid_until} ${fmtDate(page.expiry, lang)}`
    : status === 'expired' ? `${t.expired_on} ${fmtDate(page.expiry, lang)}` : t.not_yet;
  const place = page.place && page.place.former && page.place.name !== page.commune
    ? ` <span class="former">(${esc(page.place.name)}, ${esc(t.former)})</span>` : '';
  const sealed = v.kind === 'sealed' ? page.sealed_seq : null;
  const events = (page.events || []).map((e) => {
    const after = sealed != null && e.seq > sealed;
    const step = t.steps[e.bizstep] || e.bizstep;
    const where = [e.actor, e.place_name].filter(Boolean).join(' · ');
    const qty = e.quantity != null ? ` · ${esc(e.quantity)} ${esc(e.uom === 'KGM' ? 'kg' : e.uom || '')}` : '';
    return `<li class="${after ? 'after' : 'sealed'}" data-seq="${Number(e.seq)}"><strong>${esc(step)}</strong>${after ? ` <em>(${esc(t.after_label)})</em>` : ''}<br>` +
      `<span class="when">${esc(e.at)}</span> · ${esc(where)}${qty}<div class="hash">${esc(e.hash)}</div></li>`;
  }).join('');
  const more = v.kind === 'sealed' && v.after > 0 ? ` ${esc(t.v_sealed_more(v.after))}` : '';
  const map = mapSvg(page.map);
  const body = `
<h1 id="name">${esc(look.name)}</h1>
<section id="verdict" class="${v.cls}" data-verdict="${v.kind}"><p>${esc(vtext)}${more}</p></section>
<div class="cols"><div>
<section id="product"><dl>
<dt>${esc(t.producer)}</dt><dd id="producer">${esc(look.producer)}</dd>
<dt>${esc(t.commune)}</dt><dd id="commune">${esc(page.commune)}${place}</dd>
<dt>${esc(t.set)}</dt><dd>${esc(page.product_set)}</dd>
<dt>${esc(t.code)}</dt><dd id="code">${esc(look.code)}</dd>
</dl></section>
<section id="certificate"><dl>
<dt>${esc(t.star)}</dt><dd><span class="stars" id="stars" aria-label="${esc(page.star_label)}">${esc(page.stars)}</span>${look.potential_5star ? ` <em>${esc(t.potential)}</em>` : ''}</dd>
${page.certifier ? `<dt>${esc(t.certifier)}</dt><dd id="certifier">${esc(t[page.certifier] || page.certifier)}</dd>` : ''}
<dt>${esc(t.certificate)}</dt><dd id="validity" class="status-${esc(status)}" data-status="${esc(status)}">${esc(certLine)}</dd>
${look.decision ? `<dt>${esc(t.decision)}</dt><dd>${esc(look.decision)}, ${esc(fmtDate(look.certified, lang))}</dd>` : ''}
</dl></section>
${look.lot ? `<section id="journey"><h2>${esc(t.journey)} ${esc(look.lot)}</h2><ol class="timeline">${events}</ol></section>` : ''}
</div><div>
${map ? `<section id="map" class="map"><h2>${esc(t.map)}${page.map.km != null ? ` · ${esc(page.map.km)} ${esc(t.km)}` : ''}</h2>${map}</section>` : ''}
<section id="qr" class="qr"><h2>${esc(t.label)}</h2>${page.qr}</section>
</div></div>`;
  return shell(lang, `${look.name} – OCOP`, body, altHref);
}

export function errorPage({ lang, status, title, detail, input }) {
  const t = T[lang];
  const body = `
<h1>${esc(t.error)} (${Number(status)})</h1>
<section id="error" class="warn" data-status="${Number(status)}"><p><strong id="problem">${esc(title)}</strong></p>
${detail ? `<p id="detail">${esc(detail)}</p>` : ''}
${input != null ? `<p>${esc(t.back)}: <code>${esc(String(input).slice(0, 200))}</code></p>` : ''}</section>`;
  return shell(lang, `${status} – OCOP`, body, null);
}

export function indexPage({ lang, base }) {
  const vi = lang === 'vi';
  const body = `
<h1>${vi ? 'Truy xuất nguồn gốc sản phẩm OCOP' : 'OCOP product traceability'}</h1>
<section id="about"><p>${vi
    ? 'Quét mã QR trên nhãn sản phẩm OCOP để xem sản phẩm, hạng sao, giấy chứng nhận và hành trình của lô hàng.'
    : 'Scan the QR code on an OCOP product label to see the product, its stars, its certificate and the journey of its lot.'}</p>
<p>${vi ? 'Địa chỉ nhãn' : 'Label URLs'}: <code>${esc(base)}/p/&lt;${vi ? 'mã OCOP' : 'OCOP code'}&gt;?h=&lt;…&gt;</code>,
<code>${esc(base)}/01/&lt;GTIN&gt;/10/&lt;${vi ? 'lô' : 'lot'}&gt;</code> (GS1 Digital Link).</p></section>`;
  return shell(lang, 'OCOP', body, vi ? '/?lang=en' : '/?lang=vi');
}
