/**
 * Formats the line under the dashboard title: the history note while git history is loading or
 * unreadable, otherwise the time of the last update in the reader's locale, to the minute.
 */
export function dashboardStatusLine(historyNote: string | undefined, updated: Date): string {
  if (historyNote !== undefined) {
    return historyNote;
  }
  const time = updated.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return `Updated ${time}`;
}
