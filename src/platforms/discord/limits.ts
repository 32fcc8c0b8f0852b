/** Discord's documented limits that the adapter respects (messages, components, commands). */
export const DISCORD_LIMITS = {
  /** Message `content`, in characters. */
  contentChars: 2000,
  /** An embed's description. */
  embedDescriptionChars: 4096,
  /** Attachments on one message. */
  attachmentsPerMessage: 10,
  /** Attachment alt text (`description`). */
  attachmentDescriptionChars: 1024,
  /** Per-file upload limit when an interaction does not say (`attachment_size_limit`); 10 MiB for unboosted servers. */
  defaultAttachmentSizeLimitBytes: 10 * 1024 * 1024,
  actionRows: 5,
  buttonsPerRow: 5,
  customIdChars: 100,
  buttonLabelChars: 80,
  selectOptions: 25,
  selectPlaceholderChars: 150,
  selectOptionTextChars: 100,
  /** Application commands (https://discord.com/developers/docs/interactions/application-commands). */
  commandNameChars: 32,
  commandDescriptionChars: 100,
  commandOptions: 25,
  optionChoices: 25,
  choiceNameChars: 100,
  choiceStringValueChars: 100,
  /** Name + description + option names, descriptions and choices of one command together. */
  commandCombinedChars: 4000,
  commandsPerScope: 100,
  /** Autocomplete answers at most this many suggestions. */
  autocompleteChoices: 25,
  /** An interaction must be acknowledged within 3 s; after that its token is dead. */
  acknowledgeWithinMs: 3000,
} as const;
