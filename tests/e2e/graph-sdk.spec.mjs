import { test, expect } from "./fixtures.mjs";
import { AllowedHostsValidator, BaseBearerTokenAuthenticationProvider, Headers } from "@microsoft/kiota-abstractions";
import { createGraphServiceClient, GraphRequestAdapter } from "@microsoft/msgraph-sdk";
import { PageIterator } from "@microsoft/msgraph-sdk-core";
import { BodyTypeObject, createUserCollectionResponseFromDiscriminatorValue } from "@microsoft/msgraph-sdk/models/index.js";
import { createODataErrorFromDiscriminatorValue } from "@microsoft/msgraph-sdk/models/oDataErrors/index.js";
import "@microsoft/msgraph-sdk-users";
import { Tenant } from "./tenant.mjs";

// The local tenant driven by one of Microsoft's generated Graph SDKs
// (@microsoft/msgraph-sdk with @microsoft/msgraph-sdk-users), unchanged: each
// call below is built and serialised by the SDK, and its answers parsed by it.
// No browser: tokens come from the tenant through the `request` fixture.
//
// What the SDK sends, as seen on the wire (tests/sdk_requests.rs in the
// tenant replays the bodies):
// - `$select=id,displayName&$top=3`, `$count=true&$search=%22displayName%3Aelo%22`
//   with `ConsistencyLevel: eventual` when asked; no `client-request-id`;
// - the role cast with the namespace alias: `/transitiveMemberOf/graph.directoryRole`;
// - a reset as `{"@odata.type":"#microsoft.graph.user","passwordProfile":
//   {"forceChangePasswordNextSignIn":true,"@odata.type":"#microsoft.graph.passwordProfile",
//   "password":…}}` when `odataType` is set, unset properties left out, null ones as null;
// - sendMail as `{"Message":{"body":{"content":…,"contentType":"text"},…},"SaveToSentItems":false}`:
//   the parameters as the metadata names them, BodyType in lower case.

const PASSWORD_ADMIN_TEMPLATE = "966707d0-3269-4727-9be2-8c3a10f19b9d";
const COMPLEXITY =
  "The specified password does not comply with password complexity requirements. Please provide a different password.";
const NADIA = "nadia.lefevre@contoso.example";

/** A Graph client as an app would build one, with a token from the tenant and the tenant as its base URL. */
async function graphClient(request, tenantURL, upn) {
  const token = await new Tenant(request).token(upn);
  // Kiota's bearer provider with a static token; it sends the token only to
  // the hosts its validator allows, and over plain http only to localhost.
  const authentication = new BaseBearerTokenAuthenticationProvider({
    getAuthorizationToken: async () => token,
    getAllowedHostsValidator: () => new AllowedHostsValidator(new Set([new URL(tenantURL).hostname])),
  });
  const adapter = new GraphRequestAdapter(authentication);
  adapter.baseUrl = `${tenantURL}/v1.0`;
  return { client: createGraphServiceClient(adapter), adapter };
}

/** A password that meets Entra's policy, new for each call; never printed. */
function freshPassword() {
  const random = crypto.getRandomValues(new Uint32Array(2));
  return `Sdk#${random[0].toString(36)}-Q${random[1].toString(36)}!x7`;
}

/** What an SDK call threw, or fails when it did not throw. */
async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("the call was expected to fail");
}

test.beforeEach(async ({ request }) => {
  const tenant = new Tenant(request);
  await tenant.reseed();
  await tenant.clearFaults();
});

test("lists users with $select and $top", async ({ request, tenantURL }) => {
  const { client } = await graphClient(request, tenantURL, "admin@contoso.example");
  const page = await client.users.get({
    queryParameters: { select: ["id", "displayName", "userPrincipalName"], top: 5 },
  });
  expect(page.value).toHaveLength(5);
  for (const user of page.value) {
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(user.userPrincipalName).toMatch(/@contoso\.example$/);
    expect(user.mail, "$select is respected").toBeUndefined();
  }
  expect(page.odataNextLink).toMatch(new RegExp(`^${tenantURL}/v1\\.0/users\\?`));
});

