//! A list of users fetched from the local tenant and a form with a text box
//! and a button: what any small Leptos app ships. It sets the `interactive`
//! performance mark when its list is on screen, as the widget does.

use gloo_net::http::Request;
use leptos::prelude::*;
use serde::Deserialize;

#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct User {
    id: String,
    display_name: Option<String>,
    user_principal_name: Option<String>,
    mail: Option<String>,
}

#[derive(Deserialize)]
struct Page {
    value: Vec<User>,
}

#[derive(Deserialize)]
struct Token {
    access_token: String,
}

async fn load_users() -> Result<Vec<User>, gloo_net::Error> {
    let token: Token = Request::post("/_dev/token")
        .header("Content-Type", "application/json")
        .body(r#"{"upn":"admin@contoso.example"}"#)?
        .send()
        .await?
        .json()
        .await?;
    let page: Page = Request::get(
        "/v1.0/users?$select=id,displayName,userPrincipalName,mail,otherMails,givenName,surname&$top=100",
    )
    .header("Authorization", &format!("Bearer {}", token.access_token))
    .send()
    .await?
    .json()
    .await?;
    Ok(page.value)
}

fn mark_interactive() {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark("interactive");
    }
}

#[component]
fn App() -> impl IntoView {
    let users = RwSignal::new(Vec::<User>::new());
    let error = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let added = RwSignal::new(Vec::<String>::new());
    leptos::task::spawn_local(async move {
        match load_users().await {
            Ok(list) => {
                users.set(list);
                request_animation_frame(mark_interactive);
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    });
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = name.get_untracked();
        if !text.trim().is_empty() {
            added.update(|list| list.push(text));
            name.set(String::new());
        }
    };
    view! {
        <main>
            <h1>"Users"</h1>
            <form on:submit=add>
                <label>
                    "Name "
                    <input
                        type="text"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                </label>
                <button type="submit">"Add"</button>
            </form>
            <ul>
                <For each=move || added.get() key=|text| text.clone() let:text>
                    <li>{text}</li>
                </For>
            </ul>
            <p class="error" role="alert">{move || error.get()}</p>
            <table>
                <thead>
                    <tr>
                        <th>"Name"</th>
                        <th>"User name"</th>
                        <th>"Email"</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || users.get() key=|user| user.id.clone() let:user>
                        <tr>
                            <td>{user.display_name.clone().unwrap_or_default()}</td>
                            <td>{user.user_principal_name.clone().unwrap_or_default()}</td>
                            <td>{user.mail.clone().unwrap_or_default()}</td>
                        </tr>
                    </For>
                </tbody>
            </table>
        </main>
    }
}

fn main() {
    leptos::mount::mount_to_body(App);
}
