package dev.loopkeeper.e2e;

import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import net.dv8tion.jda.api.utils.data.DataType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Discord's validation rules for application command definitions, applied to what the bot registered (for
 * example {@code FakeDiscord#registeredCommands()}). Discord rejects the whole bulk registration with a 400
 * if any rule is broken, which only shows up at deploy time otherwise.
 */
public final class CommandDefinitionRules {

    private static final Pattern CHAT_INPUT_NAME = Pattern.compile("^[-_\\p{L}\\p{N}]{1,32}$");
    private static final int SUB_COMMAND = 1;
    private static final int SUB_COMMAND_GROUP = 2;
    private static final int STRING = 3;
    private static final int CHAT_INPUT = 1;

    private CommandDefinitionRules() {
    }

    /** Fails with every broken rule listed, or returns if all commands are valid. */
    public static void assertValid(DataArray registeredCommands) {
        List<String> problems = new ArrayList<>();
        int[] countByType = new int[4];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < registeredCommands.length(); i++) {
            DataObject command = registeredCommands.getObject(i);
            int type = command.getInt("type", CHAT_INPUT);
            String name = command.getString("name", "");
            if (type >= 1 && type <= 3) {
                countByType[type]++;
            }
            if (!seen.add(type + ":" + name)) {
                problems.add("duplicate command " + name + " (type " + type + ")");
            }
            checkCommand(command, type, name, problems);
        }
        if (countByType[CHAT_INPUT] > 100) {
            problems.add("at most 100 slash commands, got " + countByType[CHAT_INPUT]);
        }
        if (countByType[2] > 5 || countByType[3] > 5) {
            problems.add("at most 5 user and 5 message context menu commands, got "
                    + countByType[2] + " and " + countByType[3]);
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("Discord would reject these command definitions:\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    private static void checkCommand(DataObject command, int type, String name, List<String> problems) {
        String description = command.getString("description", "");
        DataArray options = command.optArray("options").orElseGet(DataArray::empty);
        if (type == CHAT_INPUT) {
            checkChatInputName("command", name, problems);
            checkDescription("/" + name, description, problems);
            checkOptions("/" + name, options, 0, problems);
        } else {
            // Context menu commands: free-form names (spaces allowed), no description, no options.
            int length = name.codePointCount(0, name.length());
            if (length < 1 || length > 32) {
                problems.add("context menu name '" + name + "' must have 1-32 characters");
            }
            if (!description.isEmpty()) {
                problems.add("context menu '" + name + "' must have an empty description");
            }
            if (!options.isEmpty()) {
                problems.add("context menu '" + name + "' cannot have options");
            }
        }
        int characters = characterCount(command);
        if (characters > 4000) {
            problems.add(name + ": " + characters + " characters in names, descriptions and choices; the limit is 4000");
        }
    }

    /**
     * Checks one level of options. Level 0 may hold either only subcommands/groups or only plain options;
     * groups hold only subcommands; subcommands hold only plain options.
     */
    private static void checkOptions(String path, DataArray options, int level, List<String> problems) {
        if (options.length() > 25) {
            problems.add(path + ": at most 25 options, got " + options.length());
        }
        boolean sawOptional = false;
        boolean sawSubcommands = false;
        boolean sawPlain = false;
        Set<String> names = new HashSet<>();
        for (int i = 0; i < options.length(); i++) {
            DataObject option = options.getObject(i);
            String name = option.getString("name", "");
            int type = option.getInt("type", 0);
            String optionPath = path + " " + name;
            checkChatInputName("option", name, problems);
            checkDescription(optionPath, option.getString("description", ""), problems);
            if (!names.add(name)) {
                problems.add(path + ": duplicate option " + name);
            }
            if (type == SUB_COMMAND || type == SUB_COMMAND_GROUP) {
                sawSubcommands = true;
                boolean allowed = type == SUB_COMMAND ? level <= 1 : level == 0;
                if (!allowed) {
                    problems.add(optionPath + ": a " + (type == SUB_COMMAND ? "subcommand" : "subcommand group")
                            + " cannot be nested here");
                }
                DataArray children = option.optArray("options").orElseGet(DataArray::empty);
                checkOptions(optionPath, children, type == SUB_COMMAND_GROUP ? 1 : 2, problems);
                continue;
            }
            sawPlain = true;
            if (level == 1) {
                problems.add(optionPath + ": a subcommand group may contain only subcommands");
            }
            boolean required = option.getBoolean("required", false);
            if (required && sawOptional) {
                problems.add(optionPath + ": required options must come before optional ones");
            }
            sawOptional |= !required;
            checkChoices(optionPath, option, type, problems);
        }
        if (sawSubcommands && sawPlain) {
            problems.add(path + ": cannot mix subcommands with plain options");
        }
    }

    private static void checkChoices(String path, DataObject option, int type, List<String> problems) {
        DataArray choices = option.optArray("choices").orElseGet(DataArray::empty);
        if (choices.length() > 25) {
            problems.add(path + ": at most 25 choices, got " + choices.length());
        }
        if (!choices.isEmpty() && option.getBoolean("autocomplete", false)) {
            problems.add(path + ": autocomplete cannot be combined with choices");
        }
        for (int i = 0; i < choices.length(); i++) {
            DataObject choice = choices.getObject(i);
            checkLength(path + " choice name", choice.getString("name", ""), 1, 100, problems);
            if (type == STRING) {
                checkLength(path + " choice value", choice.getString("value", ""), 1, 100, problems);
            }
        }
    }

    private static void checkChatInputName(String what, String name, List<String> problems) {
        if (!CHAT_INPUT_NAME.matcher(name).matches()) {
            problems.add(what + " name '" + name + "' must match " + CHAT_INPUT_NAME.pattern());
        } else if (!name.equals(name.toLowerCase(Locale.ROOT))) {
            problems.add(what + " name '" + name + "' must be lower case");
        }
    }

    private static void checkDescription(String path, String description, List<String> problems) {
        checkLength(path + " description", description, 1, 100, problems);
    }

    private static void checkLength(String what, String text, int min, int max, List<String> problems) {
        int length = text.codePointCount(0, text.length());
        if (length < min || length > max) {
            problems.add(what + " has " + length + " characters, allowed " + min + "-" + max);
        }
    }

    /** Characters Discord counts toward the 4000 limit: names, descriptions, choice names and values. */
    private static int characterCount(DataObject node) {
        int total = node.getString("name", "").length() + node.getString("description", "").length();
        DataArray choices = node.optArray("choices").orElseGet(DataArray::empty);
        for (int i = 0; i < choices.length(); i++) {
            DataObject choice = choices.getObject(i);
            total += choice.getString("name", "").length();
            if (choice.isType("value", DataType.STRING)) {
                total += choice.getString("value").length();
            }
        }
        DataArray options = node.optArray("options").orElseGet(DataArray::empty);
        for (int i = 0; i < options.length(); i++) {
            total += characterCount(options.getObject(i));
        }
        return total;
    }
}
