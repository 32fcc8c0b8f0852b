/** Block Kit rules the fake Slack enforces, so a message real Slack would refuse fails in tests too. */

export type SlackBlockJson = Record<string, any>;

/** Checks the Block Kit limits Slack enforces; returns a problem or undefined. */
export function findBlockProblem(blocks: unknown): string | undefined {
  if (!Array.isArray(blocks)) return 'blocks must be an array';
  if (blocks.length > 50) return 'more than 50 blocks';
  const actionIds = new Set<string>();
  for (const block of blocks as SlackBlockJson[]) {
    if (block.type === 'section') {
      const text = block.text?.text;
      if (typeof text !== 'string' || text.length === 0 || text.length > 3000) return 'section text must be 1-3000 characters';
    } else if (block.type === 'actions') {
      if (!Array.isArray(block.elements) || block.elements.length === 0 || block.elements.length > 25) return 'actions need 1-25 elements';
      for (const element of block.elements) {
        if (typeof element.action_id !== 'string' || element.action_id.length > 255) return 'bad action_id';
        if (actionIds.has(element.action_id)) return `duplicate action_id ${element.action_id}`;
        actionIds.add(element.action_id);
        if (element.type === 'button') {
          if (!element.text?.text || element.text.text.length > 75) return 'button text must be 1-75 characters';
          if (element.value !== undefined && String(element.value).length > 2000) return 'button value too long';
          if (element.style !== undefined && !['primary', 'danger'].includes(element.style)) return 'bad button style';
        }
      }
    } else if (block.type === 'context') {
      if (!Array.isArray(block.elements) || block.elements.length === 0) return 'context needs elements';
    } else {
      return `unexpected block type ${String(block.type)}`;
    }
  }
  return undefined;
}
