// The published npm client (vlmrun@0.2.12, the older domain/prediction API) against a real
// Docket server: the test host binary (the real `docket` command plus test agents), started
// here and stopped at the end. DOCKET_TEST_EXTRACT=1 registers the test-only stand-in for
// document/extract, which answers a schema's shape with empty values.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { VlmRun } = require('vlmrun');

const repo = path.resolve(__dirname, '..', '..');
const testHost = path.join(repo, 'tests', 'Docket.TestHost', 'bin', 'Release', 'net10.0', 'Docket.TestHost.dll');
const invoicePdf = path.join(repo, 'samples', 'documents', 'invoice.pdf');
const key = 'dk_node_client_test_key_0001';
// A valid 1x1 PNG.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const invoiceFields = ['invoice_number', 'invoice_date', 'due_date', 'currency', 'vendor', 'customer', 'line_items', 'subtotal', 'tax', 'total', 'payment_terms'];

let server;
let serverLog = '';
let dataDir;
let client;

before(async () => {
  assert.ok(fs.existsSync(testHost), `build the test host first: dotnet build tests/Docket.TestHost -c Release (missing ${testHost})`);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-node-'));
  server = spawn('dotnet', [testHost, 'serve', '--urls', 'http://127.0.0.1:0', '--data', path.join(dataDir, 'data'), '--workers', '2'], {
    env: {
      ...process.env,
      DOCKET_BOOTSTRAP_KEY: key,
      DOCKET_TEST_EXTRACT: '1',
      DOCKET_CONFIG__Queue__PollSeconds: '0.2',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Never leave the server behind, even when this run is interrupted.
  process.on('exit', () => server.kill('SIGKILL'));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      server.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(130);
    });
  }
  server.stderr.on('data', (chunk) => { serverLog += chunk; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`docket did not start within 60 s:\n${serverLog}`)), 60_000);
    server.on('exit', (code) => reject(new Error(`docket exited (${code}) before it was ready:\n${serverLog}`)));
    readline.createInterface({ input: server.stdout }).on('line', (line) => {
      serverLog += line + '\n';
      const match = /^Docket listening on (\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  client = new VlmRun({ apiKey: key, baseURL: `${url}/v1` });
});

after(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
    server.kill('SIGKILL');
  }
  if (dataDir) {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

function md5(file) {
  return crypto.createHash('md5').update(fs.readFileSync(file)).digest('hex');
}

async function uploadInvoice() {
  return client.files.upload({ filePath: invoicePdf });
}

async function rejectsWithStatus(promise, status) {
  await assert.rejects(promise, (error) => {
    assert.equal(error.name, 'APIError');
    assert.equal(error.http_status, status, error.message);
    return true;
  });
}

test('models.list names every shipped domain on vlm-1', async () => {
  const models = await client.models.list();
  assert.deepEqual(models.map((m) => m.domain), ['document.bank-statement', 'document.invoice', 'document.purchase-order', 'document.receipt']);
  assert.ok(models.every((m) => m.model === 'vlm-1'));
});

test('hub info, domains and schema', async () => {
  const info = await client.hub.info();
  assert.match(info.version, /^\d+\.\d+/);

  const domains = await client.hub.listDomains();
  const invoice = domains.find((d) => d.domain === 'document.invoice');
  assert.equal(invoice.name, 'Invoice');
  assert.ok(invoice.description.length > 0);

  const schema = await client.hub.getSchema({ domain: 'document.invoice' });
  assert.equal(schema.domain, 'document.invoice');
  assert.equal(schema.schema_version, '1.0.0');
  assert.match(schema.schema_hash, /^[0-9a-f]{8}$/);
  assert.deepEqual(Object.keys(schema.json_schema.properties), invoiceFields);

  const narrowed = await client.hub.getSchema({ domain: 'document.invoice', gql_stmt: '{ invoice_number total }' });
  assert.deepEqual(Object.keys(narrowed.json_schema.properties), ['invoice_number', 'total']);

  // Hub wraps every failure in an APIError of its own, without a status: the message carries it.
  await assert.rejects(client.hub.getSchema({ domain: 'document.tax-return' }), /domain_not_found/);
});

test('files: upload, hash de-duplication, list, get, delete', async () => {
  const uploaded = await client.files.upload({ filePath: invoicePdf, checkDuplicate: false });
  assert.equal(uploaded.filename, 'invoice.pdf');
  assert.equal(uploaded.bytes, fs.statSync(invoicePdf).size);
  assert.equal(uploaded.object, 'file');
  assert.equal(uploaded.purpose, 'assistants');
  assert.equal(uploaded.md5, md5(invoicePdf));

  // The default upload asks GET /files/hash/{md5} first and reuses the stored file (the only
  // one with these bytes so far: the tests run in order).
  const again = await client.files.upload({ filePath: invoicePdf });
  assert.equal(again.id, uploaded.id);
  assert.equal((await client.files.getCachedFile(invoicePdf)).id, uploaded.id);
  const copy = await client.files.upload({ filePath: invoicePdf, checkDuplicate: false });
  assert.notEqual(copy.id, uploaded.id);

  const listed = await client.files.list({ limit: 1000 });
  assert.ok(listed.some((f) => f.id === uploaded.id));
  assert.ok(listed.some((f) => f.id === copy.id));
  assert.deepEqual(await client.files.get(copy.id), copy);

  await client.files.delete(copy.id);
  await rejectsWithStatus(client.files.get(copy.id), 404);
  assert.equal(await client.files.getCachedFile(path.join(__dirname, 'package.json')), null);
});

test('document.generate with batch: false answers with the completed prediction', async () => {
  const file = await uploadInvoice();
  const prediction = await client.document.generate({ fileId: file.id, domain: 'document.invoice', batch: false });

  assert.equal(prediction.status, 'completed');
  assert.equal(prediction.domain, 'document.invoice');
  assert.ok(Date.parse(prediction.created_at) <= Date.parse(prediction.completed_at));
  assert.deepEqual(Object.keys(prediction.response), invoiceFields);
  assert.deepEqual(Object.keys(prediction.response.vendor), ['name', 'address', 'tax_id']);
  assert.equal(prediction.usage.elements_processed, 1);
  assert.equal(prediction.usage.element_type, 'page');
});

test('document.generate with its own json schema and a gql statement', async () => {
  const file = await uploadInvoice();
  const custom = await client.document.generate({
    fileId: file.id,
    domain: 'document.custom',
    config: { jsonSchema: { type: 'object', properties: { vendor_name: { type: 'string' }, paid: { type: 'boolean' } } } },
  });
  assert.equal(custom.status, 'completed');
  assert.deepEqual(custom.response, { vendor_name: '', paid: false });

  const selected = await client.document.generate({ fileId: file.id, domain: 'document.receipt', config: { gqlStmt: '{ merchant_name items { price } }' } });
  assert.deepEqual(selected.response, { merchant_name: '', items: [] });
});

test('document.generate with batch: true, then predictions.get, wait and list', async () => {
  const file = await uploadInvoice();
  const pending = await client.document.generate({ fileId: file.id, domain: 'document.bank-statement', batch: true });
  assert.equal(pending.status, 'pending');
  assert.equal(pending.response, null);
  assert.equal(pending.completed_at, null);

  const done = await client.predictions.wait(pending.id, 30, 0.2);
  assert.equal(done.id, pending.id);
  assert.equal(done.status, 'completed');
  assert.deepEqual(done.response.transactions, []);
  assert.deepEqual(await client.predictions.get(pending.id), done);

  const listed = await client.predictions.list({ limit: 1000 });
  assert.ok(listed.some((p) => p.id === pending.id && p.status === 'completed'));
  await rejectsWithStatus(client.predictions.get('0198c0de-0000-7000-8000-000000000000'), 404);
});

test('image.generate sends local images as base64 and runs on their bytes', async () => {
  const image = path.join(dataDir, 'pixel.png');
  fs.writeFileSync(image, png);
  const prediction = await client.image.generate({ images: [image], domain: 'document.receipt' });

  assert.equal(prediction.status, 'completed');
  assert.equal(prediction.domain, 'document.receipt');
  assert.equal(prediction.usage.element_type, 'image');
  assert.equal(prediction.response.merchant_name, '');
});

test('generate errors keep their 4xx status', async () => {
  const file = await uploadInvoice();
  await rejectsWithStatus(client.document.generate({ fileId: file.id, domain: 'document.tax-return' }), 404);
  await rejectsWithStatus(client.document.generate({ fileId: '0198c0de-0000-7000-8000-000000000000', domain: 'document.invoice' }), 404);
  await rejectsWithStatus(client.document.generate({ fileId: file.id, domain: 'document.invoice', config: { gqlStmt: '{ nope }' } }), 400);
  await assert.rejects(client.document.generate({ domain: 'document.invoice' }), /Either `fileId` or `url` must be provided/);
});

test('feedback.submit on a prediction', async () => {
  const file = await uploadInvoice();
  const prediction = await client.document.generate({ fileId: file.id, domain: 'document.invoice' });
  const label = { invoice_number: 'INV-2024-0042', total: 495.96 };

  const feedback = await client.feedback.submit({ id: prediction.id, label, notes: 'filled by hand', flag: true });

  assert.equal(feedback.request_id, prediction.id);
  assert.ok(feedback.id.length > 0);
  assert.ok(!Number.isNaN(Date.parse(feedback.created_at)));
  assert.deepEqual(feedback.response, label);
  await rejectsWithStatus(client.feedback.submit({ id: '0198c0de-0000-7000-8000-000000000000', notes: 'no such prediction' }), 404);
});
