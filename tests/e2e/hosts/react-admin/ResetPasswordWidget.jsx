import { useEffect, useLayoutEffect, useRef } from "react";
import { WIDGET_EVENTS } from "./activity.js";

// <reset-password-widget> as a React component. Attributes go in as JSX
// props; the token provider and the event listeners go through a ref:
//
// - React 19 sets a custom element's prop as a property only when the element
//   already has a property of that name (`name in element`). The widget's
//   element declares none for `tokenProvider` (it is read from the element at
//   every call), so `tokenProvider={fn}` would be dropped as an attribute that
//   cannot hold a function. The layout effect sets it in the commit that
//   inserts the element, so it is there when the element first asks for a
//   token (in a microtask after it is connected, which runs once the commit
//   is done; a passive effect may run later), and again whenever the
//   provider changes.
// - The events' names contain ":", which JSX props cannot carry well, and a
//   host must hear them on the element itself: once the element has left the
//   page they no longer bubble. The passive effect's cleanup runs after React
//   removed the element, so `reset-password:unmounted-while-busy` (sent while
//   it is removed) still arrives, and the listeners of an element that left
//   the page stay: a run that outlived its widget still reports to the panel.
export function ResetPasswordWidget({ apiBase, tenantName, tokenProvider, onWidgetEvent }) {
  const element = useRef(null);
  const listener = useRef(onWidgetEvent);

  useLayoutEffect(() => {
    listener.current = onWidgetEvent;
  }, [onWidgetEvent]);

  useLayoutEffect(() => {
    element.current.tokenProvider = tokenProvider;
  }, [tokenProvider]);

  useEffect(() => {
    const widget = element.current;
    const forward = (event) => listener.current(event.type, event.detail);
    for (const name of WIDGET_EVENTS) widget.addEventListener(name, forward);
    return () => {
      if (!widget.isConnected) return;
      for (const name of WIDGET_EVENTS) widget.removeEventListener(name, forward);
    };
  }, []);

  return <reset-password-widget ref={element} api-base={apiBase} tenant-name={tenantName} />;
}
