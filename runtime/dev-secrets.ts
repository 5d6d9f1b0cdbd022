/**
 * Development secrets: random, generated once per data folder and kept there
 * (`<DATA_DIR>/keys.json`, mode 0600), so mailed links stay valid and encrypted
 * histories stay readable across restarts, while no secret is shared between
 * machines (the old fixed development constant was public: anyone could forge
 * a link). Production never reads this file: runtime/config.ts refuses to start
 * there without ACTION_TOKEN_SECRETS and PAYLOAD_CODEC_KEYS.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** File name of the development secrets inside the data folder. */
export const DEV_SECRETS_FILE = 'keys.json';

/** Secrets of one development data folder. */
export interface DevSecrets {
  /** `kid:secret` as ACTION_TOKEN_SECRETS would give it. */
  actionTokenSecrets: string;
  /** `kid:base64key` as PAYLOAD_CODEC_KEYS would give it. */
  payloadCodecKeys: string;
  /** Operator secret of the codec endpoint, as CODEC_ENDPOINT_TOKEN would give it. */
  codecEndpointToken: string;
}

const fileSchema = z.strictObject({
  actionTokenSecrets: z.string().min(1),
  payloadCodecKeys: z.string().min(1),
  codecEndpointToken: z.string().min(32),
});

function generate(): DevSecrets {
  const tag = randomBytes(3).toString('hex');
  return {
    actionTokenSecrets: `dev-${tag}:${randomBytes(32).toString('base64url')}`,
    payloadCodecKeys: `dev-${tag}:${randomBytes(32).toString('base64')}`,
    codecEndpointToken: randomBytes(32).toString('base64url'),
  };
}

/**
 * Reads the data folder's secrets, creating them on first use. Creation is
 * atomic (write a temporary file, then link it into place), so processes
 * starting together (worker, web, CLI) all end up with the same secrets.
 * @param dataDir absolute path of the data folder
 * @returns the secrets
 * @throws Error naming the file when it exists but is not ours
 */
export function loadDevSecrets(dataDir: string): DevSecrets {
  const file = path.join(dataDir, DEV_SECRETS_FILE);
  const read = (): DevSecrets | undefined => {
    let raw: string;
    try {
      raw = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    const ok = fileSchema.safeParse(parsed);
    if (!ok.success) throw new Error(`${file} is not a development secrets file (delete it to generate new secrets; links already mailed will stop working)`);
    return ok.data;
  };
  const existing = read();
  if (existing) return existing;
  mkdirSync(dataDir, { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(generate(), null, 2)}\n`, { mode: 0o600 });
  try {
    linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(tmp);
  }
  return read()!;
}
