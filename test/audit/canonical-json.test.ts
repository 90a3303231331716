import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/audit/canonical-json.js';
import { GENESIS_HASH, recordHash } from '../../src/audit/record-hash.js';

describe('canonical JSON and record hashes', () => {
  it('sorts keys at every depth and leaves no whitespace, so any tool can recompute a hash', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x y' } })).toBe('{"a":{"c":"x y","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('writes strings and numbers as JSON.stringify does (RFC 8785)', () => {
    expect(canonicalJson({ text: 'line\n"quoted" é', n: 1e21, small: 0.000001, neg: -0 })).toBe('{"n":1e+21,"neg":0,"small":0.000001,"text":"line\\n\\"quoted\\" é"}');
  });

  it('refuses values that have no JSON form instead of hashing something else', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/NaN/);
  });

  it('hashes sha256 over the previous hash followed by the canonical record', () => {
    const unsigned = { seq: 0, prevHash: GENESIS_HASH, requestId: 'R-7K2F9Q', type: 'requested', actor: 'U0REQUESTER', at: 1735787045000 };
    const expected = createHash('sha256')
      .update(`${GENESIS_HASH}{"actor":"U0REQUESTER","at":1735787045000,"prevHash":"${GENESIS_HASH}","requestId":"R-7K2F9Q","seq":0,"type":"requested"}`)
      .digest('hex');

    expect(recordHash(unsigned)).toBe(expected);
  });
});
