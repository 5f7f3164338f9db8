//! The HTTP client for the tenant API (Graph v1.0 shape), in the browser.
//!
//! Every call goes through `GraphClient::send`: bearer token from the host,
//! one token refresh on 401, a timeout, the retry policy of [`super::retry`],
//! and errors classified once by [`ApiError::from_response`].

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::{Method, Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

use super::error::{ApiError, CallKind, check_write_answer};
use super::models::{
    DirectoryAudit, Me, NextLinks, Page, PasswordProfile, PasswordResetBody, SendMailBody, User,
    decode, name_missing_permission, secret_json,
};
use super::pacer::{Pacer, WritePacers};
use super::query;
use super::request_id::new_client_request_id;
use super::retry::{RetryDecision, decide};
use crate::password::Password;
use crate::timers::sleep;

/// How long one request may take before it is abandoned.
const REQUEST_TIMEOUT_MS: i32 = 30_000;

/// Where bearer tokens come from: the host element's `tokenProvider`
/// property, a function that returns a token or a promise of one (MSAL's
/// `acquireTokenSilent`, say). It is read at every call, so the host may set or
/// replace it at any time, and called with `{forceRefresh: true}` after a 401.
/// The widget keeps no token of its own.
#[derive(Clone)]
pub struct TokenProvider {
    host: web_sys::HtmlElement,
}

impl TokenProvider {
    pub fn from_host(host: web_sys::HtmlElement) -> Self {
        TokenProvider { host }
    }

    async fn token(&self, force_refresh: bool) -> Result<Option<String>, ApiError> {
        let provider = js_sys::Reflect::get(&self.host, &"tokenProvider".into())
            .ok()
            .and_then(|value| value.dyn_into::<js_sys::Function>().ok());
        let Some(function) = provider else {
            return Ok(None);
        };
        let failed = || ApiError::Network("the host page's token provider failed".into());
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"forceRefresh".into(), &force_refresh.into());
        let returned = function.call1(&self.host, &options).map_err(|_| failed())?;
        let value = match returned.dyn_into::<js_sys::Promise>() {
            Ok(promise) => JsFuture::from(promise).await.map_err(|_| failed())?,
            Err(value) => value,
        };
        Ok(value.as_string().filter(|t| !t.is_empty()))
    }
}

/// Waits at least this long are announced, so the admin sees a countdown
/// instead of a widget that seems stuck.
const ANNOUNCE_WAIT_FROM_MS: u32 = 2_000;

/// Told when a retry starts waiting (`Some(ms)`) and when it is over (`None`).
pub type WaitListener = Rc<dyn Fn(Option<u32>)>;

#[derive(Clone)]
pub struct GraphClient {
    base: String,
    tokens: TokenProvider,
    on_wait: Option<WaitListener>,
    /// Shared by every clone, so all workers of a bulk run keep one pace
    /// per kind of write (directory, mailbox).
    write_pacers: Rc<Cell<WritePacers>>,
}

/// One API call, described so it can be sent more than once (retries,
/// token refresh) without rebuilding its body.
struct Call<'a> {
    method: Method,
    url: &'a str,
    body: Option<&'a str>,
    searching: bool,
    kind: CallKind,
}

impl<'a> Call<'a> {
    /// A GET; `advanced` sends `ConsistencyLevel: eventual` ($search, $count, casts).
    fn read(url: &'a str, advanced: bool) -> Self {
        Call {
            method: Method::GET,
            url,
            body: None,
            searching: advanced,
            kind: CallKind::Read,
        }
    }

    fn build(
        &self,
        token: &str,
        client_request_id: Option<&str>,
        signal: &AbortSignal,
    ) -> Result<Request, gloo_net::Error> {
        let mut builder = RequestBuilder::new(self.url)
            .method(self.method.clone())
            .abort_signal(Some(signal));
        if let Some(id) = client_request_id {
            // Graph echoes it; with Graph's request-id it traces the call.
            builder = builder.header("client-request-id", id);
        }
        if !token.is_empty() {
            builder = builder.header("Authorization", &format!("Bearer {token}"));
        }
        if self.searching {
            // An advanced query ($search, $count, a type cast): Graph answers
            // 400 or ignores the query without it, on every page.
            builder = builder.header("ConsistencyLevel", "eventual");
        }
        match self.body {
            Some(body) => builder
                .header("Content-Type", "application/json")
                .body(body),
            None => builder.build(),
        }
    }
}

impl GraphClient {
    pub fn new(base: String, tokens: TokenProvider) -> Self {
        GraphClient {
            base,
            tokens,
            on_wait: None,
            write_pacers: Rc::default(),
        }
    }

    /// Reports long waits between retries (a 429's Retry-After, say).
    pub fn with_wait_listener(mut self, listener: WaitListener) -> Self {
        self.on_wait = Some(listener);
        self
    }

    pub async fn me(&self) -> Result<Me, ApiError> {
        self.get_json(&query::me_url(&self.base)).await
    }

