// The admin center's record of what the widget reported, newest last.
export function ActivityPanel({ entries }) {
  return (
    <section className="fab-activity" aria-labelledby="fab-activity-heading">
      <h2 id="fab-activity-heading">Activity</h2>
      {entries.length === 0 ? <p>No activity yet.</p> : null}
      <div role="log" aria-labelledby="fab-activity-heading">
        <ol>
          {entries.map((entry) => (
            <li key={entry.id} className={entry.error ? "fab-error" : undefined}>
              {entry.text}
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}
