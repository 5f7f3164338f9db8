// What the admin center's activity panel says about each event the widget
// sends. Events carry user ids, counts and outcomes; there is no password to
// show, and none is looked for.

export const WIDGET_EVENTS = [
  "reset-password:done",
  "reset-password:mail-sent",
  "reset-password:signed-out",
  "reset-password:error",
  "reset-password:cancelled",
  "reset-password:unmounted-while-busy",
];

const FAILED = { resetFailed: "Password reset failed", mailFailed: "Email failed", signOutFailed: "Sign-out failed" };

const count = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One line for the panel: `{text, error}`. */
export function describe(name, detail = {}) {
  const users = count(detail.userIds?.length ?? 0, "user");
  switch (name) {
    case "reset-password:done":
      return { text: `Password reset for ${users}`, error: false };
    case "reset-password:mail-sent":
      return { text: `Email accepted for delivery to ${count(detail.recipients ?? 0, "recipient")}`, error: false };
    case "reset-password:signed-out":
      return { text: `${users} signed out of all sessions`, error: false };
    case "reset-password:error":
      if (detail.outcome === "internalError") {
        return { text: `The password tool stopped (${detail.outcome}: ${detail.errorCode})`, error: true };
      }
      return { text: `${FAILED[detail.outcome] ?? "Failed"} for ${users} (${detail.outcome}: ${detail.errorCode})`, error: true };
    case "reset-password:cancelled":
      return { text: `Reset cancelled for ${users}`, error: false };
    case "reset-password:unmounted-while-busy":
      return { text: `Closed while working on ${users}: reset them again`, error: true };
    default:
      return { text: name, error: false };
  }
}
