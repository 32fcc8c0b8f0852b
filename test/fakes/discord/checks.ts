/**
 * What Discord itself refuses, written independently of the adapter so that a test fails where
 * Discord would. Each check returns a Discord-shaped error ({ status, code, message, errors }).
 * Limits: https://discord.com/developers/docs (messages, components, application commands).
 */

/** A Discord REST error body plus its HTTP status. */
export interface FakeApiError {
  status: number;
  code: number;
  message: string;
  errors?: unknown;
}

/** Discord's documented message limits. */
export const MESSAGE_LIMITS = {
  contentChars: 2000,
  embeds: 10,
  embedTitleChars: 256,
  embedDescriptionChars: 4096,
  embedTotalChars: 6000,
  embedFields: 25,
  embedFieldNameChars: 256,
  embedFieldValueChars: 1024,
  embedFooterChars: 2048,
  attachmentsPerMessage: 10,
  actionRows: 5,
  buttonsPerRow: 5,
  customIdChars: 100,
  buttonLabelChars: 80,
  selectOptions: 25,
  selectPlaceholderChars: 150,
  selectOptionTextChars: 100,
  attachmentDescriptionChars: 1024,
  defaultAttachmentSizeLimitBytes: 10 * 1024 * 1024,
} as const;

/** Discord's documented application-command limits. */
export const COMMAND_LIMITS = {
  nameChars: 32,
  descriptionChars: 100,
  options: 25,
  choices: 25,
  choiceNameChars: 100,
  choiceStringValueChars: 100,
  combinedChars: 4000,
  commandsPerScope: 100,
} as const;

const NAME_PATTERN = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function formError(path: string, message: string, errorCode = 'BASE_TYPE_INVALID'): FakeApiError {
  // Discord nests field errors: { content: { _errors: [{ code, message }] } }
  const errors: Record<string, unknown> = {};
  let node = errors;
  const parts = path.split('.');
  parts.forEach((part, i) => {
    const next: Record<string, unknown> = {};
    node[part] = next;
    if (i === parts.length - 1) next._errors = [{ code: errorCode, message }];
    node = next;
  });
  return { status: 400, code: 50035, message: `Invalid Form Body (${path}: ${message})`, errors };
}

interface UploadedFile {
  field: string;
  filename: string;
  size: number;
}

interface ComponentJson {
  type: number;
  components?: ComponentJson[];
  custom_id?: string;
  label?: string;
  url?: string;
  style?: number;
  placeholder?: string;
  options?: { label?: string; value?: string; description?: string }[];
}

