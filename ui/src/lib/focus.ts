// `use:focusOnMount` — puts the caret in the first field of a screen without `autofocus`.
export function focusOnMount(node: HTMLElement): void {
  queueMicrotask(() => node.focus());
}
