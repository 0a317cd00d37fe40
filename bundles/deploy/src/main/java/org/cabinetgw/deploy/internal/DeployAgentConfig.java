package org.cabinetgw.deploy.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = DeployAgent.PID, name = "Cabinet Gateway deploy agent",
        description = "Installs, updates and uninstalls features (deployment packages) on remote request, "
                + "health-gates every change and rolls back to the previous package by itself.")
public @interface DeployAgentConfig {

    /** The range of download.max.megabytes, for the Metatype and the settings check (CHANGES.md rule 3). */
    int DOWNLOAD_MAX_MEGABYTES_MIN = 1, DOWNLOAD_MAX_MEGABYTES_MAX = 2048;

    @AttributeDefinition(name = "Largest package (MiB)", description = "A download larger than this is stopped at this "
            + "size and refused. The gateway's own packages are under 2 MiB; the default leaves room for far larger ones.",
            min = "" + DOWNLOAD_MAX_MEGABYTES_MIN, max = "" + DOWNLOAD_MAX_MEGABYTES_MAX)
    int download_max_megabytes() default 32;

    /** The range of download.connect.timeout.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int DOWNLOAD_CONNECT_TIMEOUT_SECONDS_MIN = 1, DOWNLOAD_CONNECT_TIMEOUT_SECONDS_MAX = 300;

    @AttributeDefinition(name = "Connect timeout (s)", description = "How long to wait for the package server to accept the connection.",
            min = "" + DOWNLOAD_CONNECT_TIMEOUT_SECONDS_MIN, max = "" + DOWNLOAD_CONNECT_TIMEOUT_SECONDS_MAX)
    int download_connect_timeout_seconds() default 15;

    /** The range of download.read.timeout.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int DOWNLOAD_READ_TIMEOUT_SECONDS_MIN = 1, DOWNLOAD_READ_TIMEOUT_SECONDS_MAX = 600;

    @AttributeDefinition(name = "Read timeout (s)", description = "How long the download may stall without a byte arriving.",
            min = "" + DOWNLOAD_READ_TIMEOUT_SECONDS_MIN, max = "" + DOWNLOAD_READ_TIMEOUT_SECONDS_MAX)
    int download_read_timeout_seconds() default 30;

    /** The range of download.deadline.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int DOWNLOAD_DEADLINE_SECONDS_MIN = 10, DOWNLOAD_DEADLINE_SECONDS_MAX = 86_400;

    @AttributeDefinition(name = "Download deadline (s)", description = "The longest a whole download may take.",
            min = "" + DOWNLOAD_DEADLINE_SECONDS_MIN, max = "" + DOWNLOAD_DEADLINE_SECONDS_MAX)
    int download_deadline_seconds() default 1800;

    @AttributeDefinition(name = "Allow plain HTTP", description = "Accept http:// package URLs. Off: only https:// is "
            + "accepted. The hash and signature are checked either way; turn on only on a trusted network.")
    boolean download_allow_http() default false;

    @AttributeDefinition(name = "Download hosts", description = "Comma-separated host names (or addresses) packages may "
            + "be downloaded from, e.g. 'packages.example.com'. Empty: any host, so a requester can make the gateway "
            + "connect to any address it reaches, inside its own network too (the reply says only 'download failed').")
    String download_hosts() default "";

    @AttributeDefinition(name = "Allowed requesters", description = "Comma-separated requester client ids (the "
            + "requester.client.id of a request) whose requests are served; any other gets 403. Empty: any requester. "
            + "The id is what the request says, not proven: the broker's ACL on the request topics is the real gate "
            + "(bundles/deploy/README.md, Security).")
    String command_requesters() default "";

    @AttributeDefinition(name = "Trust store", description = "PKCS12 file holding the certificates that may sign "
            + "packages. Empty: no package is trusted (only unsigned ones, and only if allowed below).")
    String trust_store() default "";

    @AttributeDefinition(name = "Trust store password", description = "Password of the trust store.", type = AttributeType.PASSWORD)
    String trust_store_password() default "";

    @AttributeDefinition(name = "Allow unsigned packages", description = "Install packages that carry no signature. "
            + "Off (recommended): an unsigned package is refused. A package with a bad signature is always refused.")
    boolean allow_unsigned() default false;

    /** The range of health.gate.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int HEALTH_GATE_SECONDS_MIN = 1, HEALTH_GATE_SECONDS_MAX = 3600;

    @AttributeDefinition(name = "Health gate (s)", description = "After an install or update, how long the package's "
            + "components have to be active and report UP before the previous version is put back.",
            min = "" + HEALTH_GATE_SECONDS_MIN, max = "" + HEALTH_GATE_SECONDS_MAX)
    int health_gate_seconds() default 60;

    /** The range of progress.step.percent, for the Metatype and the settings check (CHANGES.md rule 3). */
    int PROGRESS_STEP_PERCENT_MIN = 1, PROGRESS_STEP_PERCENT_MAX = 100;

    @AttributeDefinition(name = "Progress step (%)", description = "A download progress notification is sent every this many percent.",
            min = "" + PROGRESS_STEP_PERCENT_MIN, max = "" + PROGRESS_STEP_PERCENT_MAX)
    int progress_step_percent() default 10;
}
