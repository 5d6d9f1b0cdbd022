/**
 * Certificates made at test time with openssl: a CA, the frontend's certificate
 * (SAN 127.0.0.1 and localhost), a client certificate the CA signed, and a client
 * certificate from a different CA (a stranger's, which the server must refuse).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Files of the generated certificates. */
export interface TestCerts {
  caFile: string;
  serverCertFile: string;
  serverKeyFile: string;
  clientCertFile: string;
  clientKeyFile: string;
  strangerCertFile: string;
  strangerKeyFile: string;
  serverName: string;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function ca(dir: string, name: string): void {
  openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.pem`]);
}

function leaf(dir: string, name: string, caName: string, ext: string): void {
  openssl(dir, ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.csr`]);
  openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', `${caName}.pem`, '-CAkey', `${caName}.key`, '-CAcreateserial', '-days', '2', '-out', `${name}.pem`, '-extfile', ext]);
}

/**
 * @param dir where the files go (created)
 * @returns their paths
 */
export function makeTestCerts(dir: string): TestCerts {
  mkdirSync(dir, { recursive: true });
  ca(dir, 'ca');
  ca(dir, 'other-ca');
  writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n');
  writeFileSync(path.join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  writeFileSync(path.join(dir, 'stranger.ext'), 'extendedKeyUsage=clientAuth\n');
  leaf(dir, 'server', 'ca', 'server.ext');
  leaf(dir, 'client', 'ca', 'client.ext');
  leaf(dir, 'stranger', 'other-ca', 'stranger.ext');
  const f = (name: string) => path.join(dir, name);
  return {
    caFile: f('ca.pem'),
    serverCertFile: f('server.pem'),
    serverKeyFile: f('server.key'),
    clientCertFile: f('client.pem'),
    clientKeyFile: f('client.key'),
    strangerCertFile: f('stranger.pem'),
    strangerKeyFile: f('stranger.key'),
    serverName: 'localhost',
  };
}
