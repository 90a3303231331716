import { describe, expect, it } from 'vitest';
import { parseTc3Authorization, signTc3, tc3Date } from '../../../src/providers/tencent/signer-tc3.js';

// reference/tencent.md §3.3: Tencent's "Signature v3" worked example, with its unmasked EXAMPLE keys.
const SECRET_ID = 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE';
const SECRET_KEY = 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE';
// The exact body bytes of the doc (Python json.dumps: spaces after ':' and ',', \u-escaped CJK).
const DOC_PAYLOAD = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';

const docInput = {
  secretId: SECRET_ID,
  secretKey: SECRET_KEY,
  service: 'cvm',
  method: 'POST' as const,
  signedHeaders: { 'Content-Type': 'application/json; charset=utf-8', Host: 'cvm.tencentcloudapi.com' },
  payload: DOC_PAYLOAD,
  timestamp: 1551113065,
};

describe('TC3-HMAC-SHA256 signer', () => {
  it('reproduces every step of the documented DescribeInstances example byte for byte', () => {
    const signed = signTc3(docInput);
    expect(signed.hashedPayload).toBe('35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064');
    expect(signed.canonicalRequest).toBe(
      'POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n' +
        '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
    );
    expect(signed.hashedCanonicalRequest).toBe('5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031');
    expect(signed.stringToSign).toBe(
      'TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
    );
    expect(signed.signature).toBe('72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
    expect(signed.authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, ' +
        'SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });

  it('reproduces the canonical-request hash of the newer doc revision that also signs x-tc-action', () => {
    const signed = signTc3({ ...docInput, signedHeaders: { ...docInput.signedHeaders, 'X-TC-Action': 'DescribeInstances' } });
    expect(signed.signedHeaderNames).toBe('content-type;host;x-tc-action');
    expect(signed.hashedCanonicalRequest).toBe('7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84');
    expect(signed.signature).toBe('644be983de9a8a3f00db8eadaba61467c3b429e2215758ba897b738ca469fd26');
  });

  it('reproduces the derived VPC DisassociateAddress vector', () => {
    const signed = signTc3({
      ...docInput,
      service: 'vpc',
      signedHeaders: { 'content-type': 'application/json', host: 'vpc.tencentcloudapi.com' },
      payload: '{"AddressId":"eip-ek0cdz1g"}',
    });
    expect(signed.hashedPayload).toBe('8e8f4bca72a57fe9fb5deddc1faf73bef6db16a5d6949e3d0fd904ea1b093134');
    expect(signed.hashedCanonicalRequest).toBe('7b22f02fbe9a37a8bf5ecba881b3fd4744f9f419f3f2f0e841fc996f89b65b30');
    expect(signed.authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/vpc/tc3_request, ' +
        'SignedHeaders=content-type;host, Signature=c870d3bd44b8fc4397b0ad55a399f3903a2dda3ddab3140bce6a3d33c9935e8f',
    );
  });

  it('hashes an empty JSON object to the documented constant', () => {
    expect(signTc3({ ...docInput, payload: '{}' }).hashedPayload).toBe(
      '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    );
  });

  it('dates the credential scope in UTC, not in Beijing time', () => {
    expect(tc3Date(1551113065)).toBe('2019-02-25');
    expect(tc3Date(1551139199)).toBe('2019-02-25');
    expect(tc3Date(1551139200)).toBe('2019-02-26');
  });

  it('reads back the parts of an Authorization header and refuses a malformed one', () => {
    const parsed = parseTc3Authorization(signTc3(docInput).authorization);
    expect(parsed).toEqual({
      secretId: SECRET_ID,
      date: '2019-02-25',
      service: 'cvm',
      signedHeaders: ['content-type', 'host'],
      signature: '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    });
    expect(parseTc3Authorization('TC3-HMAC-SHA256 Credential=x')).toBeUndefined();
    expect(parseTc3Authorization('HMAC-SHA1 whatever')).toBeUndefined();
  });
});
