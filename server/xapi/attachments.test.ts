// Attachments and signed statements: multipart/mixed requests with SHA-2 checked parts, GET
// with attachments=true, and JWS signatures with and without an x5c chain — on every database.
import { createHash, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { buildMultipart, parseMultipart } from './multipart.ts';
import type { MultipartPart } from './multipart.ts';
import { issueCertificate } from './test-support/self-signed-certificate.ts';
import { statement, VERBS } from './test-support/statements.ts';
import { getStatements, postStatements, startXapiApp, xapiHeaders } from './test-support/xapi-test-app.ts';
import type { XapiTestApp } from './test-support/xapi-test-app.ts';

const SIGNATURE = 'http://adlnet.gov/expapi/attachments/signature';
const BOUNDARY = 'test-boundary-7d1f';
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

function attachmentFor(content: Buffer, extra: Record<string, unknown> = {}) {
  return {
    usageType: 'https://shixun.test/attachments/evidence',
    display: { 'zh-CN': '证据', en: 'Evidence' },
    contentType: 'text/plain',
    length: content.length,
    sha2: sha256(content),
    ...extra,
  };
}

function part(content: Buffer, headers: Record<string, string> = {}): MultipartPart {
  return {
    headers: {
      'Content-Type': 'text/plain',
      'Content-Transfer-Encoding': 'binary',
      'X-Experience-API-Hash': sha256(content),
      ...headers,
    },
    body: content,
  };
}

function multipart(json: unknown, parts: readonly MultipartPart[]): Buffer {
  return buildMultipart(
    [{ headers: { 'Content-Type': 'application/json' }, body: Buffer.from(JSON.stringify(json)) }, ...parts],
    BOUNDARY,
  );
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function jws(payload: unknown, key: KeyObject, header: Record<string, unknown>): string {
  const signingInput = `${b64url(header)}.${b64url(payload)}`;
  const hash = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' }[String(header.alg)] ?? 'sha256';
  return `${signingInput}.${sign(hash, Buffer.from(signingInput), key).toString('base64url')}`;
}

/** A statement with a signature attachment and the multipart body that carries it. */
function signed(original: Record<string, unknown>, token: string): { statement: Record<string, unknown>; body: Buffer } {
  const content = Buffer.from(token);
  const withSignature = {
    ...original,
    attachments: [
      attachmentFor(content, { usageType: SIGNATURE, contentType: 'application/octet-stream', display: { en: 'Signature' } }),
    ],
  };
  return {
    statement: withSignature,
    body: multipart(withSignature, [part(content, { 'Content-Type': 'application/octet-stream' })]),
  };
}

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`xAPI attachments and signatures on ${variant.name}`, () => {
    let lrs: XapiTestApp;
    beforeAll(async () => {
      lrs = await startXapiApp(variant);
    });
    afterAll(async () => {
      await lrs?.close();
    });

    const postMultipart = (body: Buffer | string, contentType = `multipart/mixed; boundary=${BOUNDARY}`) =>
      lrs.app.inject({
        method: 'POST',
        url: '/xapi/statements',
        headers: xapiHeaders({ 'content-type': contentType }),
        payload: body,
      });

    it('stores a statement with an attachment part and returns it with attachments=true', async () => {
      const content = Buffer.from('培训记录 evidence \u0000\u00ff binary');
      const s = statement({ attachments: [attachmentFor(content)] });
      const res = await postMultipart(multipart(s, [part(content)]));
      expect(res.statusCode, res.body).toBe(200);
      const fetched = await getStatements(lrs.app, { statementId: String(s.id), attachments: 'true' });
      expect(fetched.statusCode).toBe(200);
      const boundary = /boundary=([^;]+)/.exec(String(fetched.headers['content-type']))?.[1] ?? '';
      expect(fetched.headers['content-type']).toMatch(/^multipart\/mixed; boundary=/);
      const [json, attachment, extra] = parseMultipart(fetched.rawPayload, boundary);
      expect(JSON.parse(String(json?.body)).id).toBe(s.id);
      expect(attachment?.headers['x-experience-api-hash']).toBe(sha256(content));
      expect(attachment?.headers['content-transfer-encoding']).toBe('binary');
      expect(attachment?.body.equals(content)).toBe(true);
      expect(extra).toBeUndefined();
      const plain = await getStatements(lrs.app, { statementId: String(s.id) });
      expect(plain.headers['content-type']).toMatch(/^application\/json/);
    });

    it('returns a query result with its attachments as multipart', async () => {
      const registration = randomUUID();
      const contents = [Buffer.from('one'), Buffer.from('two')];
      const batch = contents.map((content) => statement({ context: { registration }, attachments: [attachmentFor(content)] }));
      expect(
        (
          await postMultipart(
            multipart(
              batch,
              contents.map((content) => part(content)),
            ),
          )
        ).statusCode,
      ).toBe(200);
      const res = await getStatements(lrs.app, { registration, attachments: 'true' });
      const boundary = /boundary=([^;]+)/.exec(String(res.headers['content-type']))?.[1] ?? '';
      const [json, ...parts] = parseMultipart(res.rawPayload, boundary);
      expect(JSON.parse(String(json?.body)).statements).toHaveLength(2);
      expect(parts.map((p) => p.body.toString()).sort()).toEqual(['one', 'two']);
    });

    it('accepts a hand-written multipart body with a SHA-512 hash and a quoted boundary', async () => {
      const content = 'hello xAPI';
      const hash = createHash('sha512').update(content).digest('hex');
      const s = statement({ attachments: [{ ...attachmentFor(Buffer.from(content)), sha2: hash }] });
      const body = [
        'preamble to ignore',
        '--abc',
        'Content-Type: application/json',
        '',
        JSON.stringify(s),
        '--abc',
        'Content-Type: text/plain',
        `X-Experience-API-Hash: ${hash.toUpperCase()}`,
        '',
        content,
        '--abc--',
        '',
      ].join('\r\n');
      const res = await postMultipart(body, 'multipart/mixed; boundary="abc"');
      expect(res.statusCode, res.body).toBe(200);
    });

    it('refuses parts whose content does not match their hash, and parts no attachment names', async () => {
      const content = Buffer.from('the real content');
      const s = statement({ attachments: [attachmentFor(content)] });
      const tampered = await postMultipart(
        multipart(s, [part(Buffer.from('other content'), { 'X-Experience-API-Hash': sha256(content) })]),
      );
      expect(tampered.statusCode).toBe(400);
      expect(tampered.json().message).toMatch(/does not match its X-Experience-API-Hash/);
      const stray = Buffer.from('not declared');
      const extra = await postMultipart(multipart(s, [part(content), part(stray)]));
      expect(extra.statusCode).toBe(400);
      expect(extra.json().message).toMatch(/matches no attachment/);
      expect((await getStatements(lrs.app, { statementId: String(s.id) })).statusCode).toBe(404);
    });

    it('refuses an attachment with neither a part nor a fileUrl, but accepts one by fileUrl', async () => {
      const content = Buffer.from('missing');
      const missing = await postStatements(lrs.app, statement({ attachments: [attachmentFor(content)] }));
      expect(missing.statusCode).toBe(400);
      expect(missing.json().message).toMatch(/no fileUrl and no multipart part/);
      const byUrl = await postStatements(
        lrs.app,
        statement({ attachments: [attachmentFor(content, { fileUrl: 'https://shixun.test/files/x.txt' })] }),
      );
      expect(byUrl.statusCode).toBe(200);
    });

    it('refuses malformed multipart bodies with a reason', async () => {
      const content = Buffer.from('x');
      const s = statement({ attachments: [attachmentFor(content)] });
      const cases: Array<[Buffer | string, string, RegExp]> = [
        [multipart(s, [part(content)]), 'multipart/mixed', /boundary parameter/],
        [
          multipart(s, [part(content, { 'X-Experience-API-Hash': '' })]),
          `multipart/mixed; boundary=${BOUNDARY}`,
          /no X-Experience-API-Hash/,
        ],
        [
          multipart(s, [part(content, { 'Content-Transfer-Encoding': 'base64' })]),
          `multipart/mixed; boundary=${BOUNDARY}`,
          /binary/,
        ],
        [
          multipart(s, [part(content, { 'X-Experience-API-Hash': 'abc' })]),
          `multipart/mixed; boundary=${BOUNDARY}`,
          /not a hex SHA/,
        ],
        [buildMultipart([part(content)], BOUNDARY), `multipart/mixed; boundary=${BOUNDARY}`, /first part/],
        [
          `--${BOUNDARY}\r\nContent-Type: application/json\r\n\r\n{}`,
          `multipart/mixed; boundary=${BOUNDARY}`,
          /closing boundary/,
        ],
        ['no boundary here', `multipart/mixed; boundary=${BOUNDARY}`, /never uses its boundary/],
        [
          `--${BOUNDARY}\r\nbroken header\r\n\r\n{}\r\n--${BOUNDARY}--`,
          `multipart/mixed; boundary=${BOUNDARY}`,
          /malformed header/,
        ],
      ];
      for (const [body, type, reason] of cases) {
        const res = await postMultipart(body, type);
        expect(res.statusCode, String(reason)).toBe(400);
        expect(res.json().message).toMatch(reason);
      }
    });

    it('refuses a multipart body over the limit with 413', async () => {
      const small = await startXapiApp(variant, { limits: { multipartBytes: 2048, jsonBytes: 1024 } });
      try {
        const content = Buffer.alloc(4096, 1);
        const res = await small.app.inject({
          method: 'POST',
          url: '/xapi/statements',
          headers: xapiHeaders({ 'content-type': `multipart/mixed; boundary=${BOUNDARY}` }),
          payload: multipart(statement({ attachments: [attachmentFor(content)] }), [part(content)]),
        });
        expect(res.statusCode).toBe(413);
        expect(res.json().message).toMatch(/too large/);
      } finally {
        await small.close();
      }
    });

    describe('signed statements', () => {
      let key: KeyObject;
      let chain: string[];
      beforeAll(() => {
        const signer = generateKeyPairSync('rsa', { modulusLength: 2048 });
        const ca = generateKeyPairSync('rsa', { modulusLength: 2048 });
        key = signer.privateKey;
        const caCert = issueCertificate({
          subject: 'Shixun Test CA',
          subjectKey: ca.publicKey,
          issuer: 'Shixun Test CA',
          issuerKey: ca.privateKey,
          serial: 1,
        });
        const leaf = issueCertificate({
          subject: 'Shixun Test Signer',
          subjectKey: signer.publicKey,
          issuer: 'Shixun Test CA',
          issuerKey: ca.privateKey,
          serial: 2,
        });
        chain = [leaf.toString('base64'), caCert.toString('base64')];
      });

      it('stores a statement signed with RS256 and an x5c chain, and returns its signature', async () => {
        const original = statement();
        const { statement: s, body } = signed(original, jws(original, key, { alg: 'RS256', x5c: chain }));
        const res = await postMultipart(body);
        expect(res.statusCode, res.body).toBe(200);
        const fetched = await getStatements(lrs.app, { statementId: String(s.id), attachments: 'true' });
        const boundary = /boundary=([^;]+)/.exec(String(fetched.headers['content-type']))?.[1] ?? '';
        const [, signature] = parseMultipart(fetched.rawPayload, boundary);
        expect(signature?.body.toString().split('.')).toHaveLength(3);
      });

      it('checks the payload but not a signature without x5c, for RS384 and RS512', async () => {
        for (const alg of ['RS384', 'RS512']) {
          const original = statement();
          expect((await postMultipart(signed(original, jws(original, key, { alg })).body)).statusCode).toBe(200);
        }
      });

      it('refuses signatures that are malformed, mismatched or made with another key', async () => {
        const original = statement();
        const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
        const forgedLeaf = issueCertificate({
          subject: 'Forged',
          subjectKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey,
          issuer: 'Shixun Test CA',
          issuerKey: other,
          serial: 3,
        });
        const cases: Array<[string, string, RegExp]> = [
          [
            'payload of another statement',
            jws({ ...original, verb: { id: VERBS.completed } }, key, { alg: 'RS256' }),
            /does not match/,
          ],
          ['signed with another key', jws(original, other, { alg: 'RS256', x5c: chain }), /does not verify/],
          ['HS256', jws(original, key, { alg: 'HS256' }), /RS256, RS384 or RS512/],
          ['alg none', `${b64url({ alg: 'none' })}.${b64url(original)}.`, /RS256, RS384 or RS512/],
          ['not a JWS', 'hello', /compact serialization/],
          ['header not JSON', `bm90IGpzb24.${b64url(original)}.c2ln`, /not base64url-encoded JSON/],
          ['payload not a statement', jws({ hello: 'world' }, key, { alg: 'RS256' }), /not a valid statement/],
          [
            'a chain that does not chain',
            jws(original, key, { alg: 'RS256', x5c: [chain[0], forgedLeaf.toString('base64')] }),
            /not signed by certificate 1/,
          ],
          ['x5c that is not a certificate', jws(original, key, { alg: 'RS256', x5c: ['bm90IGEgY2VydA=='] }), /cannot be read/],
          ['x5c not an array', jws(original, key, { alg: 'RS256', x5c: 'abc' }), /non-empty array/],
        ];
        for (const [name, token, reason] of cases) {
          const res = await postMultipart(signed(original, token).body);
          expect(res.statusCode, name).toBe(400);
          expect(res.json().message, name).toMatch(reason);
        }
        expect((await getStatements(lrs.app, { statementId: String(original.id) })).statusCode).toBe(404);
      });

      it('refuses two signatures, or a signature only by fileUrl', async () => {
        const original = statement();
        const token = jws(original, key, { alg: 'RS256' });
        const { statement: s } = signed(original, token);
        const attachments = s.attachments as Array<Record<string, unknown>>;
        const twice = {
          ...s,
          attachments: [...attachments, { ...attachments[0], sha2: sha256('x'), fileUrl: 'https://shixun.test/sig' }],
        };
        const res = await postMultipart(
          multipart(twice, [part(Buffer.from(token), { 'Content-Type': 'application/octet-stream' })]),
        );
        expect(res.statusCode).toBe(400);
        expect(res.json().message).toMatch(/at most one signature/);
        const byUrl = await postStatements(lrs.app, {
          ...s,
          attachments: [{ ...attachments[0], fileUrl: 'https://shixun.test/sig' }],
        });
        expect(byUrl.statusCode).toBe(400);
        expect(byUrl.json().message).toMatch(/multipart part/);
      });
    });
  });
}
