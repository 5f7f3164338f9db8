//! Events to the host page: DOM `CustomEvent`s on the host element that bubble
//! and cross shadow roots. One variant per event, so a name can never go out
//! with another event's outcome. Payloads carry user ids and outcomes, never
//! a password.

use crate::api::ApiError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostEvent<'a> {
    /// The tenant confirmed the new password.
    Reset { user_id: &'a str },
    /// The tenant accepted the notification mail for delivery.
    MailSent { user_id: &'a str, recipients: usize },
    ResetFailed {
        user_id: &'a str,
        error: &'a ApiError,
    },
    MailFailed {
        user_id: &'a str,
        error: &'a ApiError,
    },
    /// The tenant signed the user out of all sessions after the reset.
    SignedOut { user_id: &'a str },
    /// The reset stands; signing the user out failed.
    SignOutFailed {
        user_id: &'a str,
        error: &'a ApiError,
    },
    /// The dialog closed before anything was sent.
    Cancelled { user_ids: &'a [String] },
    /// The widget was removed while these users' resets or mails were under
    /// way: the calls go on and their events follow, but the admin never saw
    /// how they ended.
    UnmountedWhileBusy { user_ids: &'a [String] },
    /// A bug stopped the widget; what was on screen stays.
    InternalError,
}

impl HostEvent<'_> {
    pub fn name(&self) -> &'static str {
        match self {
            HostEvent::Reset { .. } => "reset-password:done",
            HostEvent::MailSent { .. } => "reset-password:mail-sent",
            HostEvent::SignedOut { .. } => "reset-password:signed-out",
            HostEvent::ResetFailed { .. }
            | HostEvent::MailFailed { .. }
            | HostEvent::SignOutFailed { .. }
            | HostEvent::InternalError => "reset-password:error",
            HostEvent::Cancelled { .. } => "reset-password:cancelled",
            HostEvent::UnmountedWhileBusy { .. } => "reset-password:unmounted-while-busy",
        }
    }

    pub fn outcome(&self) -> &'static str {
        match self {
            HostEvent::Reset { .. } => "reset",
            HostEvent::MailSent { .. } => "mailSent",
            HostEvent::ResetFailed { .. } => "resetFailed",
            HostEvent::MailFailed { .. } => "mailFailed",
            HostEvent::SignedOut { .. } => "signedOut",
            HostEvent::SignOutFailed { .. } => "signOutFailed",
            HostEvent::Cancelled { .. } => "cancelled",
            HostEvent::UnmountedWhileBusy { .. } => "unmountedWhileBusy",
            HostEvent::InternalError => "internalError",
        }
    }

    pub fn error_code(&self) -> Option<&'static str> {
        match self {
            HostEvent::ResetFailed { error, .. }
            | HostEvent::MailFailed { error, .. }
            | HostEvent::SignOutFailed { error, .. } => Some(error.code()),
            HostEvent::InternalError => Some("internalError"),
            _ => None,
        }
    }

    pub fn recipients(&self) -> Option<usize> {
        match self {
            HostEvent::MailSent { recipients, .. } => Some(*recipients),
            _ => None,
        }
    }

    pub fn user_ids(&self) -> Vec<&str> {
        match self {
            HostEvent::Reset { user_id }
            | HostEvent::MailSent { user_id, .. }
            | HostEvent::ResetFailed { user_id, .. }
            | HostEvent::MailFailed { user_id, .. }
            | HostEvent::SignedOut { user_id }
            | HostEvent::SignOutFailed { user_id, .. } => vec![user_id],
            HostEvent::Cancelled { user_ids } | HostEvent::UnmountedWhileBusy { user_ids } => {
                user_ids.iter().map(String::as_str).collect()
            }
            HostEvent::InternalError => Vec::new(),
        }
    }
}

