import { describe, expect, it } from 'vitest';
import { encodeRfc3986, legacyStringToSign, signLegacy } from '../../../src/providers/tencent/signer-legacy.js';

// reference/tencent.md §2.3: the keys of the legacy signature docs (K1) and of the API 3.0 v1 example (K2).
const K1 = { id: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA', key: 'Gu5t9xGARNpq86cd98joQYCN3Cozk1qA' };
const K2 = { id: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE', key: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE' };

const describeInstances = (signatureMethod: string) => ({
  Action: 'DescribeInstances',
  'InstanceIds.0': 'ins-09dx96dg',
  Nonce: 11886,
  Region: 'ap-guangzhou',
  SecretId: K1.id,
  SignatureMethod: signatureMethod,
  Timestamp: 1465185768,
});

const eipUnbind = {
  Action: 'EipUnBindInstance',
  Nonce: 11886,
  Region: 'gz',
  SecretId: K1.id,
  SignatureMethod: 'HmacSHA256',
  Timestamp: 1465185768,
  allocWanIp: 0,
  eipId: 'eip-mksy14ay',
};

describe('legacy v1 signer', () => {
  it('reproduces the documented HmacSHA256 example', () => {
    const { stringToSign, signature } = signLegacy({
      method: 'GET',
      host: 'cvm.api.qcloud.com',
      path: '/v2/index.php',
      params: describeInstances('HmacSHA256'),
      secretKey: K1.key,
      algorithm: 'HmacSHA256',
    });
    expect(stringToSign).toBe(
      'GETcvm.api.qcloud.com/v2/index.php?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Nonce=11886&Region=ap-guangzhou' +
        '&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA&SignatureMethod=HmacSHA256&Timestamp=1465185768',
    );
    expect(signature).toBe('0EEm/HtGRr/VJXTAD9tYMth1Bzm3lLHz5RCDv1GdM8s=');
    expect(encodeRfc3986(signature)).toBe('0EEm%2FHtGRr%2FVJXTAD9tYMth1Bzm3lLHz5RCDv1GdM8s%3D');
  });

  it('reproduces the documented HmacSHA1 example', () => {
    const { signature } = signLegacy({
      method: 'GET',
      host: 'cvm.api.qcloud.com',
      path: '/v2/index.php',
      params: describeInstances('HmacSHA1'),
      secretKey: K1.key,
      algorithm: 'HmacSHA1',
    });
    expect(signature).toBe('nPVnY6njQmwQ8ciqbPl5Qe+Oru4=');
  });

  it('reproduces the CN doc quirk: SHA1 over a string that names HmacSHA256', () => {
    const { signature } = signLegacy({
      method: 'GET',
      host: 'cvm.api.qcloud.com',
      path: '/v2/index.php',
      params: describeInstances('HmacSHA256'),
      secretKey: K1.key,
      algorithm: 'HmacSHA1',
    });
    expect(signature).toBe('RVSD1I6ip2Zo56I2HdqRVrt+1TE=');
  });

  it('reproduces the API 3.0 v1 example with the path "/"', () => {
    const { stringToSign, signature } = signLegacy({
      method: 'GET',
      host: 'cvm.tencentcloudapi.com',
      path: '/',
      params: {
        Action: 'DescribeInstances',
        'InstanceIds.0': 'ins-09dx96dg',
        Limit: 20,
        Nonce: 11886,
        Offset: 0,
        Region: 'ap-guangzhou',
        SecretId: K2.id,
        Timestamp: 1465185768,
        Version: '2017-03-12',
      },
      secretKey: K2.key,
      algorithm: 'HmacSHA1',
    });
    expect(stringToSign).toBe(
      'GETcvm.tencentcloudapi.com/?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Limit=20&Nonce=11886&Offset=0' +
        '&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE&Timestamp=1465185768&Version=2017-03-12',
    );
    expect(signature).toBe('EliP9YW3pW28FpsEdkXt/+WcGeI=');
  });

  it('reproduces the derived EIP v2 EipUnBindInstance vectors for GET and POST', () => {
    const input = { host: 'eip.api.qcloud.com', path: '/v2/index.php', params: eipUnbind, secretKey: K1.key, algorithm: 'HmacSHA256' as const };
    const get = signLegacy({ ...input, method: 'GET' });
    expect(get.stringToSign).toBe(
      'GETeip.api.qcloud.com/v2/index.php?Action=EipUnBindInstance&Nonce=11886&Region=gz&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA' +
        '&SignatureMethod=HmacSHA256&Timestamp=1465185768&allocWanIp=0&eipId=eip-mksy14ay',
    );
    expect(get.signature).toBe('Cvgd89pzHgKE1ceo30WVVMg/79gCml9MmC4rS+D1cb4=');
    expect(encodeRfc3986(get.signature)).toBe('Cvgd89pzHgKE1ceo30WVVMg%2F79gCml9MmC4rS%2BD1cb4%3D');
    expect(signLegacy({ ...input, method: 'POST' }).signature).toBe('sC1oXTPGj1fLcKilWciVnQa9LeaR9BP1q2wvVG8XA+w=');
  });

  it('sorts keys by byte order, reads "_" in keys as "." and ignores a Signature parameter', () => {
    expect(
      legacyStringToSign('get', 'h', '/p', { 'InstanceIds.2': 'b', 'InstanceIds.12': 'a', eipId: 'x', Signature: 'old', Key_Name: 'v' }),
    ).toBe('GETh/p?InstanceIds.12=a&InstanceIds.2=b&Key.Name=v&eipId=x');
  });

  it('encodes sent values per RFC 3986 with upper-case hex', () => {
    expect(encodeRfc3986("a b+c/d=e!'()*~")).toBe('a%20b%2Bc%2Fd%3De%21%27%28%29%2A~');
  });
});
