/** A child of `element`: a node, a text, or nothing (left out). */
export type Child = Node | string | undefined | false;

/** Attribute values: `true` writes an empty attribute, `false` and undefined leave it out. */
export type Attributes = Readonly<Record<string, string | number | boolean | undefined>>;

/** Creates an element with attributes and children. */
export function element(
  tag: string,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElement {
  const created = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) {
      created.setAttribute(name, '');
    } else if (value !== false && value !== undefined) {
      created.setAttribute(name, String(value));
    }
  }

  for (const child of children) {
    if (child !== undefined && child !== false) {
      created.append(child);
    }
  }
  return created;
}

/** Replaces the children of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren(
    ...children.filter((child): child is Node | string => child !== undefined && child !== false),
  );
}

/** Formats an ISO time as a short local date and time, for example `7 Mar 2025, 09:30`. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