#[cfg(feature = "ui")]
impl HostEvent<'_> {
    /// Sends the event to the host. The `detail` is built as a plain object
    /// (`{userIds, outcome, errorCode?, recipients?}`): no JSON round trip.
    pub fn dispatch(&self, host: &web_sys::HtmlElement) {
        use wasm_bindgen::JsValue;

        let detail = js_sys::Object::new();
        let set = |key: &str, value: JsValue| {
            let _ = js_sys::Reflect::set(&detail, &key.into(), &value);
        };
        let ids: js_sys::Array = self.user_ids().into_iter().map(JsValue::from_str).collect();
        set("userIds", ids.into());
        set("outcome", self.outcome().into());
        if let Some(code) = self.error_code() {
            set("errorCode", code.into());
        }
        if let Some(count) = self.recipients() {
            set("recipients", (count as f64).into());
        }
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&detail);
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(self.name(), &init) {
            let _ = host.dispatch_event(&event);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_event_has_its_documented_name_and_outcome() {
        let error = ApiError::Timeout;
        let ids = ["a".to_string(), "b".to_string()];
        let cases = [
            (
                HostEvent::Reset { user_id: "a" },
                "reset-password:done",
                "reset",
            ),
            (
                HostEvent::MailSent {
                    user_id: "a",
                    recipients: 2,
                },
                "reset-password:mail-sent",
                "mailSent",
            ),
            (
                HostEvent::ResetFailed {
                    user_id: "a",
                    error: &error,
                },
                "reset-password:error",
                "resetFailed",
            ),
            (
                HostEvent::MailFailed {
                    user_id: "a",
                    error: &error,
                },
                "reset-password:error",
                "mailFailed",
            ),
            (
                HostEvent::SignedOut { user_id: "a" },
                "reset-password:signed-out",
                "signedOut",
            ),
            (
                HostEvent::SignOutFailed {
                    user_id: "a",
                    error: &error,
                },
                "reset-password:error",
                "signOutFailed",
            ),
            (
                HostEvent::Cancelled { user_ids: &ids },
                "reset-password:cancelled",
                "cancelled",
            ),
            (
                HostEvent::UnmountedWhileBusy { user_ids: &ids },
                "reset-password:unmounted-while-busy",
                "unmountedWhileBusy",
            ),
            (
                HostEvent::InternalError,
                "reset-password:error",
                "internalError",
            ),
        ];
        for (event, name, outcome) in cases {
            assert_eq!(
                (event.name(), event.outcome()),
                (name, outcome),
                "{event:?}"
            );
        }
    }

    #[test]
    fn details_carry_ids_codes_and_counts_only_where_they_belong() {
        let error = ApiError::Timeout;
        let failed = HostEvent::ResetFailed {
            user_id: "a",
            error: &error,
        };
        assert_eq!(failed.user_ids(), ["a"]);
        assert_eq!(failed.error_code(), Some("timeout"));
        assert_eq!(failed.recipients(), None);
        let sent = HostEvent::MailSent {
            user_id: "a",
            recipients: 3,
        };
        assert_eq!((sent.error_code(), sent.recipients()), (None, Some(3)));
        let signed_out = HostEvent::SignedOut { user_id: "a" };
        assert_eq!(signed_out.user_ids(), ["a"]);
        assert_eq!(
            (signed_out.error_code(), signed_out.recipients()),
            (None, None)
        );
        let not_signed_out = HostEvent::SignOutFailed {
            user_id: "a",
            error: &error,
        };
        assert_eq!(not_signed_out.error_code(), Some("timeout"));
        let ids = ["a".to_string(), "b".to_string()];
        assert_eq!(
            HostEvent::Cancelled { user_ids: &ids }.user_ids(),
            ["a", "b"]
        );
        let busy = HostEvent::UnmountedWhileBusy { user_ids: &ids };
        assert_eq!(busy.user_ids(), ["a", "b"]);
        assert_eq!((busy.error_code(), busy.recipients()), (None, None));
        assert!(HostEvent::InternalError.user_ids().is_empty());
        assert_eq!(HostEvent::InternalError.error_code(), Some("internalError"));
    }
}
