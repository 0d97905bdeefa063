// OpenID Provider für die Tests (oidc-provider, zertifizierte Implementierung) – nur 127.0.0.1.
//
// Aufruf: node provider.mjs KONFIG.json
// KONFIG: { "zertifikat": PEM-Pfad, "schluessel": PEM-Pfad,
//           "client": { client_id, client_secret, redirect_uris, post_logout_redirect_uris },
//           "benutzer": { "<login>": { "passwort": "…", "claims": { name, email, groups, … } } } }
// Lauscht auf HTTPS 127.0.0.1 mit freiem Port und schreibt eine Zeile JSON {"issuer": …} auf
// stdout, sobald es bereit ist. Anmeldung über ein eigenes (deutsches) Formular; die Zustimmung
// gilt für den einen Client als erteilt. PKCE ist Pflicht; Abmelden nach RP-Initiated Logout 1.0
// mit Bestätigungsseite.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';

import { Provider } from 'oidc-provider';

const konfig = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const benutzer = konfig.benutzer;

const esc = (s) => String(s).replace(/[&<>"']/g, (z) => `&#${z.charCodeAt(0)};`);

function seite(titel, inhalt) {
  return `<!doctype html><html lang="de"><head><meta charset="utf-8">
<title>${esc(titel)} – Test-Anmeldedienst</title></head>
<body><main><h1>${esc(titel)}</h1>${inhalt}</main></body></html>`;
}

function anmeldeformular(uid, fehler = '') {
  return seite('Test-Anmeldedienst', `
${fehler ? `<p role="alert">${esc(fehler)}</p>` : ''}
<form method="post" action="/interaction/${esc(uid)}/login">
  <p><label for="login">Kennung</label> <input id="login" name="login" autocomplete="username"></p>
  <p><label for="passwort">Kennwort</label>
     <input id="passwort" name="passwort" type="password" autocomplete="current-password"></p>
  <p><button type="submit">Beim Anmeldedienst anmelden</button></p>
</form>`);
}

async function formular(req) {
  let roh = '';
  for await (const teil of req) {
    roh += teil;
    if (roh.length > 10000) throw new Error('zu groß');
  }
  return new URLSearchParams(roh);
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: 'zv-test' };

const einstellungen = {
  clients: [{
    ...konfig.client,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [jwk] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  pkce: { required: () => true },
  claims: {
    openid: ['sub'],
    profile: ['name', 'preferred_username'],
    email: ['email', 'email_verified'],
    groups: ['groups'],
  },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.body = seite('Abmelden beim Anmeldedienst', `${form}
<p><button type="submit" form="op.logoutForm" value="yes" name="logout">Ja, abmelden</button>
<button type="submit" form="op.logoutForm">Nein, angemeldet bleiben</button></p>`);
      },
      async postLogoutSuccessSource(ctx) {
        ctx.body = seite('Abgemeldet', '<p>Sie sind beim Anmeldedienst abgemeldet.</p>');
      },
    },
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = seite('Fehler beim Anmeldedienst', `<pre>${esc(JSON.stringify(out))}</pre>`);
  },
  async findAccount(ctx, id) {
    if (!benutzer[id]) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, preferred_username: id, ...benutzer[id].claims };
      },
    };
  },
  ttl: { Session: 3600, Interaction: 600, Grant: 3600, AccessToken: 600, IdToken: 600 },
};

let provider;
let handler;

async function interaktion(req, res) {
  const pfad = new URL(req.url, 'https://127.0.0.1').pathname;
  const treffer = pfad.match(/^\/interaction\/([^/]+)(\/login)?$/);
  if (!treffer) return false;
  const details = await provider.interactionDetails(req, res);
  const { uid, prompt, params, session } = details;
  if (prompt.name === 'login') {
    if (req.method === 'POST' && treffer[2]) {
      const daten = await formular(req);
      const login = daten.get('login') || '';
      if (benutzer[login] && benutzer[login].passwort === daten.get('passwort')) {
        await provider.interactionFinished(req, res, { login: { accountId: login } });
        return true;
      }
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(anmeldeformular(uid, 'Kennung oder Kennwort falsch.'));
      return true;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(anmeldeformular(uid));
    return true;
  }
  if (prompt.name === 'consent') {
    // Erstanbieter-Client: Zustimmung ohne Rückfrage.
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } });
    return true;
  }
  res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`unbekannte Interaktion ${prompt.name}`);
  return true;
}

const server = https.createServer(
  { cert: readFileSync(konfig.zertifikat), key: readFileSync(konfig.schluessel) },
  async (req, res) => {
    try {
      if (await interaktion(req, res)) return;
      handler(req, res);
    } catch (fehler) {
      console.error(fehler);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Fehler: ${fehler.message}`);
    }
  },
);

server.listen(0, '127.0.0.1', () => {
  const issuer = `https://127.0.0.1:${server.address().port}`;
  provider = new Provider(issuer, einstellungen);
  provider.on('server_error', (ctx, fehler) => console.error('server_error', fehler));
  handler = provider.callback();
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
