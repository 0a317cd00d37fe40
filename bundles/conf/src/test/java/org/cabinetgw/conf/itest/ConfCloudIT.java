package org.cabinetgw.conf.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.cabinetgw.deploy.CommandHandler;
import org.cabinetgw.deploy.CommandRequest;
import org.cabinetgw.deploy.CommandResponder;
import org.cabinetgw.deploy.MetricMessage;
import org.cabinetgw.testing.Await;
import org.cabinetgw.testing.ConfigurationEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.w3c.dom.Document;

/**
 * CONF-V1 as a Kura cloud uses it, against the real service in Felix (real ConfigurationAdmin, real Metatype, a real
 * component receiving the values): Kura's XML checked with XPath, a change the component receives, refusals naming
 * the PID and the key with nothing applied, secrets never sent, snapshots taken, listed, bounded and rolled back.
 */
class ConfCloudIT {

    private static final String CONF_PID = "org.cabinetgw.conf.cloud";
    private static final String SECRET = "s3cret-pw-never-sent";
    private static final String ESF = "xmlns:esf=\"http://eurotech.com/esf/2.0\"";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 10_000)
    ConfigurationAdmin configurationAdmin;
    @InjectService(timeout = 10_000)
    Thermostat thermostat;

    @BeforeEach
    void configure() throws Exception {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("api.password", SECRET);
        p.put("label", "before");
        p.put("setpoint.celsius", 19);
        configurationAdmin.getConfiguration(Thermostat.PID, "?").update(p);
        awaitThermostat("label", "before");
    }

    @AfterEach
    void clean() throws Exception {
        thermostat.deleteConfiguration(configurationAdmin);
        Configuration conf = configurationAdmin.getConfiguration(CONF_PID, "?");
        if (conf.getProperties() != null) {
            conf.delete();
            // two tests create this PID again: only once SCR has acted on the delete (see ConfigurationEvents)
            ConfigurationEvents.awaitDelivered(context, configurationAdmin, 30_000);
        }
    }

    @Test
    void configurationsAreKurasXmlWithTheMetatypeAndNoSecret() throws Exception {
        TypedResponder.Reply all = request("GET", List.of("configurations"), null).reply();
        assertThat(all.status()).isEqualTo(CommandResponder.OK);
        String xml = new String(all.message().body(), StandardCharsets.UTF_8);
        assertThat(xml).as("no secret leaves the gateway").doesNotContain(SECRET);
        Document d = xml(all.message().body());
        assertThat(value(d, Thermostat.PID, "setpoint.celsius")).isEqualTo("19");
        assertThat(attr(d, Thermostat.PID, "setpoint.celsius", "type")).isEqualTo("Integer");
        assertThat(value(d, Thermostat.PID, "mode")).as("the Metatype's default").isEqualTo("auto");
        assertThat(attr(d, Thermostat.PID, "sensors", "array")).isEqualTo("true");
        assertThat(value(d, Thermostat.PID, "api.password")).isEqualTo("********");
        assertThat(attr(d, Thermostat.PID, "api.password", "type")).isEqualTo("Password");
        String ad = "//*[local-name()='configuration'][@pid='" + Thermostat.PID + "']/*[local-name()='OCD']/*[local-name()='AD']";
        assertThat(text(d, ad + "[@id='setpoint.celsius']/@type")).isEqualTo("Integer");
        assertThat(text(d, ad + "[@id='setpoint.celsius']/@name")).isEqualTo("Set point");
        assertThat(text(d, ad + "[@id='mode']/*[local-name()='Option'][@value='heat']/@label")).isEqualTo("Heat");
        assertThat(text(d, ad + "[@id='sensors']/@cardinality")).isEqualTo("5");
        assertThat(text(d, "//*[local-name()='configuration'][@pid='" + CONF_PID + "']/@pid")).as("its own too")
                .isEqualTo(CONF_PID);

        Document one = xml(request("GET", List.of("configurations", Thermostat.PID), null).reply().message().body());
        assertThat(number(one, "count(//*[local-name()='configuration'])")).isEqualTo(1);
        assertThat(value(one, Thermostat.PID, "label")).isEqualTo("before");

        TypedResponder.Reply unknown = request("GET", List.of("configurations", "no.such.pid"), null).reply();
        assertThat(unknown.status()).isEqualTo(CommandResponder.NOT_FOUND);
        assertThat(unknown.exception()).contains("no.such.pid");
    }

    @Test
    void aChangeIsAppliedAndTheComponentGetsItTheSecretSentBackAsPlaceholderIsKept() throws Exception {
        // what Kapua's console sends back: the document it got, one value changed
        TypedResponder.Reply r = request("PUT", List.of("configurations", Thermostat.PID), document(Thermostat.PID,
                property("setpoint.celsius", "Integer", "25") + property("api.password", "Password", "********")
                        + array("sensors", "String", "t1", "t2 & t3"))).reply();
        assertThat(r.status()).as(String.valueOf(r.exception())).isEqualTo(CommandResponder.OK);
        awaitThermostat("setpoint.celsius", 25);
        assertThat(thermostat.properties()).containsEntry("api.password", SECRET).containsEntry("label", "before");
        assertThat((String[]) thermostat.properties().get("sensors")).containsExactly("t1", "t2 & t3");

        // a new secret in clear is taken
        assertThat(request("PUT", List.of("configurations"), document(Thermostat.PID,
                property("api.password", "Password", "new-secret"))).reply().status()).isEqualTo(CommandResponder.OK);
        awaitThermostat("api.password", "new-secret");
    }

    @Test
    void aWrongValueIsRefusedNamingThePidAndTheKeyAndNothingIsApplied() throws Exception {
        // two PIDs, the second wrong: the first is not applied either
        String both = "<?xml version=\"1.0\"?><esf:configurations " + ESF + ">"
                + configuration(Thermostat.PID, property("label", "String", "after"))
                + configuration(Thermostat.PID + ".other", property("x", "String", "y")) + "</esf:configurations>";
        assertRefused(both, CommandResponder.NOT_FOUND, Thermostat.PID + ".other");
        assertRefused(multi(property("label", "String", "after"), property("speed.percent", "Integer", "101")),
                CommandResponder.BAD_REQUEST, Fan.PID + ": speed.percent = 101", "nothing was changed");
        assertRefused(document(Thermostat.PID, property("setpoint.celsius", "Integer", "61")),
                CommandResponder.BAD_REQUEST, Thermostat.PID + ": setpoint.celsius = 61");
        assertRefused(document(Thermostat.PID, property("label", "String", "after") + property("mode", "String", "cool")),
                CommandResponder.BAD_REQUEST, "mode = cool", "(allowed: auto, heat, off)");
        assertRefused(document(Thermostat.PID, property("setpoint.celsius", "String", "20")), CommandResponder.BAD_REQUEST,
                Thermostat.PID + ": setpoint.celsius is of type Integer, not String");
        assertRefused(document(Thermostat.PID, property("setpoint.celsius", "Integer", "warm")), CommandResponder.BAD_REQUEST,
                Thermostat.PID + ": setpoint.celsius = warm");
        assertRefused(document(Thermostat.PID, property("no.such.key", "String", "x")), CommandResponder.BAD_REQUEST,
                Thermostat.PID + ": no.such.key is not a setting");
        assertRefused(document(Thermostat.PID, array("sensors", "String", "1", "2", "3", "4", "5", "6")),
                CommandResponder.BAD_REQUEST, "sensors takes at most 5 values");
        assertRefused(document(CONF_PID, property("snapshots.kept", "Integer", "5")), CommandResponder.BAD_REQUEST,
                CONF_PID + ": this configuration is protected");
        assertRefused("<esf:configurations " + ESF + "><esf:configuration pid=", CommandResponder.BAD_REQUEST,
                "not well-formed XML");
        assertRefused("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><esf:configurations "
                + ESF + "><esf:configuration pid=\"&e;\"/></esf:configurations>", CommandResponder.BAD_REQUEST, "DOCTYPE");
        TypedResponder.Reply elsewhere = request("PUT", List.of("configurations", CONF_PID),
                document(Thermostat.PID, property("label", "String", "after"))).reply();
        assertThat(elsewhere.status()).isEqualTo(CommandResponder.BAD_REQUEST);
        assertThat(elsewhere.exception()).contains("takes that one configuration");

        assertThat(configurationAdmin.getConfiguration(Thermostat.PID, "?").getProperties().get("label"))
                .as("nothing applied").isEqualTo("before");
        assertThat(thermostat.properties()).containsEntry("label", "before").containsEntry("setpoint.celsius", 19);
        // a JSON channel's request (no metrics): refused, said why
        TypedResponder json = new TypedResponder();
        handler().handle(new CommandRequest("GET", List.of("configurations"), "j1", "cloud", new byte[0]), json);
        assertThat(json.reply().status()).isEqualTo(CommandResponder.BAD_REQUEST);
        assertThat((String) json.reply().message().metrics().get("json")).contains("Kura's protocol only");
    }

    @Test
    void aRequesterNotInTheAllowListIsRefused403AndNothingIsChanged() throws Exception {
        Dictionary<String, Object> allow = new Hashtable<>();
        allow.put("command.requesters", "kapua-console, cloud");
        CommandHandler before = handler();
        configurationAdmin.getConfiguration(CONF_PID, "?").update(allow);
        Await.until("CONF-V1 offered again with the new settings", Duration.ofSeconds(30), () -> handler() != before);

        TypedResponder intruder = new TypedResponder();
        handler().handle(new CommandRequest("PUT", List.of("configurations", Thermostat.PID), "r2", "intruder",
                new byte[0], new MetricMessage(Map.of(), document(Thermostat.PID, property("label", "String", "after"))
                        .getBytes(StandardCharsets.UTF_8))), intruder);
        TypedResponder.Reply refused = intruder.reply();
        assertThat(refused.status()).isEqualTo(403);
        assertThat((String) refused.message().metrics().get("response.exception.message")).contains("'intruder'")
                .contains("command.requesters");
        TypedResponder reader = new TypedResponder();
        handler().handle(new CommandRequest("GET", List.of("configurations"), "r3", "intruder", new byte[0],
                new MetricMessage(Map.of(), null)), reader);
        assertThat(reader.reply().status()).as("reading too").isEqualTo(403);
        assertThat(configurationAdmin.getConfiguration(Thermostat.PID, "?").getProperties().get("label"))
                .isEqualTo("before");

        assertThat(request("GET", List.of("configurations", Thermostat.PID), null).reply().status())
                .as("an allowed requester").isEqualTo(CommandResponder.OK);
    }

    @Test
    void snapshotsAreTakenListedBoundedAndRolledBackWithoutSecrets() throws Exception {
        Dictionary<String, Object> kept = new Hashtable<>();
        kept.put("snapshots.kept", 3);
        kept.put("protected.pids", new String[0]);
        CommandHandler before = handler();
        configurationAdmin.getConfiguration(CONF_PID, "?").update(kept);
        Await.until("CONF-V1 offered again with the new settings", Duration.ofSeconds(30), () -> handler() != before);

        String id = text(xml(request("EXEC", List.of("snapshot"), null).reply().message().body()),
                "//*[local-name()='snapshotIds']");
        Document snapshot = xml(request("GET", List.of("snapshots", id), null).reply().message().body());
        assertThat(value(snapshot, Thermostat.PID, "label")).isEqualTo("before");
        assertThat(value(snapshot, Thermostat.PID, "api.password")).as("no secret in a snapshot").isEmpty();
        assertThat(number(snapshot, "count(//*[local-name()='OCD'])")).as("values only").isZero();
        Path folder = Path.of(context.getProperty("cabinetgw.data.dir"), "conf");
        assertThat(Files.readString(folder.resolve("snapshot_" + id + ".xml"))).doesNotContain(SECRET);

        assertThat(request("PUT", List.of("configurations"), document(Thermostat.PID, property("label", "String", "after")
                + property("setpoint.celsius", "Integer", "30") + property("api.password", "Password", "changed")))
                .reply().status()).isEqualTo(CommandResponder.OK);
        awaitThermostat("label", "after");
        // the PUT took a snapshot of the values before it: rollback without an id goes there
        assertThat(request("EXEC", List.of("rollback"), null).reply().status()).isEqualTo(CommandResponder.OK);
        awaitThermostat("label", "before");
        assertThat(thermostat.properties()).containsEntry("setpoint.celsius", 19)
                .as("a secret is not in snapshots: it stays").containsEntry("api.password", "changed");

        assertThat(request("PUT", List.of("configurations"), document(Thermostat.PID, property("label", "String", "third")))
                .reply().status()).isEqualTo(CommandResponder.OK);
        awaitThermostat("label", "third");
        assertThat(request("EXEC", List.of("rollback", id), null).reply().status()).isEqualTo(CommandResponder.OK);
        awaitThermostat("label", "before");

        for (int i = 0; i < 3; i++) {
            request("EXEC", List.of("snapshot"), null).reply();
        }
        Document ids = xml(request("GET", List.of("snapshots"), null).reply().message().body());
        assertThat(number(ids, "count(//*[local-name()='snapshotIds'])")).as("snapshots.kept").isEqualTo(3);
        try (var files = Files.list(folder)) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("snapshot_"))).hasSize(3);
        }
        TypedResponder.Reply gone = request("EXEC", List.of("rollback", id), null).reply();
        assertThat(gone.status()).isEqualTo(CommandResponder.NOT_FOUND);
        assertThat(gone.exception()).contains("no snapshot " + id);
        assertThat(request("EXEC", List.of("rollback", "abc"), null).reply().exception()).contains("'abc' is not a snapshot id");
        assertThat(request("GET", List.of("nothing"), null).reply().status()).isEqualTo(CommandResponder.NOT_FOUND);
    }

    private void assertRefused(String document, int status, String... says) throws Exception {
        TypedResponder.Reply r = request("PUT", List.of("configurations"), document).reply();
        assertThat(r.status()).as(document).isEqualTo(status);
        assertThat(r.exception()).contains(says);
    }

    private void awaitThermostat(String key, Object value) throws InterruptedException {
        Await.until(key + " = " + value + " received by the component", Duration.ofSeconds(30),
                () -> thermostat.properties() != null && value.equals(thermostat.properties().get(key)));
    }

    private CommandHandler handler() throws Exception {
        return Await.nonNull("the CONF-V1 handler", Duration.ofSeconds(30), () -> {
            var refs = context.getServiceReferences(CommandHandler.class, "(" + CommandHandler.APP_ID + "=CONF-V1)");
            ServiceReference<CommandHandler> ref = refs.isEmpty() ? null : refs.iterator().next();
            return ref == null ? null : context.getService(ref);
        });
    }

    private TypedResponder request(String method, List<String> resources, String body) throws Exception {
        TypedResponder r = new TypedResponder();
        MetricMessage m = new MetricMessage(Map.of(), body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        handler().handle(new CommandRequest(method, resources, "r1", "cloud", new byte[0], m), r);
        return r;
    }

    static String property(String name, String type, String value) {
        return "<esf:property name=\"" + name + "\" array=\"false\" encrypted=\"false\" type=\"" + type + "\"><esf:value>"
                + escape(value) + "</esf:value></esf:property>";
    }

    static String array(String name, String type, String... values) {
        StringBuilder s = new StringBuilder("<esf:property name=\"" + name + "\" array=\"true\" type=\"" + type + "\">");
        for (String v : values) {
            s.append("<esf:value>").append(escape(v)).append("</esf:value>");
        }
        return s.append("</esf:property>").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String configuration(String pid, String properties) {
        return "<esf:configuration pid=\"" + pid + "\"><esf:properties>" + properties + "</esf:properties></esf:configuration>";
    }

    static String document(String pid, String properties) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><esf:configurations " + ESF + ">" + configuration(pid, properties)
                + "</esf:configurations>";
    }

    /** The thermostat's properties and the fan's, in one document. */
    private static String multi(String thermostat, String fan) {
        return "<?xml version=\"1.0\"?><esf:configurations " + ESF + ">" + configuration(Thermostat.PID, thermostat)
                + configuration(Fan.PID, fan) + "</esf:configurations>";
    }

    static Document xml(byte[] body) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(body));
    }

    static String value(Document d, String pid, String name) throws Exception {
        return text(d, property(pid, name) + "/*[local-name()='value']");
    }

    static String attr(Document d, String pid, String name, String attribute) throws Exception {
        return text(d, property(pid, name) + "/@" + attribute);
    }

    private static String property(String pid, String name) {
        return "//*[local-name()='configuration'][@pid='" + pid + "']/*[local-name()='properties']/*[local-name()='property'][@name='"
                + name + "']";
    }

    static String text(Document d, String xpath) throws Exception {
        return (String) XPathFactory.newInstance().newXPath().evaluate(xpath, d, XPathConstants.STRING);
    }

    static double number(Document d, String xpath) throws Exception {
        return (Double) XPathFactory.newInstance().newXPath().evaluate(xpath, d, XPathConstants.NUMBER);
    }
}
