package org.cabinetgw.deploy;

import java.time.Instant;
import java.util.Objects;

/**
 * One deployment job as the journal says it ended.
 *
 * @param time            when the job began; null when the journal line carries no readable time
 * @param jobId           the requester's job id; -1 when the line has none
 * @param action          what was asked: {@code download}, {@code install}, {@code uninstall}, ... (empty when unknown)
 * @param requester       who asked: the requester's client id, {@code seed} for a package the gateway shipped with
 * @param packageName     the deployment package's symbolic name (empty when unknown)
 * @param version         the version deployed (empty when unknown)
 * @param previousVersion the version that ran before (empty on a first install)
 * @param result          how it ended: {@link #IN_PROGRESS}, {@code DOWNLOADED}, {@code INSTALLED}, {@code FAILED},
 *                        {@code ROLLED_BACK}, {@code ROLLBACK_FAILED}, {@code UNINSTALLED}; a later release may add
 *                        others (empty when the line names none)
 * @param reason          why, for a failure or a rollback (empty otherwise)
 * @param totalMillis     from request to end; -1 when unknown
 */
public record DeploymentRecord(Instant time, long jobId, String action, String requester, String packageName,
        String version, String previousVersion, String result, String reason, long totalMillis) {

    /** The result of a job that has not ended (or was cut off and not recovered yet). */
    public static final String IN_PROGRESS = "IN_PROGRESS";

    public DeploymentRecord {
        action = Objects.requireNonNullElse(action, "");
        requester = Objects.requireNonNullElse(requester, "");
        packageName = Objects.requireNonNullElse(packageName, "");
        version = Objects.requireNonNullElse(version, "");
        previousVersion = Objects.requireNonNullElse(previousVersion, "");
        result = Objects.requireNonNullElse(result, "");
        reason = Objects.requireNonNullElse(reason, "");
    }
}
