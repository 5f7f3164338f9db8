//! Component tests in a real browser (headless Chromium): each mounts one
//! component with a prepared context and drives it as an admin would.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::tick;
use reset_password_widget::api::ApiError;
use reset_password_widget::api::client::{GraphClient, TokenProvider};
use reset_password_widget::api::queue::WorkQueue;
use reset_password_widget::config::WidgetConfig;
use reset_password_widget::context::{RetryWait, WidgetContext};
use reset_password_widget::i18n::Lang;
use reset_password_widget::password::Password;
use reset_password_widget::reset::ResetStore;
use reset_password_widget::reset::components::{ResetForm, ResetResult};
use reset_password_widget::reset::state::{
    Flow, MailStatus, ResetChoices, ResetStatus, Target, UserOutcome,
};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn host() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    host
}

/// A mounted component's surroundings: the shared context and the flow its
/// reset store writes, which a test may also move on as answers would.
#[derive(Clone, Copy)]
struct Setup {
    ctx: WidgetContext,
    flow: RwSignal<Flow>,
}

fn setup(host: &HtmlElement, flow: Flow) -> Setup {
    let ctx = WidgetContext {
        config: StoredValue::new(WidgetConfig::default()),
        strings: Lang::En.strings(),
        // Nothing in these tests reaches the network.
        client: StoredValue::new_local(GraphClient::new(
            "/unused".into(),
            TokenProvider::from_host(host.clone()),
        )),
        host: StoredValue::new_local(host.clone()),
        instance: 1,
    };
    Setup {
        ctx,
        flow: RwSignal::new(flow),
    }
}

/// Mounts `view` with the context and a reset store; dropping the handle unmounts it.
fn mount<V: IntoView + 'static>(
    host: &HtmlElement,
    setup: Setup,
    view: impl FnOnce() -> V + 'static,
) -> Box<dyn std::any::Any> {
    Box::new(leptos::mount::mount_to(host.clone(), move || {
        provide_context(setup.ctx);
        provide_context(RetryWait::new().0);
        provide_context(ResetStore::new(
            setup.ctx,
            setup.flow,
            WorkQueue::default(),
            None,
        ));
        view()
    }))
}

fn target() -> Target {
    Target {
        id: "u1".into(),
        display_name: "Élodie Dupré".into(),
        user_principal_name: "elodie.dupre@contoso.example".into(),
        alternate_email: None,
        given_name: Some("Élodie".into()),
        surname: Some("Dupré".into()),
        preferred_language: None,
        created: None,
        may_sign_out: true,
    }
}

fn find<T: JsCast>(host: &HtmlElement, selector: &str) -> T {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .unchecked_into()
}

fn button(host: &HtmlElement, text: &str) -> Option<HtmlElement> {
    let buttons = host.query_selector_all("button").unwrap();
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .map(|n| n.unchecked_into::<HtmlElement>())
        .find(|b| b.text_content().unwrap_or_default().trim() == text)
}

fn checkbox_labelled(host: &HtmlElement, label: &str) -> HtmlInputElement {
    let labels = host.query_selector_all("label.rpw-check").unwrap();
    (0..labels.length())
        .filter_map(|i| labels.item(i))
        .map(|n| n.unchecked_into::<HtmlElement>())
        .find(|l| l.text_content().unwrap_or_default().trim() == label)
        .and_then(|l| l.query_selector("input").unwrap())
        .unwrap_or_else(|| panic!("no checkbox labelled {label}"))
        .unchecked_into()
}

