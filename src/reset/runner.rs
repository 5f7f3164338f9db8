//! Sends the resets, sign-outs and mails of a run through the widget's work
//! queue, and reports each answer to the store and to the host.

use leptos::prelude::*;

use super::events::HostEvent;
use super::notification::{self, MailContext};
use super::state::{MailStatus, ResetStatus, Sender, SignOutStatus, UserOutcome};
use super::store::ResetStore;
use crate::api::client::GraphClient;
use crate::api::queue::{CONCURRENCY, WorkQueue};
use crate::i18n::Lang;

/// What a run needs, taken when it starts: the calls go on, and the host
/// hears of their answers, even if the widget is unmounted meanwhile.
#[derive(Clone)]
struct Run {
    store: ResetStore,
    client: GraphClient,
    host: web_sys::HtmlElement,
    /// The widget's language: a user's mail is in theirs when it has it.
    lang: Lang,
    sender: Sender,
    sign_in_url: String,
    tenant_name: Option<String>,
    /// Taken at the start, as the client: mails are queued after their reset.
    queue: WorkQueue,
}

impl Run {
    fn new(store: ResetStore) -> Run {
        let (sign_in_url, tenant_name) = store
            .ctx
            .config
            .with_value(|c| (c.sign_in_url.clone(), c.tenant_name.clone()));
        Run {
            store,
            client: store.ctx.client(),
            host: store.ctx.host.get_value(),
            lang: Lang::of(store.ctx.strings),
            sender: store.sender(),
            sign_in_url,
            tenant_name,
            queue: store.queue.get_value(),
        }
    }
}

/// Starts the workers of a run: each takes the next waiting user from the
/// store, sends their reset (and mail), and takes another, until the store
/// has none to give (all sent, paused or cancelled). Users are taken one at
/// a time rather than queued all at once, so a pause or a cancel holds back
/// every reset not sent yet, and a 10,000-user run keeps no 10,000 futures.
/// Resuming starts workers again; the queue keeps the number of calls out at
/// once bounded, however many workers were started.
pub(super) fn run(store: ResetStore) {
    let run = Run::new(store);
    let queue = store.queue.get_value();
    for _ in 0..CONCURRENCY {
        let run = run.clone();
        queue.push(async move {
            while let Some(user_id) = run.store.take_next() {
                reset_one(&run, &user_id).await;
            }
        });
    }
}

pub(super) fn send_mail_again(store: ResetStore, user_id: String) {
    let run = Run::new(store);
    store
        .queue
        .get_value()
        .push(async move { send_mail(&run, &user_id).await });
}

async fn reset_one(run: &Run, user_id: &str) {
    // Not sent when the widget is already gone: nobody could see the password.
    let Some(outcome) = run.store.outcome(user_id) else {
        return;
    };
    let result = run
        .client
        .reset_password(
            user_id,
            &outcome.password,
            outcome.require_change,
            outcome.require_mfa,
        )
        .await;
    match result {
        Ok(()) => {
            run.store.record(user_id, |o| o.reset = ResetStatus::Done);
            HostEvent::Reset { user_id }.dispatch(&run.host);
            // Only now: a failed reset leaves the user's sessions alone.
            if outcome.sign_out == SignOutStatus::Pending {
                sign_out(run, user_id).await;
            }
            // This copy, not the store's, so the user still gets the password
            // when the widget was removed while the reset ran. Queued behind
            // the resets already waiting, not awaited here: a throttled
            // mailbox (about 30 messages a minute) must not hold up resets.
            let mail_run = run.clone();
            run.queue.push(async move {
                notify(&mail_run, outcome).await;
            });
        }
        Err(error) => {
            drop(outcome);
            HostEvent::ResetFailed {
                user_id,
                error: &error,
            }
            .dispatch(&run.host);
            run.store.record(user_id, |o| o.reset_failed(error));
        }
    }
}

/// Signs out of all sessions a user whose reset succeeded. Its failure is
/// recorded beside the reset, which stands: the password stays shown.
async fn sign_out(run: &Run, user_id: &str) {
    let status = match run.client.revoke_sign_in_sessions(user_id).await {
        Ok(()) => {
            HostEvent::SignedOut { user_id }.dispatch(&run.host);
            SignOutStatus::Done
        }
        Err(error) => {
            HostEvent::SignOutFailed {
                user_id,
                error: &error,
            }
            .dispatch(&run.host);
            SignOutStatus::Failed(error)
        }
    };
    run.store.record(user_id, |o| o.sign_out = status);
}

/// Sends the notification of a reset that succeeded once more.
async fn send_mail(run: &Run, user_id: &str) {
    let Some(outcome) = run.store.outcome(user_id) else {
        return;
    };
    if outcome.reset == ResetStatus::Done {
        notify(run, outcome).await;
    }
}

/// Mails the new password of a user whose reset succeeded, when the admin
/// asked for it.
async fn notify(run: &Run, outcome: UserOutcome) {
    if outcome.recipients.is_empty() {
        return;
    }
    let user_id = outcome.target.id.as_str();
    run.store.record(user_id, |o| o.mail = MailStatus::Pending);
    let context = MailContext {
        tenant_name: run.tenant_name.as_deref(),
        sign_in_url: &run.sign_in_url,
        sender: &run.sender,
    };
    // The mail waits for the table of the user's language, or goes in the
    // widget's when it cannot be had, as the dialog showed.
    if let Some(lang) = outcome.target.preferred_lang() {
        crate::i18n::load::load(lang).await;
    }
    let mail = notification::compose(
        outcome.target.mail_lang(run.lang, Lang::is_loaded).table(),
        &outcome.target,
        &outcome.password,
        notification::AtSignIn::of(outcome.require_change, outcome.require_mfa),
        outcome.message,
        &context,
    );
    drop(outcome.password);
    let result = run
        .client
        .send_mail(&mail.subject, &mail.body, &outcome.recipients)
        .await;
    drop(mail);
    match result {
        Ok(()) => {
            let recipients = outcome.recipients.len();
            HostEvent::MailSent {
                user_id,
                recipients,
            }
            .dispatch(&run.host);
            run.store.record(user_id, |o| o.mail = MailStatus::Sent);
        }
        Err(error) => {
            HostEvent::MailFailed {
                user_id,
                error: &error,
            }
            .dispatch(&run.host);
            run.store
                .record(user_id, |o| o.mail = MailStatus::Failed(error));
        }
    }
}
