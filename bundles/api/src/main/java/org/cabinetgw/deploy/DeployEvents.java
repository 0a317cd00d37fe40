package org.cabinetgw.deploy;

/** Event Admin topics and property keys of the deploy area. */
public final class DeployEvents {

    private DeployEvents() {
    }

    /** Topic prefix of every deploy event. */
    public static final String TOPIC_PREFIX = "org/cabinetgw/deploy/";

    /** A deployment was accepted and starts downloading. Keys: JOB_ID, PACKAGE, VERSION, REQUESTER. */
    public static final String STARTED = TOPIC_PREFIX + "STARTED";
    /** A package was installed or updated and passed the health gate. Keys: JOB_ID, PACKAGE, VERSION, PREVIOUS_VERSION, DURATION_MS. */
    public static final String INSTALLED = TOPIC_PREFIX + "INSTALLED";
    /** A deployment failed before anything changed (download, hash, signature, Deployment Admin). Keys: JOB_ID, PACKAGE, VERSION, REASON. */
    public static final String FAILED = TOPIC_PREFIX + "FAILED";
    /** A package failed the health gate and the previous version was put back. Keys: JOB_ID, PACKAGE, VERSION, PREVIOUS_VERSION, REASON. */
    public static final String ROLLED_BACK = TOPIC_PREFIX + "ROLLED_BACK";
    /** A package was uninstalled. Keys: JOB_ID, PACKAGE, VERSION. */
    public static final String UNINSTALLED = TOPIC_PREFIX + "UNINSTALLED";

    /** Long: the requester's job id. */
    public static final String JOB_ID = "job.id";
    /** String: the deployment package's symbolic name. */
    public static final String PACKAGE = "package";
    /** String: the version deployed (or being deployed). */
    public static final String VERSION = "version";
    /** String: the version that ran before; empty on a first install. */
    public static final String PREVIOUS_VERSION = "previous.version";
    /** String: the requester's client id. */
    public static final String REQUESTER = "requester";
    /** String: a sentence saying why. */
    public static final String REASON = "reason";
    /** Long: milliseconds from request to the end of the deployment. */
    public static final String DURATION_MS = "duration.ms";
}
