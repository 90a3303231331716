import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifestText = readFileSync(path.join(repoRoot, 'manifest.yml'), 'utf8');

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsPlugin as unknown as typeof addFormatsPlugin.default;

/** Slack's own schemas (test/fixtures/slack-manifest-schema/README.md), compiled the way their README says. */
function compileSchema(file: string): ValidateFunction {
  const schema = JSON.parse(readFileSync(path.join(repoRoot, 'test/fixtures/slack-manifest-schema', file), 'utf8')) as Record<string, unknown>;
  delete schema.$id;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

const schemas = [
  ['v1', compileSchema('manifest.schema.1.0.0.json')],
  ['v2', compileSchema('manifest.schema.2.0.0.json')],
] as const;

/** The HTTP-mode manifest, made by applying the file's own "HTTP mode:" comments. */
function httpModeText(host: string): { text: string; changes: number } {
  let changes = 0;
  const text = manifestText
    .split('\n')
    .map((line) => {
      const commentedOut = /^(\s*)# HTTP mode: (\w+: .*)$/.exec(line);
      if (commentedOut !== null) {
        changes += 1;
        return `${commentedOut[1]}${commentedOut[2]}`;
      }
      const switched = /^(\s*\w+:) \S+ # HTTP mode: (.*)$/.exec(line);
      if (switched !== null) {
        changes += 1;
        return `${switched[1]} ${switched[2]}`;
      }
      return line;
    })
    .join('\n')
    .replaceAll('<host>', host);
  return { text, changes };
}

interface Manifest {
  features: { slash_commands: { command: string; url?: string; usage_hint: string }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: { socket_mode_enabled: boolean; interactivity: { is_enabled: boolean; request_url?: string } };
}

const socketManifest = YAML.parse(manifestText) as Manifest;
const http = httpModeText('eipbot.example.com');
const httpManifest = YAML.parse(http.text) as Manifest;

describe('manifest.yml', () => {
  it.each(schemas)('is accepted by Slack manifest schema %s as written (Socket Mode)', (_version, validate) => {
    expect(validate(socketManifest), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(schemas)('is accepted by Slack manifest schema %s once switched to HTTP mode as its comments say', (_version, validate) => {
    expect(validate(httpManifest), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(schemas)('would be refused by schema %s if the command lost its slash (the schemas do check)', (_version, validate) => {
    const broken = structuredClone(socketManifest);
    (broken.features.slash_commands[0] as { command: string }).command = 'eip';
    expect(validate(broken)).toBe(false);
  });

  it('runs in Socket Mode with interactivity on and no public URL', () => {
    expect(socketManifest.settings).toMatchObject({ socket_mode_enabled: true, interactivity: { is_enabled: true } });
    expect(socketManifest.settings.interactivity.request_url).toBeUndefined();
    expect(socketManifest.features.slash_commands).toEqual([expect.objectContaining({ command: '/eip' })]);
    expect(socketManifest.features.slash_commands[0]?.url).toBeUndefined();
  });

  it('switches to HTTP mode by changing exactly three lines, both URLs on /slack/events', () => {
    expect(http.changes).toBe(3);
    expect(httpManifest.settings.socket_mode_enabled).toBe(false);
    expect(httpManifest.settings.interactivity.request_url).toBe('https://eipbot.example.com/slack/events');
    expect(httpManifest.features.slash_commands[0]?.url).toBe('https://eipbot.example.com/slack/events');
  });

  it('asks for exactly the bot scopes eipbot uses', () => {
    expect([...socketManifest.oauth_config.scopes.bot].sort()).toEqual(
      ['channels:read', 'chat:write', 'chat:write.public', 'commands', 'groups:read', 'usergroups:read', 'users:read'].sort(),
    );
  });

  it('shows every /eip command in the usage hint Slack displays while typing', () => {
    const hint = socketManifest.features.slash_commands[0]?.usage_hint ?? '';
    for (const verb of ['help', 'show', 'list', 'bind', 'unbind', 'move', 'isolate', 'vip unbind', 'requests', 'cancel']) {
      expect(hint).toContain(verb);
    }
  });
});
