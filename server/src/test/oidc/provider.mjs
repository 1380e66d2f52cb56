// A real OpenID provider (the oidc-provider package, certified by the OpenID Foundation) for the sign-in tests:
// one confidential client, PKCE required, the development login form (any user name signs in, as that
// user, with a verified e-mail address <name>@example.org). Prints "ready <issuer>" once it listens.
//
//   OIDC_PROVIDER_MODULE=<web-client/node_modules/oidc-provider/lib/index.js> PORT=… CLIENT_ID=… \
//   CLIENT_SECRET=… REDIRECT_URI=… node provider.mjs
import { pathToFileURL } from 'node:url';

const { default: Provider } = await import(pathToFileURL(process.env.OIDC_PROVIDER_MODULE).href);
const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.CLIENT_ID,
    client_secret: process.env.CLIENT_SECRET,
    redirect_uris: [process.env.REDIRECT_URI],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  pkce: { required: () => true },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  conformIdTokenClaims: false,
  cookies: { keys: ['only-for-this-test-provider'] },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: `${id}@example.org`, email_verified: true, name: `Organiser ${id}` };
      },
    };
  },
});

provider.listen(port, '127.0.0.1', () => console.log(`ready ${issuer}`));
