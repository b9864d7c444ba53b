// A real `docket serve` (the Release build of src/Docket.Cli) on 127.0.0.1 for the browser tests:
// started on a given port and data directory so that a test can stop it and start it again on
// the same address, as a restarted server would come back.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const readline = require('node:readline');

const repo = path.resolve(__dirname, '..', '..');
const docketDll = path.join(repo, 'src', 'Docket.Cli', 'bin', 'Release', 'net10.0', 'docket.dll');
const running = new Set();

// Never leave a server behind, even when the run is interrupted.
process.on('exit', () => { for (const child of running) child.kill('SIGKILL'); });

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

class DocketServer {
  constructor({ dataDir, key, port }) {
    this.dataDir = dataDir;
    this.key = key;
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.child = null;
    this.log = '';
  }

  static async start({ dataDir, key, port, workers = 2 }) {
    const server = new DocketServer({ dataDir, key, port: port ?? await freePort() });
    await server.start({ workers });
    return server;
  }

  /** Starts the process (again) on the same port and data directory; workers: 0 serves the API only. */
  async start({ workers = 2 } = {}) {
    if (!fs.existsSync(docketDll)) throw new Error(`build docket first: dotnet build src/Docket.Cli -c Release (missing ${docketDll})`);
    const args = [docketDll, 'serve', '--urls', this.url, '--data', this.dataDir];
    if (workers === 0) args.push('--no-workers'); else args.push('--workers', String(workers));
    const child = spawn('dotnet', args, {
      env: { ...process.env, DOCKET_BOOTSTRAP_KEY: this.key, DOCKET_CONFIG__Queue__PollSeconds: '0.2' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    running.add(child);
    child.once('exit', () => running.delete(child));
    child.stderr.on('data', (chunk) => { this.log += chunk; });
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`docket did not start within 90 s:\n${this.log}`)), 90_000);
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`docket exited (${code}) before it was ready:\n${this.log}`)); });
      readline.createInterface({ input: child.stdout }).on('line', (line) => {
        this.log += `${line}\n`;
        if (line.startsWith('Docket listening on')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }

  /** Stops the process the way an operator's restart does (SIGTERM), keeping its data. */
  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }

  /** One API call as the tests' own client: JSON in and out, throws on a non-2xx answer. */
  async api(method, apiPath, body) {
    const init = { method, headers: { Authorization: `Bearer ${this.key}` } };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(`${this.url}/v1/${apiPath}`, init);
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const error = new Error(`${method} ${apiPath} answered ${response.status}: ${text}`);
      error.status = response.status;
      throw error;
    }
    return json;
  }

  async upload(filePath, contentType) {
    const form = new FormData();
    form.append('file', new Blob([fs.readFileSync(filePath)], { type: contentType }), path.basename(filePath));
    return this.api('POST', 'files?purpose=assistants', form);
  }
}

module.exports = { DocketServer, freePort, repo };
