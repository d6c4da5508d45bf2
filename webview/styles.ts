/**
 * Styles of the page, added as a constructed style sheet because the Content Security Policy
 * allows no inline styles. Colours come from the VS Code theme variables, so the page follows
 * light, dark and high-contrast themes.
 */
const css = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 16px 24px; }
h1 { font-size: 1.4em; font-weight: 600; margin: 12px 0 4px; }
h2 { font-size: 1.1em; font-weight: 600; margin: 16px 0 6px; }
h3 { font-size: 1em; font-weight: 600; margin: 8px 0 4px; }
.note { color: var(--vscode-descriptionForeground); margin: 4px 0; }
.environments { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 12px; margin: 8px 0 16px; }
.environment { border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent)); border-radius: 4px; padding: 8px 10px; background: var(--vscode-editorWidget-background); }
.environment ul { list-style: none; padding: 0; margin: 4px 0; }
.environment li { margin: 2px 0; }
.actions { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
.status-Synced, .status-Healthy { color: var(--vscode-testing-iconPassed, var(--vscode-foreground)); }
.status-OutOfSync, .status-Degraded, .status-Missing { color: var(--vscode-errorForeground); }
.status-Progressing, .status-Unknown { color: var(--vscode-editorWarning-foreground); }
.value { font-family: var(--vscode-editor-font-family); }
.lag-behind .value, .lag-differs .value { color: var(--vscode-editorWarning-foreground); font-weight: 600; }
.lag-not-set .value { color: var(--vscode-descriptionForeground); font-style: italic; }
.commit { display: block; color: var(--vscode-descriptionForeground); font-size: 0.9em; }
.cell-actions { margin-top: 4px; }
vscode-data-grid-cell { overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 12px; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--vscode-panel-border, transparent); vertical-align: top; }
td.value, td.path { font-family: var(--vscode-editor-font-family); overflow-wrap: anywhere; }
.compare-controls { display: flex; flex-wrap: wrap; align-items: end; gap: 12px; margin: 8px 0; }
.compare-controls label { display: flex; flex-direction: column; gap: 4px; }
.timeline { list-style: none; padding: 0; }
.timeline li { padding: 6px 0; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
.error { color: var(--vscode-errorForeground); }
`;

export function installStyles(): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
