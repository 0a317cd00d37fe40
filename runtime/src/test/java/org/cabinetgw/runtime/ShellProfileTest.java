package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellProfileTest {

    @TempDir
    Path data;

    @Test
    void theProfileUnderGoshHomeSetsOurPromptAndIsRewrittenAtEveryStart() throws Exception {
        Files.createDirectories(data.resolve("etc"));
        Files.writeString(data.resolve("etc/gosh_profile"), "prompt = 'g! '\n");
        ShellProfile.write(data);
        String profile = Files.readString(data.resolve("etc/gosh_profile"));
        assertThat(profile).contains("prompt = 'cabinetgw> '").doesNotContain("'g! '")
                .contains("addcommand context ${.context}").contains(ShellProfile.WELCOME);
    }
}
