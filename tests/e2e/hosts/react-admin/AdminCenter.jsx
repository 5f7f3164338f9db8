import { useCallback, useMemo, useState } from "react";
import { ActivityPanel } from "./ActivityPanel.jsx";
import { ResetPasswordWidget } from "./ResetPasswordWidget.jsx";
import { describe } from "./activity.js";
import { createSession } from "./session.js";

let nextEntry = 0;

export function AdminCenter({ apiBase }) {
  const [entries, setEntries] = useState([]);
  const [widgetShown, setWidgetShown] = useState(true);
  const [tokens, setTokens] = useState({ requests: 0, forced: 0 });

  const tokenProvider = useMemo(
    () =>
      createSession(({ forceRefresh }) =>
        setTokens((t) => ({ requests: t.requests + 1, forced: t.forced + (forceRefresh ? 1 : 0) })),
      ),
    [],
  );

  const onWidgetEvent = useCallback((name, detail) => {
    setEntries((list) => [...list, { id: nextEntry++, ...describe(name, detail) }]);
  }, []);

  return (
    <>
      <header className="fab-header">
        <h1>Fabrikam admin center</h1>
        <button type="button" onClick={() => setWidgetShown((shown) => !shown)}>
          {widgetShown ? "Hide widget" : "Show widget"}
        </button>
      </header>
      <div className="fab-layout">
        <main>
          <h2>Reset passwords</h2>
          {widgetShown ? (
            <ResetPasswordWidget
              apiBase={apiBase}
              tenantName="Contoso"
              tokenProvider={tokenProvider}
              onWidgetEvent={onWidgetEvent}
            />
          ) : (
            <p className="fab-hidden">The password tool is hidden.</p>
          )}
        </main>
        <ActivityPanel entries={entries} />
      </div>
      <footer className="fab-session">
        <p>
          Token requests: {tokens.requests}; forced refreshes: {tokens.forced}
        </p>
      </footer>
    </>
  );
}