test("searches users with ConsistencyLevel: eventual and $count", async ({ request, tenantURL }) => {
  const { client } = await graphClient(request, tenantURL, "admin@contoso.example");
  const page = await client.users.get({
    queryParameters: { search: '"displayName:elodie"', count: true, select: ["displayName", "mail"] },
    headers: { ConsistencyLevel: "eventual" },
  });
  expect(page.odataCount).toBe(1);
  expect(page.value.map((user) => user.displayName)).toEqual(["Élodie Dupré"]);

  // Without the header Graph refuses $search; the SDK surfaces its error.
  const refused = await rejection(client.users.get({ queryParameters: { search: '"displayName:elodie"' } }));
  expect(refused.responseStatusCode).toBe(400);
  expect(refused.errorEscaped.code).toBe("Request_UnsupportedQuery");
});

test("pages through every user with the SDK's page iterator, and through a search with its header resent", async ({
  request,
  tenantURL,
}) => {
  const tenant = new Tenant(request);
  const { client, adapter } = await graphClient(request, tenantURL, "admin@contoso.example");
  const errors = { XXX: createODataErrorFromDiscriminatorValue };

  const first = await client.users.get({ queryParameters: { select: ["id"], top: 60 } });
  const ids = [];
  await new PageIterator(adapter, first, (user) => ids.push(user.id) > 0, createUserCollectionResponseFromDiscriminatorValue, errors).iterate();
  const expected = (await tenant.allUsers()).map((user) => user.id);
  expect(expected.length).toBeGreaterThan(60 * 3);
  expect(new Set(ids).size, "no user twice").toBe(ids.length);
  expect(ids.sort()).toEqual(expected.sort());

  // A search's next pages need ConsistencyLevel again: the iterator sends
  // the headers it is given on each page.
  const consistency = new Headers([["ConsistencyLevel", new Set(["eventual"])]]);
  const firstFound = await client.users.get({
    queryParameters: { search: '"userPrincipalName:a"', count: true, select: ["id"], top: 2 },
    headers: { ConsistencyLevel: "eventual" },
  });
  expect(firstFound.odataNextLink).toBeDefined();
  const found = [];
  await new PageIterator(adapter, firstFound, (user) => found.push(user.id) > 0, createUserCollectionResponseFromDiscriminatorValue, errors, {
    headers: consistency,
  }).iterate();
  expect(found.length).toBe(firstFound.odataCount);
  expect(new Set(found).size).toBe(found.length);
});

test("reads a user's directory roles through the cast the SDK writes", async ({ request, tenantURL }) => {
  const tenant = new Tenant(request);
  const { client } = await graphClient(request, tenantURL, "admin@contoso.example");
  const pwadmin = await tenant.userId("pwadmin@contoso.example");
  // A cast is an advanced query: Graph requires the header and $count=true.
  const advanced = { queryParameters: { count: true, select: ["displayName", "roleTemplateId"] }, headers: { ConsistencyLevel: "eventual" } };

  const roles = await client.users.byUserId(pwadmin).transitiveMemberOf.graphDirectoryRole.get(advanced);
  expect(roles.value).toHaveLength(1);
  expect(roles.value[0]).toMatchObject({
    odataType: "#microsoft.graph.directoryRole",
    displayName: "Password Administrator",
    roleTemplateId: PASSWORD_ADMIN_TEMPLATE,
  });

  const mine = await client.me.transitiveMemberOf.graphDirectoryRole.get(advanced);
  expect(mine.value.map((role) => role.displayName)).toEqual(["Global Administrator"]);

  const none = await client.users.byUserId(NADIA).transitiveMemberOf.graphDirectoryRole.get(advanced);
  expect(none.value).toEqual([]);
});

