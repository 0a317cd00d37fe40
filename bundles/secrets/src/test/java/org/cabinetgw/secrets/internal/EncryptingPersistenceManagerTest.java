package org.cabinetgw.secrets.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.apache.felix.cm.file.FilePersistenceManager;
import org.cabinetgw.testing.FilesContaining;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against Felix's real file persistence in a temporary data directory. */
class EncryptingPersistenceManagerTest {

    private static final String PID = "org.cabinetgw.uplink.mqtt";
    private static final String PASSWORD = "Hunter2-mqtt-secret";

    @TempDir
    Path data;
    private FilePersistenceManager files;
    private ConfigKey key;
    private final List<String> problems = new ArrayList<>();

    @BeforeEach
    void setUp() {
        files = new FilePersistenceManager(data.resolve("config").toString());
        key = new ConfigKey(data.resolve("etc/config.key"));
    }

    private EncryptingPersistenceManager open(SecretAttributes.PasswordTypes metatype) throws IOException {
        EncryptingPersistenceManager pm = new EncryptingPersistenceManager(files, key, new SecretAttributes(metatype), problems::add);
        pm.open();
        return pm;
    }

    private EncryptingPersistenceManager open() throws IOException {
        return open((pid, factoryPid, attribute) -> false);
    }

    private static Dictionary<String, Object> mqtt() {
        Dictionary<String, Object> d = new Hashtable<>();
        d.put("service.pid", PID);
        d.put("server.uri", "tcp://127.0.0.1:1883");
        d.put("username", "gw-1");
        d.put("password", PASSWORD);
        return d;
    }

    /** Every file under the data directory, the key's included, searched for the clear text. */
    private List<Path> filesContaining(String text) throws IOException {
        return FilesContaining.text(data, text);
    }

    @Test
    void aPasswordIsStoredOnlyAsCiphertextAndReadBackClear() throws Exception {
        EncryptingPersistenceManager pm = open();
        pm.store(PID, mqtt());
        assertThat(filesContaining(PASSWORD)).isEmpty();
        assertThat(filesContaining("gw-1")).as("what is not secret stays readable").isNotEmpty();
        assertThat(files.load(PID).get("password")).asString().startsWith(SecretCipher.PREFIX);
        assertThat(pm.load(PID).get("password")).isEqualTo(PASSWORD);
        assertThat(Collections.list(pm.getDictionaries())).singleElement().satisfies(d -> assertThat(((Dictionary<?, ?>) d).get("password")).isEqualTo(PASSWORD));
        assertThat(open().load(PID).get("password")).as("after a restart, with the key on disk").isEqualTo(PASSWORD);
        assertThat(problems).isEmpty();
    }

    @Test
    void secretsWrittenInClearBeforeAreEncryptedAtStart() throws Exception {
        files.store(PID, mqtt()); // an older gateway, or a file copied in by hand
        assertThat(filesContaining(PASSWORD)).isNotEmpty();
        EncryptingPersistenceManager pm = open();
        assertThat(filesContaining(PASSWORD)).isEmpty();
        assertThat(pm.load(PID).get("password")).isEqualTo(PASSWORD);
    }

    @Test
    void aMetatypePasswordIsEncryptedWhateverItsName() throws Exception {
        EncryptingPersistenceManager pm = open((pid, factoryPid, attribute) -> attribute.equals("sim.pin"));
        Dictionary<String, Object> d = new Hashtable<>();
        d.put("service.pid", "cell~1");
        d.put("service.factoryPid", "cell");
        d.put("sim.pin", "4711-9876");
        pm.store("cell~1", d);
        assertThat(filesContaining("4711-9876")).isEmpty();
        assertThat(pm.load("cell~1").get("sim.pin")).isEqualTo("4711-9876");
    }

    @Test
    void aTamperedCiphertextIsWithheldAndReportedNamingThePlace() throws Exception {
        EncryptingPersistenceManager pm = open();
        pm.store(PID, mqtt());
        Dictionary<String, Object> onDisk = files.load(PID);
        String sealed = (String) onDisk.get("password");
        int mid = sealed.length() / 2; // inside the ciphertext: one base64 digit changed
        onDisk.put("password", sealed.substring(0, mid) + (sealed.charAt(mid) == 'A' ? 'B' : 'A') + sealed.substring(mid + 1));
        files.store(PID, onDisk);

        Dictionary<String, Object> loaded = open().load(PID);
        assertThat(loaded.get("password")).as("neither the ciphertext nor a guess reaches the component").isNull();
        assertThat(loaded.get("username")).isEqualTo("gw-1");
        assertThat(problems).singleElement().asString().contains(PID).contains("password")
                .contains(key.file().toString()).contains("set it again");
    }

    @Test
    void aMissingKeyIsReportedNamingTheFileAndANewSecretGetsANewKey() throws Exception {
        open().store(PID, mqtt());
        Files.delete(key.file());
        EncryptingPersistenceManager pm = open();
        assertThat(Files.exists(key.file())).as("not made while stored secrets need the old one").isFalse();
        assertThat(problems).first().asString().contains(key.file().toString()).contains("missing");
        assertThat(pm.load(PID).get("password")).isNull();

        pm.store(PID, mqtt()); // the operator sets the password again
        assertThat(Files.exists(key.file())).isTrue();
        assertThat(filesContaining(PASSWORD)).isEmpty();
        assertThat(pm.load(PID).get("password")).isEqualTo(PASSWORD);
    }

    @Test
    void aCorruptKeyIsNeverReplacedAndNoSecretIsStoredInClear() throws Exception {
        open().store(PID, mqtt());
        Files.writeString(key.file(), "garbage");
        EncryptingPersistenceManager pm = open();
        assertThat(problems).first().asString().contains(key.file().toString()).contains("not a key");
        assertThat(pm.load(PID).get("password")).isNull();
        assertThatThrownBy(() -> pm.store(PID, mqtt())).isInstanceOf(IOException.class)
                .hasMessageContaining(key.file().toString());
        assertThat(Files.readString(key.file())).isEqualTo("garbage");
        assertThat(filesContaining(PASSWORD)).isEmpty();
    }
}