fn type_into(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    let event = web_sys::Event::new_with_event_init_dict("input", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    input.dispatch_event(&event).unwrap();
}

fn outcome(reset: ResetStatus, mail: MailStatus) -> UserOutcome {
    let mut outcome = UserOutcome::new(
        target(),
        Password::new("Kx7#mQ2v-Lp9!zR4".into()),
        vec!["it.desk@example.net".into()],
        &ResetChoices::for_targets(&[]),
    );
    outcome.reset = reset;
    outcome.mail = mail;
    outcome
}

#[wasm_bindgen_test]
async fn typed_password_lists_every_failed_rule_and_blocks_submit() {
    let host = host();
    let setup = setup(
        &host,
        Flow::Confirming {
            targets: vec![target()],
        },
    );
    let _mounted = mount(
        &host,
        setup,
        || view! { <ResetForm targets=vec![target()] /> },
    );
    tick().await;
    checkbox_labelled(&host, "Automatically create a password").click();
    tick().await;

    let password: HtmlInputElement = find(&host, "#rpw1-password");
    // Too short, two classes only, and "admin" is a banned term.
    type_into(&password, "admin1");
    tick().await;
    let problems = find::<HtmlElement>(&host, "#rpw1-password-problems")
        .text_content()
        .unwrap();
    assert!(problems.contains("at least 8 characters"), "{problems}");
    assert!(problems.contains("at least 3 of these 4"), "{problems}");
    assert!(problems.contains("too easy to guess"), "{problems}");
    let submit: web_sys::HtmlButtonElement =
        button(&host, "Reset password").unwrap().unchecked_into();
    assert!(submit.disabled());

    type_into(&password, "Ünder-the-sea 42");
    tick().await;
    let problems = find::<HtmlElement>(&host, "#rpw1-password-problems")
        .text_content()
        .unwrap();
    assert!(
        problems.contains("“Ü”"),
        "names the refused character: {problems}"
    );

    type_into(&password, "Correct-Horse-Battery-42");
    tick().await;
    assert_eq!(
        find::<HtmlElement>(&host, "#rpw1-password-problems").child_element_count(),
        0
    );
    assert!(!submit.disabled());
}

#[wasm_bindgen_test]
async fn recipients_are_checked_and_the_bad_one_named() {
    let host = host();
    let setup = setup(&host, Flow::Browsing);
    let _mounted = mount(
        &host,
        setup,
        || view! { <ResetForm targets=vec![target()] /> },
    );
    tick().await;
    checkbox_labelled(&host, "Email the password to the following recipients").click();
    tick().await;
    let recipients: HtmlInputElement = find(&host, "#rpw1-recipients");
    type_into(&recipients, "it.desk@example.net; not-an-address");
    tick().await;
    let problem = find::<HtmlElement>(&host, "#rpw1-recipients-problem")
        .text_content()
        .unwrap();
    assert_eq!(problem, "\"not-an-address\" is not a valid email address.");
    let submit: web_sys::HtmlButtonElement =
        button(&host, "Reset password").unwrap().unchecked_into();
    assert!(submit.disabled());

    let six = (1..=6)
        .map(|i| format!("u{i}@example.net"))
        .collect::<Vec<_>>()
        .join(", ");
    type_into(&recipients, &six);
    tick().await;
    let problem = find::<HtmlElement>(&host, "#rpw1-recipients-problem")
        .text_content()
        .unwrap();
    assert_eq!(problem, "6 addresses were entered; the limit is 5.");
}

#[wasm_bindgen_test]
async fn cancel_sends_nothing_and_tells_the_host() {
    let host = host();
    let setup = setup(
        &host,
        Flow::Confirming {
            targets: vec![target()],
        },
    );
    let events = Rc::new(RefCell::new(Vec::<String>::new()));
    let recorder = {
        let events = Rc::clone(&events);
        Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |event: web_sys::CustomEvent| {
            let detail = js_sys::JSON::stringify(&event.detail()).unwrap();
            events
                .borrow_mut()
                .push(format!("{} {}", event.type_(), String::from(detail)));
        })
    };
    host.add_event_listener_with_callback(
        "reset-password:cancelled",
        recorder.as_ref().unchecked_ref(),
    )
    .unwrap();
    let _mounted = mount(
        &host,
        setup,
        || view! { <ResetForm targets=vec![target()] /> },
    );
    tick().await;
    button(&host, "Cancel").unwrap().click();
    tick().await;
    assert_eq!(setup.flow.get_untracked(), Flow::Browsing);
    assert_eq!(
        events.borrow().as_slice(),
        [r#"reset-password:cancelled {"userIds":["u1"],"outcome":"cancelled"}"#]
    );
}

#[wasm_bindgen_test]
async fn the_password_appears_only_once_the_reset_succeeded() {
    let host = host();
    let setup = setup(
        &host,
        Flow::Resetting {
            outcomes: vec![outcome(ResetStatus::InProgress, MailStatus::Pending)],
        },
    );
    let _mounted = mount(&host, setup, || view! { <ResetResult /> });
    tick().await;
    assert!(
        host.query_selector("input.rpw-input--secret")
            .unwrap()
            .is_none()
    );
    assert!(!host.inner_html().contains("Kx7#mQ2v-Lp9!zR4"));

    // The tenant's answer, as the runner would record it.
    setup
        .flow
        .update(|flow| flow.update("u1", |o| o.reset = ResetStatus::Done));
    // One tick renders the field, the next applies its value.
    tick().await;
    tick().await;
    let shown: HtmlInputElement = find(&host, "input.rpw-input--secret");
    assert_eq!(shown.value(), "Kx7#mQ2v-Lp9!zR4");
    assert!(shown.read_only());
    // A real password box until "Show password": screen readers do not speak it.
    assert_eq!(shown.type_(), "password");
    assert_eq!(shown.get_attribute("autocomplete").as_deref(), Some("off"));
    let label = find::<HtmlElement>(&host, "label[for='rpw1-pw-u1']")
        .text_content()
        .unwrap();
    assert_eq!(label, "Password for Élodie Dupré");
    button(&host, "Show password").unwrap().click();
    tick().await;
    assert_eq!(shown.type_(), "text");
    button(&host, "Hide password").unwrap().click();
    tick().await;
    assert_eq!(shown.type_(), "password");
}

#[wasm_bindgen_test]
async fn a_failed_mail_keeps_the_password_and_offers_send_again() {
    let host = host();
    let setup = setup(
        &host,
        Flow::Done {
            outcomes: vec![outcome(
                ResetStatus::Done,
                MailStatus::Failed(ApiError::Timeout),
            )],
        },
    );
    let _mounted = mount(&host, setup, || view! { <ResetResult /> });
    tick().await;
    assert_eq!(
        find::<HtmlInputElement>(&host, "input.rpw-input--secret").value(),
        "Kx7#mQ2v-Lp9!zR4"
    );
    assert!(button(&host, "Send email again").is_some());
    let alert = find::<HtmlElement>(&host, "[role=alert]")
        .text_content()
        .unwrap();
    // A timeout may hide a mail that went out: unconfirmed, not "not sent".
    assert!(
        alert.contains(
            "was reset, but the tenant did not confirm that the email to it.desk@example.net went out"
        ),
        "{alert}"
    );
}

#[wasm_bindgen_test]
async fn a_failed_reset_never_shows_a_password() {
    let host = host();
    let mut failed = outcome(ResetStatus::InProgress, MailStatus::Pending);
    failed.reset_failed(ApiError::Forbidden {
        message: "Insufficient privileges".into(),
        graph: Default::default(),
    });
    let setup = setup(
        &host,
        Flow::Done {
            outcomes: vec![failed],
        },
    );
    let _mounted = mount(&host, setup, || view! { <ResetResult /> });
    tick().await;
    assert!(
        host.query_selector("input.rpw-input--secret")
            .unwrap()
            .is_none()
    );
    assert!(!host.inner_html().contains("Kx7#mQ2v-Lp9!zR4"));
    assert!(host.text_content().unwrap().contains("was not changed"));
    assert!(button(&host, "Send email again").is_none());
}

#[wasm_bindgen_test]
fn an_internal_error_is_shown_in_each_widget_and_its_open_dialog_and_told_to_the_host() {
    // A French widget has read its table before anything can fail.
    let french = Lang::Fr.strings();
    let host = host();
    host.set_inner_html(
        r#"<section class="rpw" lang="fr"><dialog open><input value="kept"></dialog></section>"#,
    );
    let seen = Rc::new(RefCell::new(Vec::<String>::new()));
    let listener = {
        let seen = Rc::clone(&seen);
        Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |event: web_sys::CustomEvent| {
            let outcome = js_sys::Reflect::get(&event.detail(), &"outcome".into()).unwrap();
            seen.borrow_mut().push(outcome.as_string().unwrap());
        })
    };
    host.add_event_listener_with_callback(
        "reset-password:error",
        listener.as_ref().unchecked_ref(),
    )
    .unwrap();

    reset_password_widget::panic_notice::show_on_every_widget();
    // Called again (a second panic message), nothing is added twice.
    reset_password_widget::panic_notice::show_on_every_widget();

    let alerts = host.query_selector_all("[role=alert].rpw-crash").unwrap();
    assert_eq!(
        alerts.length(),
        2,
        "one in the widget, one in its open dialog"
    );
    let text = alerts.item(0).unwrap().text_content().unwrap();
    assert_eq!(text, french.internal_error);
    // What was on screen stays.
    assert_eq!(
        find::<HtmlInputElement>(&host, "dialog input").value(),
        "kept"
    );
    assert_eq!(*seen.borrow(), vec!["internalError".to_string()]);
    host.remove();
}