test("resets a password with the SDK's User and PasswordProfile models", async ({ request, tenantURL }) => {
  const tenant = new Tenant(request);
  const { client } = await graphClient(request, tenantURL, "pwadmin@contoso.example");
  const password = freshPassword();
  const answer = await client.users.byUserId(NADIA).patch({
    odataType: "#microsoft.graph.user",
    passwordProfile: {
      odataType: "#microsoft.graph.passwordProfile",
      password,
      forceChangePasswordNextSignIn: true,
      // Left out: forceChangePasswordNextSignInWithMfa (the SDK omits unset properties).
    },
  });
  expect(answer, "204 No Content").toBeUndefined();

  const signIn = await tenant.signIn(NADIA, password);
  expect(signIn.status).toBe(200);
  expect(signIn.body.mustChangePassword).toBe(true);
  expect((await tenant.resetsOf(NADIA)).map((entry) => entry.outcome)).toEqual(["success"]);
});

test("a Password Administrator resetting a Global Administrator: Graph's 403 as an ODataError", async ({ request, tenantURL }) => {
  const tenant = new Tenant(request);
  const { client } = await graphClient(request, tenantURL, "pwadmin@contoso.example");
  const error = await rejection(
    client.users.byUserId("admin@contoso.example").patch({
      passwordProfile: { password: freshPassword(), forceChangePasswordNextSignIn: true },
    }),
  );
  expect(error.responseStatusCode).toBe(403);
  expect(error.errorEscaped.code).toBe("Authorization_RequestDenied");
  expect(error.message).toBe("Insufficient privileges to complete the operation.");
  // The innerError the SDK parsed carries the request-id Graph answered with.
  expect(error.errorEscaped.innerError.requestId).toBe(error.responseHeaders["request-id"][0]);
  expect(error.errorEscaped.innerError.date).toBeInstanceOf(Date);
  expect((await tenant.signIn("admin@contoso.example", "Contoso-Initial-2026!")).status).toBe(200);
});

test("a password that fails complexity: Graph's 400, nothing changed", async ({ request, tenantURL }) => {
  const tenant = new Tenant(request);
  const { client } = await graphClient(request, tenantURL, "pwadmin@contoso.example");
  const error = await rejection(client.users.byUserId(NADIA).patch({ passwordProfile: { password: "password" } }));
  expect(error.responseStatusCode).toBe(400);
  expect(error.errorEscaped.code).toBe("Request_BadRequest");
  expect(error.message).toBe(COMPLEXITY);
  expect((await tenant.signIn(NADIA, "Contoso-Initial-2026!")).status).toBe(200);
});

test("sends mail with the SDK's Message and Recipient models", async ({ request, tenantURL }) => {
  const tenant = new Tenant(request);
  const { client } = await graphClient(request, tenantURL, "helpdesk@contoso.example");
  const answer = await client.me.sendMail.post({
    message: {
      subject: "Your password was reset",
      body: { contentType: BodyTypeObject.Text, content: "Sign in at https://www.office.com" },
      toRecipients: [{ emailAddress: { address: "elodie.perso@example.net", name: "Élodie Dupré" } }],
      ccRecipients: [{ emailAddress: { address: "helpdesk.team@example.net" } }],
    },
    saveToSentItems: false,
  });
  expect(answer, "202 Accepted").toBeUndefined();

  const outbox = await tenant.outbox();
  expect(outbox).toHaveLength(1);
  expect(outbox[0]).toMatchObject({
    from: "helpdesk@contoso.example",
    to: ["elodie.perso@example.net"],
    cc: ["helpdesk.team@example.net"],
    subject: "Your password was reset",
    contentType: "Text",
    body: "Sign in at https://www.office.com",
  });

  // From an account without a mailbox: Graph's 404, as an ODataError.
  const { client: nomail } = await graphClient(request, tenantURL, Tenant.NOMAIL_ADMIN);
  const error = await rejection(
    nomail.me.sendMail.post({
      message: { subject: "s", body: { contentType: BodyTypeObject.Text, content: "c" }, toRecipients: [{ emailAddress: { address: "a@example.net" } }] },
    }),
  );
  expect(error.responseStatusCode).toBe(404);
  expect(error.errorEscaped.code).toBe("MailboxNotEnabledForRESTAPI");
  expect(await tenant.outbox()).toHaveLength(1);
});
