'use strict';
// s3rver 3.7.1 + the multipart calls docker-registry's s3 driver needs:
// ListMultipartUploads (GET /b?uploads), ListParts (GET /b/k?uploadId=), UploadPartCopy
// (PUT /b/k?partNumber&uploadId + x-amz-copy-source), AbortMultipartUpload (DELETE /b/k?uploadId=).
const path = require('path');
const fs = require('fs-extra');
const crypto = require('crypto');
const S3rver = require('s3rver');
require('s3rver/lib/models/account').DUMMY_ACCOUNT.createKeyPair('test', 'testsecret');
const [, , dir, port, ...buckets] = process.argv;
const esc = s => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const xml = (ctx, body) => { ctx.type = 'application/xml'; ctx.body = '<?xml version="1.0" encoding="UTF-8"?>\n' + body; };
const server = new S3rver({ directory: dir, address: '127.0.0.1', port: Number(port), silent: !process.env.S3RVER_VERBOSE,
  allowMismatchedSignatures: true, vhostBuckets: false,
  configureBuckets: buckets.map(name => ({ name })) });
const store = server.store;
const origList = store.listObjects.bind(store);
const BUCKET_SUBRESOURCES = ['uploads', 'location', 'cors', 'website', 'acl', 'analytics', 'encryption', 'inventory', 'lifecycle', 'logging', 'metrics', 'notification', 'object-lock', 'policy', 'policyStatus', 'publicAccessBlock', 'replication', 'requestPayment', 'tagging', 'versioning', 'versions', 'accelerate', 'delete'];
const upDir = b => store.getResourcePath(b, undefined, 'uploads');
async function listParts(b, id) {
  const d = path.join(upDir(b), id);
  const names = (await fs.readdir(d)).filter(n => /^\d+$/.test(n)).map(Number).sort((a, c) => a - c);
  return Promise.all(names.map(async n => ({ n, size: (await fs.stat(path.join(d, String(n)))).size,
    md5: (await fs.readFile(path.join(d, n + '.md5'))).toString() })));
}
// S3_SLOWDOWN_EVERY=N: every Nth object GET is answered 503 SlowDown, as a throttled store does; each is logged.
const slowDownEvery = Number(process.env.S3_SLOWDOWN_EVERY || 0);
let objectGets = 0;
server.middleware.unshift(async (ctx, next) => {
  // The access key is checked (signatures are not): a wrong key gets what S3 answers, 403 InvalidAccessKeyId.
  const credential = /Credential=([^/,\s]+)\//.exec(ctx.headers.authorization || '');
  if (credential && credential[1] !== 'test') {
    ctx.status = 403;
    return xml(ctx, '<Error><Code>InvalidAccessKeyId</Code><Message>The AWS Access Key Id you provided does not exist in our records.</Message></Error>');
  }
  if (slowDownEvery > 0 && ctx.method === 'GET' && /^\/[^/]+\/.+/.test(ctx.path) && ++objectGets % slowDownEvery === 0) {
    console.log('SLOWDOWN', ctx.path);
    ctx.status = 503;
    return xml(ctx, '<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>');
  }
  if (process.env.S3RVER_VERBOSE) console.log('REQ', ctx.method, ctx.url.slice(0, 160), ctx.headers['x-amz-copy-source'] ? 'copy-from ' + ctx.headers['x-amz-copy-source'] : '');
  const m = ctx.path.match(/^\/([^/]+)(?:\/(.*))?$/); // '/bucket/' (AWS SDK for .NET) is the bucket too
  if (!m) return next();
  const b = decodeURIComponent(m[1]); const key = m[2] ? decodeURIComponent(m[2]) : undefined; const q = ctx.query;
  // Bucket listing (v1 and v2) replaced: s3rver 3.7.1 prunes directories below a delimiter, so nested
  // keys never produce CommonPrefixes; it also counts KeyCount/max-keys without the common prefixes.
  if (ctx.method === 'GET' && !key && !Object.keys(q).some(k => BUCKET_SUBRESOURCES.indexOf(k) !== -1)) {
    if (!(await fs.pathExists(store.getBucketPath(b)))) { ctx.status = 404; return xml(ctx, `<Error><Code>NoSuchBucket</Code><BucketName>${esc(b)}</BucketName></Error>`); }
    const v2 = q['list-type'] === '2'; const prefix = q.prefix || ''; const delim = q.delimiter || '';
    const max = Math.min(q['max-keys'] !== undefined ? Number(q['max-keys']) : 1000, 1000);
    let after = v2 ? (q['continuation-token'] !== undefined ? Buffer.from(q['continuation-token'], 'base64').toString() : (q['start-after'] || '')) : (q.marker || '');
    const all = (await origList(b, { prefix, maxKeys: Infinity })).objects; // sorted by key
    const entries = []; let truncated = false; const seen = new Set();
    for (const o of all) {
      if (o.key <= after) continue;
      let cp = null;
      if (delim) { const i = o.key.slice(prefix.length).indexOf(delim); if (i !== -1) cp = o.key.slice(0, prefix.length + i + delim.length); }
      if (cp !== null) { if (seen.has(cp) || (after && after.startsWith(cp) && after.endsWith(delim) && cp === after)) continue; if (cp <= after) continue; }
      if (entries.length >= max) { truncated = true; break; }
      if (cp !== null) { seen.add(cp); entries.push({ cp }); } else entries.push({ o });
    }
    const enc = q['encoding-type'] === 'url' ? (x => encodeURIComponent(x).replace(/%2F/g, '/')) : (x => x);
    const last = entries.length ? (entries[entries.length - 1].cp || entries[entries.length - 1].o.key) : '';
    let body = `<Name>${esc(b)}</Name><Prefix>${esc(enc(prefix))}</Prefix>`;
    if (q['encoding-type'] === 'url') body += '<EncodingType>url</EncodingType>';
    if (v2) {
      if (q['start-after']) body += `<StartAfter>${esc(q['start-after'])}</StartAfter>`;
      if (q['continuation-token'] !== undefined) body += `<ContinuationToken>${esc(q['continuation-token'])}</ContinuationToken>`;
      if (truncated) body += `<NextContinuationToken>${Buffer.from(last).toString('base64')}</NextContinuationToken>`;
      body += `<KeyCount>${entries.length}</KeyCount>`;
    } else {
      body += `<Marker>${esc(q.marker || '')}</Marker>`;
      if (truncated && delim) body += `<NextMarker>${esc(last)}</NextMarker>`;
    }
    body += `<MaxKeys>${max}</MaxKeys>` + (delim ? `<Delimiter>${esc(delim)}</Delimiter>` : '') + `<IsTruncated>${truncated}</IsTruncated>`;
    for (const e of entries) if (e.o) body += `<Contents><Key>${esc(enc(e.o.key))}</Key><LastModified>${e.o.lastModifiedDate.toISOString()}</LastModified><ETag>${esc(e.o.metadata.etag)}</ETag><Size>${e.o.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
    for (const e of entries) if (e.cp) body += `<CommonPrefixes><Prefix>${esc(enc(e.cp))}</Prefix></CommonPrefixes>`;
    return xml(ctx, `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${body}</ListBucketResult>`);
  }
  if (ctx.method === 'GET' && !key && 'uploads' in q) {
    const prefix = q.prefix || ''; let out = '';
    const ids = await fs.readdir(upDir(b)).catch(() => []);
    const ups = [];
    for (const id of ids) {
      const k = (await fs.readFile(path.join(upDir(b), id, 'key')).catch(() => null));
      if (k !== null && k.toString().startsWith(prefix)) ups.push({ id, k: k.toString(), t: (await fs.stat(path.join(upDir(b), id))).mtime });
    }
    ups.sort((x, y) => (x.k < y.k ? -1 : x.k > y.k ? 1 : 0));
    for (const u of ups) out += `<Upload><Key>${esc(u.k)}</Key><UploadId>${u.id}</UploadId><Initiated>${u.t.toISOString()}</Initiated><StorageClass>STANDARD</StorageClass></Upload>`;
    return xml(ctx, `<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>${esc(b)}</Bucket><Prefix>${esc(prefix)}</Prefix><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>${out}</ListMultipartUploadsResult>`);
  }
  if (ctx.method === 'GET' && key && q.uploadId) {
    const parts = await listParts(b, q.uploadId).catch(() => null);
    if (!parts) { ctx.status = 404; return xml(ctx, '<Error><Code>NoSuchUpload</Code></Error>'); }
    const out = parts.map(p => `<Part><PartNumber>${p.n}</PartNumber><ETag>"${p.md5}"</ETag><Size>${p.size}</Size><LastModified>${new Date().toISOString()}</LastModified></Part>`).join('');
    return xml(ctx, `<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>${esc(b)}</Bucket><Key>${esc(key)}</Key><UploadId>${q.uploadId}</UploadId><MaxParts>10000</MaxParts><IsTruncated>false</IsTruncated>${out}</ListPartsResult>`);
  }
  if (ctx.method === 'DELETE' && key && q.uploadId) {
    await fs.remove(path.join(upDir(b), q.uploadId)); ctx.status = 204; return;
  }
  if (ctx.method === 'PUT' && key && q.uploadId && ctx.headers['x-amz-copy-source']) {
    let src = decodeURIComponent(ctx.headers['x-amz-copy-source'].split('?')[0]).replace(/^\//, '');
    const i = src.indexOf('/'); const sb = src.slice(0, i), sk = src.slice(i + 1);
    const opts = {};
    const r = ctx.headers['x-amz-copy-source-range'];
    if (r) { const [s, e] = r.replace('bytes=', '').split('-').map(Number); opts.start = s; opts.end = e; }
    const obj = await store.getObject(sb, sk, opts);
    if (!obj) { ctx.status = 404; return xml(ctx, '<Error><Code>NoSuchKey</Code></Error>'); }
    const { md5 } = await store.putPart(b, q.uploadId, q.partNumber, obj.content);
    return xml(ctx, `<CopyPartResult><LastModified>${new Date().toISOString()}</LastModified><ETag>"${md5}"</ETag></CopyPartResult>`);
  }
  await next();
  cutOnce(ctx, key);
});

// S3_CUT_AFTER_BYTES=N: the first whole GET of each object larger than N sends N bytes and drops the connection, as a
// flaky network does; a client that resumes asks for the rest with Range (each such GET is logged as RESUME).
const cutAfter = Number(process.env.S3_CUT_AFTER_BYTES || 0);
const cutKeys = new Set();
function cutOnce(ctx, key) {
  if (!cutAfter || ctx.method !== 'GET' || !key || ctx.status !== 200 && ctx.status !== 206) return;
  const range = ctx.headers.range;
  if (range) { if (!/^bytes=0-/.test(range)) console.log('RESUME', key, range); return; }
  if (cutKeys.has(key) || !ctx.body || typeof ctx.body.pipe !== 'function' || !(Number(ctx.length) > cutAfter)) return;
  cutKeys.add(key);
  console.log('CUT', key);
  const source = ctx.body;
  const out = new (require('stream').PassThrough)();
  let sent = 0;
  source.on('data', chunk => {
    if (sent >= cutAfter) return;
    const room = cutAfter - sent;
    out.write(chunk.length > room ? chunk.subarray(0, room) : chunk);
    sent += Math.min(chunk.length, room);
    if (sent >= cutAfter) { source.destroy(); setTimeout(() => ctx.req.socket.destroy(), 50); }
  });
  source.on('end', () => out.end());
  ctx.body = out;
}
server.run().then(() => console.log(`s3rver-plus listening on 127.0.0.1:${port}`), e => { console.error(e); process.exit(1); });