function checkComponents(rows: unknown, at: string): FakeApiError | null {
  if (!Array.isArray(rows)) return formError(at, 'Must be an array');
  if (rows.length > MESSAGE_LIMITS.actionRows)
    return formError(at, `Must be ${MESSAGE_LIMITS.actionRows} or fewer in length.`, 'BASE_TYPE_MAX_LENGTH');
  const seenIds = new Set<string>();
  for (const [r, row] of (rows as ComponentJson[]).entries()) {
    const rowAt = `${at}.${r}`;
    if (row.type !== 1) return formError(`${rowAt}.type`, 'Top-level components must be action rows (type 1)');
    const children = row.components ?? [];
    if (children.length === 0) return formError(`${rowAt}.components`, 'Action row must not be empty');
    const selects = children.filter((c) => c.type !== 2);
    if (selects.length > 0 && children.length > 1)
      return formError(`${rowAt}.components`, 'A select menu must be alone in its action row');
    if (children.length > MESSAGE_LIMITS.buttonsPerRow)
      return formError(`${rowAt}.components`, `Must be ${MESSAGE_LIMITS.buttonsPerRow} or fewer in length.`, 'BASE_TYPE_MAX_LENGTH');
    for (const [c, child] of children.entries()) {
      const childAt = `${rowAt}.components.${c}`;
      const isLink = child.type === 2 && child.style === 5;
      if (isLink) {
        if (!child.url) return formError(`${childAt}.url`, 'Link buttons need a url');
        if (child.custom_id) return formError(`${childAt}.custom_id`, 'Link buttons cannot have a custom_id');
      } else {
        if (!child.custom_id) return formError(`${childAt}.custom_id`, 'This field is required');
        if (child.custom_id.length > MESSAGE_LIMITS.customIdChars)
          return formError(`${childAt}.custom_id`, 'Must be 100 or fewer in length.', 'BASE_TYPE_MAX_LENGTH');
        if (seenIds.has(child.custom_id))
          return formError(`${childAt}.custom_id`, 'Component custom id cannot be duplicated', 'COMPONENT_CUSTOM_ID_DUPLICATED');
        seenIds.add(child.custom_id);
      }
      if (child.type === 2) {
        if (child.label !== undefined && child.label.length > MESSAGE_LIMITS.buttonLabelChars)
          return formError(`${childAt}.label`, 'Must be 80 or fewer in length.', 'BASE_TYPE_MAX_LENGTH');
      } else if (child.type === 3) {
        const options = child.options ?? [];
        if (options.length < 1 || options.length > MESSAGE_LIMITS.selectOptions)
          return formError(`${childAt}.options`, 'Must be between 1 and 25 in length.', 'BASE_TYPE_BAD_LENGTH');
        if ((child.placeholder ?? '').length > MESSAGE_LIMITS.selectPlaceholderChars)
          return formError(`${childAt}.placeholder`, 'Must be 150 or fewer in length.', 'BASE_TYPE_MAX_LENGTH');
        for (const [o, option] of options.entries()) {
          for (const key of ['label', 'value', 'description'] as const) {
            const text = option[key];
            if (key !== 'description' && !text) return formError(`${childAt}.options.${o}.${key}`, 'This field is required');
            if (text && text.length > MESSAGE_LIMITS.selectOptionTextChars)
              return formError(`${childAt}.options.${o}.${key}`, 'Must be 100 or fewer in length.', 'BASE_TYPE_MAX_LENGTH');
          }
        }
      }
    }
  }
  return null;
}

/**
 * Checks a message create/edit body (JSON part) and its uploaded files the way Discord does.
 * `isEdit` allows an empty body (an edit may change nothing visible).
 */