/// Resolves after `ms` milliseconds.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

static PANICKED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Guards a crash: a widget unmounted (an attribute changed, the element
/// removed) while its first calls waited read its disposed signals when they
/// ended, and the panic stopped every widget on the page.
#[wasm_bindgen_test]
async fn a_widget_unmounted_while_its_first_calls_wait_survives_their_end() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICKED.store(true, std::sync::atomic::Ordering::SeqCst);
        previous(info);
    }));
    let host = host();
    // Every call waits for this token until the test hands it out.
    let release = Rc::new(RefCell::new(None::<js_sys::Function>));
    let token = js_sys::Promise::new(&mut |resolve, _| *release.borrow_mut() = Some(resolve));
    let provider = Closure::<dyn Fn() -> js_sys::Promise>::new(move || token.clone());
    js_sys::Reflect::set(&host, &"tokenProvider".into(), provider.as_ref()).unwrap();

    // English: no table to fetch.
    let mut handle = reset_password_widget::boot::mount_widget(host.clone(), String::new()).await;
    tick().await;
    assert!(host.query_selector(".rpw-panel").unwrap().is_some());
    handle.unmount();
    assert!(host.query_selector(".rpw").unwrap().is_none());
    // The list, the admin's id and roles now go out, fail (no tenant here)
    // and end for a widget that is gone; the cancelled list load ends after
    // the client's retries, within 3.5 s.
    let resolve = release.borrow_mut().take().unwrap();
    resolve
        .call1(&wasm_bindgen::JsValue::NULL, &"token".into())
        .unwrap();
    sleep(4_000).await;

    assert!(!PANICKED.load(std::sync::atomic::Ordering::SeqCst));
    drop(provider);
    host.remove();
}

