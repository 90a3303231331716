import { describe, expect, it } from 'vitest';
import { parseHuaweiErrorBody } from '../../../src/providers/huawei/error-body.js';

/** The four error shapes of reference/huawei.md §7.1, with the examples it quotes. */
describe('Huawei error bodies', () => {
  it('reads the EIP v1 shape {code, message}', () => {
    expect(parseHuaweiErrorBody('{"code":"VPC.0504","message":"Floating IP could not be found."}')).toEqual({
      code: 'VPC.0504',
      message: 'Floating IP could not be found.',
    });
  });

  it('reads the API Gateway / EIP v3 shape with its request id', () => {
    const body =
      '{"error_msg":"Incorrect IAM authentication information: verify aksk signature fail","error_code":"APIGW.0301","request_id":"8080d377bffeb6d519b0567c09cebe6b"}';
    expect(parseHuaweiErrorBody(body)).toEqual({
      code: 'APIGW.0301',
      message: 'Incorrect IAM authentication information: verify aksk signature fail',
      requestId: '8080d377bffeb6d519b0567c09cebe6b',
    });
  });

  it('reads the ECS shape and the Keystone shape whose code is a number', () => {
    expect(parseHuaweiErrorBody('{"error":{"message":"request body is illegal.","code":"Ecs.0005"}}')).toEqual({
      code: 'Ecs.0005',
      message: 'request body is illegal.',
    });
    expect(parseHuaweiErrorBody('{"error":{"message":"Unauthorized.","code":401,"title":"Unauthorized"}}')).toEqual({
      code: '401',
      message: 'Unauthorized.',
    });
  });

  it('reads the Neutron shape, using its type as the code', () => {
    const body = '{"NeutronError":{"message":"Port 99d9 could not be found.","type":"PortNotFound","detail":""}}';
    expect(parseHuaweiErrorBody(body)).toEqual({ code: 'PortNotFound', message: 'Port 99d9 could not be found.' });
  });

  it('masks the access key API Gateway names in its message, as SPEC §5 requires of logs and audit', () => {
    const body = '{"error_msg":"Incorrect IAM authentication information: ak HPUAEXAMPLEAK0000001 not exist","error_code":"APIG.0301"}';
    expect(parseHuaweiErrorBody(body).message).toBe('Incorrect IAM authentication information: ak HPUA… not exist');
  });

  it('keeps a short excerpt of anything else for the logs', () => {
    expect(parseHuaweiErrorBody('<html>502 Bad Gateway</html>')).toEqual({ message: '<html>502 Bad Gateway</html>' });
    expect(parseHuaweiErrorBody('{"unexpected":true}')).toEqual({ message: '{"unexpected":true}' });
    expect(parseHuaweiErrorBody('x'.repeat(500)).message).toHaveLength(200);
    expect(parseHuaweiErrorBody('')).toEqual({});
  });
});