    /// Every page of a list, as text, following next links only under the
    /// API base; the caller decodes them ([`super::models::decode_pages`]).
    /// A refusal (403) names the `permission` the read needs. Not generic,
    /// so one copy serves every list of the role reads.
    pub async fn read_pages(
        &self,
        first: String,
        permission: &'static str,
    ) -> Result<Vec<String>, ApiError> {
        let page_origin = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        let mut links = NextLinks::default();
        let mut pages = Vec::new();
        let mut url = first;
        loop {
            let call = Call::read(&url, false);
            let page = self
                .read_text(&call, None)
                .await
                .map_err(|error| name_missing_permission(error, permission))?;
            let next = links.next(&page, |link| {
                query::next_link_within(&self.base, &page_origin, link)
            })?;
            pages.push(page);
            match next {
                Some(next) => url = next,
                None => return Ok(pages),
            }
        }
    }

    /// First page of users, optionally searched on name, user name and email.
    pub async fn list_users(
        &self,
        search: &str,
        page_size: u32,
        cancel: Option<&AbortController>,
    ) -> Result<Page<User>, ApiError> {
        let (url, searching) = query::users_url(&self.base, search, page_size);
        self.users_page(&url, searching, cancel).await
    }

    /// How many users `search` matches (all users when it is blank), from
    /// `GET /users/$count`.
    pub async fn count_users(&self, search: &str) -> Result<u64, ApiError> {
        let url = query::users_count_url(&self.base, search);
        let call = Call::read(&url, true);
        let text = self.read_text(&call, None).await?;
        query::parse_count(&text).ok_or_else(|| ApiError::Malformed("$count".into()))
    }

    /// Follows an `@odata.nextLink` as given, resending the search header.
    pub async fn users_page(
        &self,
        url: &str,
        searching: bool,
        cancel: Option<&AbortController>,
    ) -> Result<Page<User>, ApiError> {
        let call = Call::read(url, searching);
        decode(&self.read_text(&call, cancel).await?)
    }

    /// One page of directory audit entries, at a URL built by `query` or a next link.
    pub async fn directory_audits(&self, url: &str) -> Result<Page<DirectoryAudit>, ApiError> {
        self.get_json(url).await
    }

    /// One user's password and sign-in times, at a `query::follow_up_url`.
    pub async fn follow_up_user(&self, url: &str) -> Result<User, ApiError> {
        self.get_json(url).await
    }