fn outcome_of(index: usize, reset: ResetStatus) -> UserOutcome {
    let mut outcome = outcome(reset, MailStatus::NotRequested);
    outcome.target.id = format!("u{index}");
    outcome.target.display_name = format!("User {index}");
    outcome.target.user_principal_name = format!("user{index}@contoso.example");
    outcome
}

fn select_option(select: &HtmlElement, value: &str) {
    js_sys::Reflect::set(select, &"value".into(), &value.into()).unwrap();
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("change", &init).unwrap();
    select.dispatch_event(&event).unwrap();
}

// Guards the run controls: a pause sends nothing new, and a cancel ends the
// run with each waiting user said to be not reset.
#[wasm_bindgen_test]
async fn pause_then_cancel_ends_the_run_with_the_waiting_users_not_reset() {
    let host = host();
    let outcomes = (0..3)
        .map(|i| outcome_of(i, ResetStatus::Waiting))
        .collect();
    let setup = setup(&host, Flow::Resetting { outcomes });
    let _mounted = mount(&host, setup, || view! { <ResetResult /> });
    tick().await;
    button(&host, "Pause").unwrap().click();
    tick().await;
    assert!(matches!(setup.flow.get_untracked(), Flow::Paused { .. }));
    assert!(button(&host, "Pause").is_none());
    assert!(button(&host, "Resume").is_some());
    assert!(host.text_content().unwrap().contains("Paused."));
    button(&host, "Cancel remaining resets").unwrap().click();
    tick().await;
    let flow = setup.flow.get_untracked();
    assert!(matches!(flow, Flow::Done { .. }), "nothing was in flight");
    assert!(
        flow.outcomes()
            .iter()
            .all(|o| o.reset == ResetStatus::NotSent)
    );
    let summary = find::<HtmlElement>(&host, ".rpw-result__summary");
    assert_eq!(
        summary.text_content().unwrap(),
        "0 reset, 3 not reset (cancelled)"
    );
    let close: web_sys::HtmlButtonElement = button(&host, "Close").unwrap().unchecked_into();
    assert!(!close.disabled());
    assert!(button(&host, "Resume").is_none());
}

// Guards the result table: beyond 25 users only the rows in view are in the
// page, and the filter shows one outcome.
#[wasm_bindgen_test]
async fn a_large_result_is_a_filtered_table_of_the_rows_in_view() {
    let host = host();
    // The widget's stylesheet bounds the scroller; this page has none.
    let style = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .create_element("style")
        .unwrap();
    style.set_text_content(Some(
        ".rpw-table-scroll { max-height: 20rem; overflow: auto; }",
    ));
    host.append_child(&style).unwrap();
    let outcomes = (0..300)
        .map(|i| {
            let reset = if i % 100 == 7 {
                ResetStatus::Failed(ApiError::NotFound {
                    graph: Default::default(),
                })
            } else {
                ResetStatus::Done
            };
            outcome_of(i, reset)
        })
        .collect();
    let setup = setup(&host, Flow::Done { outcomes });
    let _mounted = mount(&host, setup, || view! { <ResetResult /> });
    tick().await;
    tick().await;
    assert!(host.query_selector("table.rpw-table").unwrap().is_some());
    assert!(
        host.query_selector(".rpw-outcome").unwrap().is_none(),
        "no cards"
    );
    let summary = find::<HtmlElement>(&host, ".rpw-result__summary");
    assert_eq!(summary.text_content().unwrap(), "297 reset, 3 failed");
    let rows = host.query_selector_all("tr.rpw-row").unwrap().length();
    assert!((1..60).contains(&rows), "{rows} rows drawn of 300");

    let filter: HtmlElement = find(&host, "select");
    select_option(&filter, "failed");
    tick().await;
    tick().await;
    let rows = host.query_selector_all("tr.rpw-row").unwrap();
    assert_eq!(rows.length(), 3);
    let first = rows.item(0).unwrap().text_content().unwrap();
    assert!(
        first.contains("User 7") && first.contains("Not changed"),
        "{first}"
    );
    assert!(
        host.query_selector("input.rpw-input--secret")
            .unwrap()
            .is_none()
    );
    assert!(button(&host, "Retry failed users").is_some());
}