export function checkMessageBody(
  body: Record<string, unknown>,
  files: UploadedFile[],
  attachmentSizeLimitBytes: number,
  options: { isEdit: boolean; keptAttachments?: number },
): FakeApiError | null {
  const content = body.content;
  if (content !== undefined && content !== null) {
    if (typeof content !== 'string') return formError('content', 'Must be a string');
    if ([...content].length > MESSAGE_LIMITS.contentChars)
      return formError('content', 'Must be 2000 or fewer in length.', 'BASE_TYPE_MAX_LENGTH');
  }
  const embeds = (body.embeds ?? []) as { title?: string; description?: string; fields?: { name: string; value: string }[]; footer?: { text?: string } }[];
  if (!Array.isArray(embeds)) return formError('embeds', 'Must be an array');
  if (embeds.length > MESSAGE_LIMITS.embeds) return formError('embeds', 'Must be 10 or fewer in length.', 'BASE_TYPE_MAX_LENGTH');
  let embedChars = 0;
  for (const [i, embed] of embeds.entries()) {
    if ((embed.title ?? '').length > MESSAGE_LIMITS.embedTitleChars)
      return formError(`embeds.${i}.title`, 'Must be 256 or fewer in length.', 'BASE_TYPE_MAX_LENGTH');
    if ((embed.description ?? '').length > MESSAGE_LIMITS.embedDescriptionChars)
      return formError(`embeds.${i}.description`, 'Must be 4096 or fewer in length.', 'BASE_TYPE_MAX_LENGTH');
    const fields = embed.fields ?? [];
    if (fields.length > MESSAGE_LIMITS.embedFields) return formError(`embeds.${i}.fields`, 'Must be 25 or fewer in length.', 'BASE_TYPE_MAX_LENGTH');
    for (const [j, field] of fields.entries()) {
      if (field.name.length > MESSAGE_LIMITS.embedFieldNameChars) return formError(`embeds.${i}.fields.${j}.name`, 'Must be 256 or fewer in length.', 'BASE_TYPE_MAX_LENGTH');
      if (field.value.length > MESSAGE_LIMITS.embedFieldValueChars) return formError(`embeds.${i}.fields.${j}.value`, 'Must be 1024 or fewer in length.', 'BASE_TYPE_MAX_LENGTH');
    }
    const footer = embed.footer?.text ?? '';
    if (footer.length > MESSAGE_LIMITS.embedFooterChars) return formError(`embeds.${i}.footer.text`, 'Must be 2048 or fewer in length.', 'BASE_TYPE_MAX_LENGTH');
    embedChars += (embed.title ?? '').length + (embed.description ?? '').length + footer.length;
    for (const field of fields) embedChars += field.name.length + field.value.length;
  }
  if (embedChars > MESSAGE_LIMITS.embedTotalChars) return formError('embeds', 'Embed size exceeds maximum size of 6000');
  if (body.components !== undefined) {
    const error = checkComponents(body.components, 'components');
    if (error) return error;
  }
  if (files.length + (options.keptAttachments ?? 0) > MESSAGE_LIMITS.attachmentsPerMessage)
    return formError('attachments', 'Must be 10 or fewer in length.', 'BASE_TYPE_MAX_LENGTH');
  for (const file of files) {
    if (file.size > attachmentSizeLimitBytes)
      return { status: 413, code: 40005, message: `Request entity too large (${file.filename}: ${file.size} bytes > ${attachmentSizeLimitBytes})` };
  }
  const attachments = (body.attachments ?? []) as { description?: string }[];
  for (const [i, attachment] of attachments.entries()) {
    if ((attachment.description ?? '').length > MESSAGE_LIMITS.attachmentDescriptionChars)
      return formError(`attachments.${i}.description`, 'Must be 1024 or fewer in length.', 'BASE_TYPE_MAX_LENGTH');
  }
  if (!options.isEdit) {
    const hasSomething =
      (typeof content === 'string' && content.length > 0) ||
      embeds.length > 0 ||
      files.length > 0 ||
      (Array.isArray(body.components) && body.components.length > 0);
    if (!hasSomething) return { status: 400, code: 50006, message: 'Cannot send an empty message' };
  }
  return null;
}

interface CommandOptionJson {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  choices?: { name: string; value: string | number }[];
  autocomplete?: boolean;
  min_value?: number;
  max_value?: number;
  options?: CommandOptionJson[];
}

interface CommandJson {
  name: string;
  description?: string;
  type?: number;
  options?: CommandOptionJson[];
  default_member_permissions?: string | null;
}

function countChars(option: CommandOptionJson | CommandJson): number {
  let total = option.name.length + (option.description ?? '').length;
  for (const choice of (option as CommandOptionJson).choices ?? []) total += choice.name.length + String(choice.value).length;
  for (const child of option.options ?? []) total += countChars(child);
  return total;
}

function checkName(name: unknown, at: string): FakeApiError | null {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name))
    return formError(`${at}.name`, `Command name is invalid (must match ${NAME_PATTERN.source})`, 'APPLICATION_COMMAND_INVALID_NAME');
  if (name !== name.toLowerCase()) return formError(`${at}.name`, 'Command name must be lower case', 'APPLICATION_COMMAND_INVALID_NAME');
  return null;
}

function checkDescription(description: unknown, at: string): FakeApiError | null {
  if (typeof description !== 'string' || description.length < 1 || description.length > COMMAND_LIMITS.descriptionChars)
    return formError(`${at}.description`, 'Must be between 1 and 100 in length.', 'BASE_TYPE_BAD_LENGTH');
  return null;
}

