// Loads the reference app's module; main() mounts the app.
import init from "./leptos-reference.js";

init();
