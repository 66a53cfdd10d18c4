// Unsigned JWS compact tokens for the tests: the client never checks signatures, it only reads claims.
const b64url = (s) => Buffer.from(s, 'utf8').toString('base64url');

export function jwt(claims, header = { alg: 'HS256', typ: 'JWT' }) {
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}.c2lnbmF0dXJl`;
}

export function rawJwt(payloadText) {
  return `${b64url('{"alg":"HS256"}')}.${b64url(payloadText)}.c2ln`;
}
