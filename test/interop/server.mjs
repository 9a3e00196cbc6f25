// Starts `floe serve` on a free port for a test and stops it again.

import { spawn } from 'node:child_process';

import { FLOE_BIN, requireFloe } from './floe.mjs';

/**
 * Starts `floe COMMAND --data dir --port 0 ...args` (serve or up); resolves to
 * {proc, port, url, stderr(), exited, stop(signal)} once the port is reported.
 * `exited` resolves to {code, signal}.
 */
export async function startFloe(command, dir, args = []) {
  requireFloe();
  const proc = spawn(FLOE_BIN, [command, '--data', dir, '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr.on('data', (d) => {
    err += d;
  });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  const port = await new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /^(\d+)\n/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    exited.then(({ code, signal }) => reject(new Error(`floe ${command} exited (${code ?? signal}): ${err}`)));
    // Unref'd: a pending timer would keep the test process alive after the tests end.
    setTimeout(() => reject(new Error(`floe ${command} did not report its port: ${err}`)), 20_000).unref();
  });
  return {
    proc,
    port,
    url: `http://127.0.0.1:${port}`,
    stderr: () => err,
    exited,
    /** Sends `signal` and waits for the process to end. */
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}

/** `floe serve` on a free port (see startFloe). */
export const startServer = (dir, args = []) => startFloe('serve', dir, args);

/** `floe up` on a free port (see startFloe); stop('SIGINT') is Ctrl-C. */
export const startUp = (dir, args = []) => startFloe('up', dir, args);

/** A Firehose client of the AWS SDK for `url`, with dummy credentials. */
export async function firehoseClient(url) {
  const { FirehoseClient } = await import('@aws-sdk/client-firehose');
  return new FirehoseClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
}

/** Plain JSON over HTTP: resolves to {status, headers, json}. */
export async function httpJson(url, { method = 'GET', body, headers = {} } = {}) {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = { text };
  }
  return { status: res.status, headers: res.headers, json };
}

/**
 * Creates namespace `ns` and table `name` (schema fields, optional partition
 * spec) in bucket through the Iceberg REST catalog; resolves to the response.
 */
export async function createTable(url, bucket, ns, name, fields, partitionSpec = undefined) {
  const base = `${url}/iceberg/v1/${bucket}`;
  const n = await httpJson(`${base}/namespaces`, { method: 'POST', body: { namespace: [ns], properties: {} } });
  if (n.status !== 200 && n.status !== 409) throw new Error(`create namespace: ${n.status} ${JSON.stringify(n.json)}`);
  const t = await httpJson(`${base}/namespaces/${ns}/tables`, {
    method: 'POST',
    body: { name, schema: { type: 'struct', 'schema-id': 0, fields }, 'partition-spec': partitionSpec },
  });
  if (t.status !== 200) throw new Error(`create table: ${t.status} ${JSON.stringify(t.json)}`);
  return t.json;
}

/** The IoT seed schema of the reference pipeline. */
export const IOT_FIELDS = [
  { id: 1, name: 'sensor_id', required: false, type: 'string' },
  { id: 2, name: 'timestamp', required: false, type: 'long' },
  { id: 3, name: 'location', required: false, type: 'string' },
  { id: 4, name: 'temperature', required: false, type: 'double' },
  { id: 5, name: 'humidity', required: false, type: 'double' },
  { id: 6, name: 'pressure', required: false, type: 'double' },
];

/** A CreateDeliveryStream request for an Iceberg destination in table bucket `bucket`. */
export function icebergStreamRequest(name, bucket, ns, table, { size = 1, interval = 0, errorBucket = 'errors' } = {}) {
  return {
    DeliveryStreamName: name,
    DeliveryStreamType: 'DirectPut',
    IcebergDestinationConfiguration: {
      RoleARN: 'arn:aws:iam::000000000000:role/firehose',
      CatalogConfiguration: { CatalogARN: `arn:aws:glue:us-east-1:000000000000:catalog/s3tablescatalog/${bucket}` },
      S3Configuration: {
        RoleARN: 'arn:aws:iam::000000000000:role/firehose',
        BucketARN: `arn:aws:s3:::${errorBucket}`,
        ErrorOutputPrefix: 'errors/',
      },
      BufferingHints: { SizeInMBs: size, IntervalInSeconds: interval },
      RetryOptions: { DurationInSeconds: 60 },
      DestinationTableConfigurationList: [{ DestinationDatabaseName: ns, DestinationTableName: table }],
    },
  };
}
