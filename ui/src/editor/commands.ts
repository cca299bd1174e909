/** Every named thing the editor can do, in one registry (as Helix and Zed keep theirs): an id,
 * what it is called and does, what it needs to act on, and its run function over the editor
 * as it is when the command's turn comes. Keys (`keymap.ts`), header buttons, the `?` overlay
 * and the command palette all name commands from here. */
import { type Command, isAvailable } from "./command";
import { EDIT_COMMANDS } from "./commands/edits";
import { FILE_COMMANDS } from "./commands/files";
import { NAVIGATION_COMMANDS } from "./commands/navigation";
import { VIEW_COMMANDS } from "./commands/view";
import type { EditorState } from "./state";

export type { CommandContext, Need } from "./command";
export { isAvailable, selectedPath, selectedStage } from "./command";
export { visibleFindings } from "./commands/view";

export const COMMANDS = {
  ...FILE_COMMANDS,
  ...EDIT_COMMANDS,
  ...NAVIGATION_COMMANDS,
  ...VIEW_COMMANDS,
} satisfies Record<string, Command>;

export type CommandId = keyof typeof COMMANDS;

export const COMMAND_IDS = Object.keys(COMMANDS) as CommandId[];

/** The command palette's choices: every command that can run now, by its title, with its
 * keys as a hint. */
export function paletteChoices(state: EditorState, keysOf: (id: CommandId) => string | undefined) {
  return COMMAND_IDS.filter((id) => id !== "palette" && isAvailable(COMMANDS[id], state)).map(
    (id) => ({ id, label: COMMANDS[id].title, hint: keysOf(id) }),
  );
}
