import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors.js';
import { parseStoreUrl, redactStoreUrl } from '../../src/store/store-url.js';

describe('parseStoreUrl', () => {
  it.each([
    ['sqlite://./data/eipbot.sqlite', '/srv/bot/data/eipbot.sqlite'],
    ['sqlite://data/eipbot.sqlite', '/srv/bot/data/eipbot.sqlite'],
    ['sqlite://../shared/eipbot.sqlite', '/srv/shared/eipbot.sqlite'],
    ['sqlite:///var/lib/eipbot/eipbot.sqlite', '/var/lib/eipbot/eipbot.sqlite'],
  ])('reads %s as the SQLite file %s (relative to the working directory)', (url, path) => {
    expect(parseStoreUrl(url, '/srv/bot')).toEqual({ kind: 'sqlite', path });
  });

  it('reads a Redis URL with its host, port, database and the default eipbot: prefix', () => {
    expect(parseStoreUrl('redis://redis.internal:6380/2', '/')).toEqual({
      kind: 'redis',
      host: 'redis.internal',
      port: 6380,
      tls: false,
      database: 2,
      keyPrefix: 'eipbot:',
    });
  });

  it('uses port 6379 and database 0 when the URL names neither', () => {
    expect(parseStoreUrl('redis://redis.internal', '/')).toMatchObject({ port: 6379, database: 0 });
  });

  it('turns on TLS for rediss:// and takes the prefix from ?prefix=', () => {
    expect(parseStoreUrl('rediss://cache.example.com:6380/0?prefix=bot-eu:', '/')).toMatchObject({
      tls: true,
      keyPrefix: 'bot-eu:',
    });
  });

  it('keeps the password as a secret that does not print', () => {
    const location = parseStoreUrl('redis://:s3cr%40t@127.0.0.1:6379/0', '/');

    expect(location.kind === 'redis' && location.password?.reveal()).toBe('s3cr@t');
    expect(JSON.stringify(location)).not.toContain('s3cr');
  });

  it('keeps a Redis 6 ACL user name', () => {
    expect(parseStoreUrl('redis://eipbot:pw@127.0.0.1:6379/0', '/')).toMatchObject({ username: 'eipbot' });
  });

  it('reads a bracketed IPv6 host', () => {
    expect(parseStoreUrl('redis://[::1]:6379/0', '/')).toMatchObject({ host: '::1', port: 6379 });
  });

  it.each([
    ['mysql://db/eipbot', /names no known backend/],
    ['eipbot.sqlite', /names no known backend/],
    ['sqlite://', /names no SQLite file/],
    ['sqlite:///var/lib/eipbot/', /names no SQLite file/],
    ['redis://', /host is missing|not a well-formed URL/],
    ['redis://127.0.0.1:6379/zero', /database "zero" must be a number/],
    ['redis://127.0.0.1:6379/0/1', /must be a number/],
    ['redis://127.0.0.1:6379/0?db=1', /unknown option "db"/],
    ['redis://127.0.0.1:6379/0?prefix=', /\?prefix= must not be empty/],
    ['redis://127.0.0.1:6379/0#main', /#fragment/],
    ['redis://127.0.0.1:99999/0', /not a well-formed URL/],
  ])('refuses %s with a StoreError that says why and shows the accepted forms', (url, why) => {
    const parse = () => parseStoreUrl(url, '/');

    expect(parse).toThrow(StoreError);
    expect(parse).toThrow(why);
    expect(parse).toThrow(/Use sqlite:\/\/\.\/relative\/path\.sqlite, sqlite:\/\/\/absolute\/path\.sqlite, redis:\/\/\[:password@\]host:port\[\/db\] or rediss:\/\//);
  });

  it.each([
    'redis://:hunter2@127.0.0.1:6379/zero',
    'redis://user:hunter2@127.0.0.1:6379/0?db=1',
    'rediss://:hun@ter2@127.0.0.1:6379/0#x',
    'redis://:hunter2/x@/0',
  ])('never repeats the password of %s in its error', (url) => {
    expect(() => parseStoreUrl(url, '/')).toThrow(StoreError);
    try {
      parseStoreUrl(url, '/');
    } catch (error) {
      expect((error as StoreError).message).not.toMatch(/hunter2|hun@ter2|ter2/);
      expect((error as StoreError).userMessage).not.toMatch(/hunter2|ter2/);
    }
  });
});

describe('redactStoreUrl', () => {
  it('hides user and password but keeps host, database and prefix', () => {
    expect(redactStoreUrl('redis://user:pw@10.0.0.5:6379/3?prefix=x:')).toBe('redis://***@10.0.0.5:6379/3?prefix=x:');
  });

  it('leaves a URL without credentials as it is', () => {
    expect(redactStoreUrl('sqlite://./data/eipbot.sqlite')).toBe('sqlite://./data/eipbot.sqlite');
    expect(redactStoreUrl('redis://127.0.0.1:6379/0')).toBe('redis://127.0.0.1:6379/0');
  });
});
