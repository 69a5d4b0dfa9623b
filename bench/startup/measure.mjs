// Start to ready: launches each variant of the packaged app in turn, `runs` times, rotating which
// goes first, and times each launch from spawn to the first 200 on /q/health/ready (the management
// port), polled every 5 ms. Prints one JSON line per launch and, at the end, a summary line.
//
//   node bench/startup/measure.mjs RUNS VARIANTS_JSON
//
// VARIANTS_JSON: [{"name": "...", "java": "/path/bin/java", "args": ["-jar", "..."], "cwd": "..."}]
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';

const [runs, variants] = [Number(process.argv[2]), JSON.parse(process.argv[3])];
const POLL_MS = 5;
const GIVE_UP_MS = 60_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    }).on('error', reject);
  });
}

function ready(port) {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/q/health/ready', agent: false, timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.on('timeout', () => { request.destroy(); resolve(false); });
  });
}

async function launch(variant) {
  const [port, management] = [await freePort(), await freePort()];
  const started = process.hrtime.bigint();
  const child = spawn(variant.java, [`-Dquarkus.http.port=${port}`, `-Dquarkus.management.port=${management}`,
    ...variant.args], { cwd: variant.cwd, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  let millis = null;
  while (millis === null && !gone() && Number(process.hrtime.bigint() - started) / 1e6 < GIVE_UP_MS) {
    if (await ready(management)) {
      millis = Number(process.hrtime.bigint() - started) / 1e6;
    } else {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
  if (millis === null && gone()) {
    throw new Error(`${variant.name} exited with ${await exited} before it was ready (its standard error is above)`);
  }
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(killer);
  if (millis === null) {
    throw new Error(`${variant.name} was not ready within ${GIVE_UP_MS} ms`);
  }
  return millis;
}

const times = Object.fromEntries(variants.map((variant) => [variant.name, []]));
for (let run = 0; run < runs; run++) {
  for (let i = 0; i < variants.length; i++) {
    const variant = variants[(run + i) % variants.length];
    const millis = await launch(variant);
    times[variant.name].push(millis);
    console.log(JSON.stringify({ run, variant: variant.name, millis: Math.round(millis) }));
  }
}
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
console.log(JSON.stringify({
  summary: variants.map(({ name }) => ({ variant: name, runs: times[name].length,
    min: Math.round(Math.min(...times[name])), median: Math.round(median(times[name])) })),
}));