/** Checks a bulk-overwrite body of CHAT_INPUT commands against Discord's documented limits. */
export function checkCommandList(commands: unknown): FakeApiError | null {
  if (!Array.isArray(commands)) return formError('_root', 'Must be an array');
  if (commands.length > COMMAND_LIMITS.commandsPerScope) return formError('_root', 'Must be 100 or fewer in length.');
  const names = new Set<string>();
  for (const [i, command] of (commands as CommandJson[]).entries()) {
    const at = String(i);
    const error = checkName(command.name, at) ?? checkDescription(command.description, at);
    if (error) return error;
    if (names.has(command.name)) return formError(`${at}.name`, 'Application command names must be unique', 'APPLICATION_COMMANDS_DUPLICATE_NAME');
    names.add(command.name);
    const options = command.options ?? [];
    if (options.length > COMMAND_LIMITS.options) return formError(`${at}.options`, 'Must be 25 or fewer in length.', 'BASE_TYPE_MAX_LENGTH');
    if (command.default_member_permissions != null && !/^\d+$/.test(command.default_member_permissions))
      return formError(`${at}.default_member_permissions`, 'Must be a permission bitfield string');
    let sawOptional = false;
    const optionNames = new Set<string>();
    for (const [j, option] of options.entries()) {
      const optionAt = `${at}.options.${j}`;
      const optionError = checkName(option.name, optionAt) ?? checkDescription(option.description, optionAt);
      if (optionError) return optionError;
      if (optionNames.has(option.name)) return formError(`${optionAt}.name`, 'Option names must be unique', 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS');
      optionNames.add(option.name);
      if (![3, 4, 5, 6, 10, 11].includes(option.type)) return formError(`${optionAt}.type`, `Value "${option.type}" is not a supported option type here`);
      if (option.type === 11 && (option.choices?.length || option.autocomplete))
        return formError(`${optionAt}.type`, 'Attachment options cannot have choices or autocomplete');
      if (option.type === 6 && (option.choices?.length || option.autocomplete))
        return formError(`${optionAt}.type`, 'User options cannot have choices or autocomplete');
      if (option.required && sawOptional) return formError(`${optionAt}.required`, 'Required options must be placed before non-required options', 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID');
      if (!option.required) sawOptional = true;
      const choices = option.choices ?? [];
      if (choices.length > COMMAND_LIMITS.choices) return formError(`${optionAt}.choices`, 'Must be 25 or fewer in length.', 'BASE_TYPE_MAX_LENGTH');
      if (choices.length > 0 && option.autocomplete) return formError(`${optionAt}.autocomplete`, 'Autocomplete cannot be used with choices');
      for (const [k, choice] of choices.entries()) {
        if (!choice.name || choice.name.length > COMMAND_LIMITS.choiceNameChars)
          return formError(`${optionAt}.choices.${k}.name`, 'Must be between 1 and 100 in length.', 'BASE_TYPE_BAD_LENGTH');
        if (option.type === 3 && (typeof choice.value !== 'string' || choice.value.length > COMMAND_LIMITS.choiceStringValueChars))
          return formError(`${optionAt}.choices.${k}.value`, 'Must be between 1 and 100 in length.', 'BASE_TYPE_BAD_LENGTH');
        if ((option.type === 4 || option.type === 10) && typeof choice.value !== 'number')
          return formError(`${optionAt}.choices.${k}.value`, 'Must be a number');
      }
      if ((option.min_value !== undefined || option.max_value !== undefined) && option.type !== 4 && option.type !== 10)
        return formError(`${optionAt}.min_value`, 'min_value/max_value are only for number options');
      if (option.min_value !== undefined && option.max_value !== undefined && option.min_value > option.max_value)
        return formError(`${optionAt}.min_value`, 'min_value must be ≤ max_value');
    }
    if (countChars(command) > COMMAND_LIMITS.combinedChars)
      return formError(at, 'Command exceeds maximum size (4000)', 'APPLICATION_COMMAND_TOO_LARGE');
  }
  return null;
}
