package org.cabinetgw.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Gogo shell's profile. Gogo takes its prompt from the session variable {@code prompt}, which its built-in
 * profile sets to {@code g! } (a framework property {@code gosh.prompt} is read by nobody); a login shell reads
 * {@code etc/gosh_profile} under {@code gosh.home} instead of the built-in one. So the launcher points
 * {@code gosh.home} at the data directory and writes this profile there at every start (a new version's profile
 * replaces an old one): the built-in's commands, and the prompt {@code cabinetgw> }.
 */
final class ShellProfile {

    static final String PROMPT = "cabinetgw> ";

    /** What the shell says when it starts, before its first prompt. */
    static final String WELCOME = "Welcome to Apache Felix Gogo: the Cabinet Gateway shell. "
            + "help lists the commands, help NAME describes one, cabinet:health says how the cabinet is.";

    private ShellProfile() {
    }

    static String text() {
        return """
                # The Gogo shell's profile, written by the Cabinet Gateway at every start: edits do not last.
                try {
                  # the shell's own commands first
                  SCOPE = 'gogo:*'
                  addcommand context ${.context}
                  addcommand system (((${.context} bundles) 0) loadclass java.lang.System)
                  # e prints the last command's full stack trace
                  e = { $exception printStackTrace }
                  prompt = '%s'
                  if { $.gosh_quiet } { } { echo '%s' }
                } {
                  echo "$0: ERROR: $exception"
                }
                """.formatted(PROMPT, WELCOME);
    }

    /** Writes {@code <home>/etc/gosh_profile}; {@code home} becomes the framework property {@code gosh.home}. */
    static void write(Path home) throws IOException {
        Files.writeString(Files.createDirectories(home.resolve("etc")).resolve("gosh_profile"), text());
    }
}