    /// One user with the fields the list reads.
    pub async fn user(&self, user_id: &str) -> Result<User, ApiError> {
        self.get_json(&query::user_with_fields_url(&self.base, user_id))
            .await
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub async fn reset_password(
        &self,
        user_id: &str,
        password: &Password,
        require_change: bool,
        require_mfa: bool,
    ) -> Result<(), ApiError> {
        let body = PasswordResetBody {
            password_profile: PasswordProfile {
                password: password.as_str(),
                force_change_password_next_sign_in: require_change,
                force_change_password_next_sign_in_with_mfa: require_mfa,
            },
        };
        let url = query::user_url(&self.base, user_id);
        let json = secret_json(&body)?;
        self.write(Method::PATCH, &url, &json, CallKind::ResetPassword)
            .await
    }

    pub async fn send_mail(
        &self,
        subject: &str,
        content: &str,
        to: &[String],
    ) -> Result<(), ApiError> {
        let url = query::send_mail_url(&self.base);
        let json = secret_json(&SendMailBody::text(subject, content, to))?;
        self.write(Method::POST, &url, &json, CallKind::SendMail)
            .await
    }

    /// Signs the user out of all sessions (Graph's `revokeSignInSessions`,
    /// no body; 200 with `{"value": true}`, or 204 as Graph sometimes does).
    pub async fn revoke_sign_in_sessions(&self, user_id: &str) -> Result<(), ApiError> {
        let url = query::revoke_sessions_url(&self.base, user_id);
        self.write(Method::POST, &url, b"", CallKind::RevokeSessions)
            .await
    }

    /// Sends a JSON body that may hold the password, made by [`secret_json`]
    /// (sized up front, wiped by the caller's drop once the call has ended);
    /// an empty one sends no body.
    /// Not generic, so one copy of the async machinery serves every write.
    async fn write(
        &self,
        method: Method,
        url: &str,
        json: &[u8],
        kind: CallKind,
    ) -> Result<(), ApiError> {
        // serde_json writes UTF-8 only; the check costs less than `unsafe`.
        let text = std::str::from_utf8(json).map_err(|_| ApiError::Malformed("JSON".into()))?;
        let call = Call {
            method,
            url,
            body: (!text.is_empty()).then_some(text),
            searching: false,
            kind,
        };
        let response = self.send(&call, None).await?;
        // Read to the end: a cut or foreign answer leaves the write unknown.
        let answer = response
            .text()
            .await
            .map_err(|e| ApiError::Network(e.to_string()))?;
        check_write_answer(&answer)
    }

    async fn get_json<T: DeserializeOwned>(&self, url: &str) -> Result<T, ApiError> {
        let call = Call::read(url, false);
        decode(&self.read_text(&call, None).await?)
    }

    /// Not generic on purpose: one copy of the async machinery serves every
    /// response type, which keeps the bundle small.
    async fn read_text(
        &self,
        call: &Call<'_>,
        cancel: Option<&AbortController>,
    ) -> Result<String, ApiError> {
        let response = self.send(call, cancel).await?;
        response
            .text()
            .await
            .map_err(|e| ApiError::Network(e.to_string()))
    }

    /// Sends with token, refresh-once on 401, timeout and the retry policy.
    async fn send(
        &self,
        call: &Call<'_>,
        cancel: Option<&AbortController>,
    ) -> Result<Response, ApiError> {
        let mut refreshed = false;
        let mut attempt = 1;
        loop {
            // A write starts at its pace; a retry's wait there is announced.
            if let Some(wait) = self.pace(call.kind, |pacer, now| pacer.reserve(now)) {
                self.wait(wait, attempt > 1).await;
            }
            let token = self.tokens.token(refreshed).await?.unwrap_or_default();
            // One id per request sent, so each attempt can be traced on its own.
            let client_request_id = new_client_request_id();
            let sent_at = js_sys::Date::now();
            let error = match send_once(call, &token, client_request_id.as_deref(), cancel).await {
                Ok(response) => {
                    self.pace(call.kind, |pacer, _| pacer.succeeded());
                    return Ok(response);
                }
                Err(ApiError::Unauthorized { .. }) if !refreshed => {
                    refreshed = true;
                    continue;
                }
                Err(error) => error,
            };
            if let ApiError::Throttled {
                retry_after_secs, ..
            } = &error
            {
                self.pace(call.kind, |pacer, now| {
                    pacer.throttled(sent_at, now, *retry_after_secs);
                });
            }
            // The caller's controller aborted (a newer search replaced this
            // one, or the widget went away): a retry could only fail again.
            if cancel.is_some_and(|c| c.signal().aborted()) {
                return Err(error);
            }
            match decide(attempt, &error, call.kind, jitter()) {
                RetryDecision::RetryAfterMs(ms) => self.wait(ms, true).await,
                // The wait is the pace's, taken at the top of the loop.
                RetryDecision::WhenPaced => {}
                RetryDecision::GiveUp => return Err(error),
            }
            attempt += 1;
        }
    }

    /// Waits `ms`; a long wait is announced when `announce` is set.
    async fn wait(&self, ms: u32, announce: bool) {
        let listener = self
            .on_wait
            .as_ref()
            .filter(|_| announce && ms >= ANNOUNCE_WAIT_FROM_MS);
        if let Some(listener) = listener {
            listener(Some(ms));
        }
        if ms > 0 {
            sleep(ms).await;
        }
        if let Some(listener) = listener {
            listener(None);
        }
    }

    /// Applies `change` to the shared pace of a write of `kind`, at the
    /// browser's now; nothing for a read.
    fn pace<T>(&self, kind: CallKind, change: impl FnOnce(&mut Pacer, f64) -> T) -> Option<T> {
        let mut pacers = self.write_pacers.get();
        let result = change(pacers.of(kind)?, js_sys::Date::now());
        self.write_pacers.set(pacers);
        Some(result)
    }
}

async fn send_once(
    call: &Call<'_>,
    token: &str,
    client_request_id: Option<&str>,
    cancel: Option<&AbortController>,
) -> Result<Response, ApiError> {
    let own_controller;
    let controller = match cancel {
        Some(controller) => controller,
        None => {
            own_controller = AbortController::new()
                .map_err(|_| ApiError::Network("no AbortController".into()))?;
            &own_controller
        }
    };
    let request = call
        .build(token, client_request_id, &controller.signal())
        .map_err(|e| ApiError::Malformed(e.to_string()))?;
    let timer = abort_after(controller, REQUEST_TIMEOUT_MS);
    let result = request.send().await;
    clear_timer(timer);
    let response = match result {
        Ok(response) => response,
        Err(_) if controller.signal().aborted() => return Err(ApiError::Timeout),
        Err(error) => return Err(ApiError::Network(error.to_string())),
    };
    if response.ok() {
        return Ok(response);
    }
    // Cross-origin, only the headers the tenant exposes can be read: Graph
    // exposes `request-id` but not `Retry-After`.
    let retry_after = response.headers().get("retry-after");
    let request_id = response.headers().get("request-id");
    let body = response.text().await.unwrap_or_default();
    Err(ApiError::from_answer(
        response.status(),
        retry_after.as_deref(),
        request_id.as_deref(),
        &body,
        call.kind,
    ))
}

fn abort_after(controller: &AbortController, ms: i32) -> Option<i32> {
    let controller = controller.clone();
    let callback = wasm_bindgen::closure::Closure::once_into_js(move || controller.abort());
    web_sys::window()?
        .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), ms)
        .ok()
}

fn clear_timer(timer: Option<i32>) {
    if let (Some(id), Some(window)) = (timer, web_sys::window()) {
        window.clear_timeout_with_handle(id);
    }
}

fn jitter() -> f64 {
    let mut bytes = [0u8; 4];
    match getrandom::fill(&mut bytes) {
        Ok(()) => f64::from(u32::from_le_bytes(bytes)) / (f64::from(u32::MAX) + 1.0),
        Err(_) => 0.5,
    }
}
