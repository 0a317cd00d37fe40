package org.cabinetgw.deploy;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Query service of the deploy bundle: the deployment journal, every deployment this gateway ever made (remote
 * requests and the packages it shipped with), including those before the reader started. Read-only; the journal
 * is on disk under the data directory and outlives restarts and updates of any bundle.
 */
@ProviderType
public interface DeploymentHistory {

    /**
     * The newest deployments first, at most {@code max} (a negative or zero max: none), one per job: a job's
     * latest state ({@link DeploymentRecord#IN_PROGRESS} while it runs). An unreadable journal gives what could
     * be read; never throws for its content.
     */
    List<DeploymentRecord> recent(int max);
}
