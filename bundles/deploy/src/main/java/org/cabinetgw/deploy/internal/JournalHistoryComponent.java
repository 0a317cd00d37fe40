package org.cabinetgw.deploy.internal;

import java.io.IOException;
import java.util.List;

import org.cabinetgw.deploy.DeploymentHistory;
import org.cabinetgw.deploy.DeploymentRecord;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * Offers the deployment journal, read-only, as {@link DeploymentHistory} (the dashboard's software section).
 * A component of its own, without configuration: the journal is readable whether or not the agent runs (waiting for
 * its configuration, refused, restarting). It reads the file the agent appends to ({@link JournalHistory}).
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE)
public final class JournalHistoryComponent implements DeploymentHistory {

    private JournalHistory history;

    @Activate
    void activate(BundleContext context) throws IOException {
        history = new JournalHistory(new DeploymentJournal(DeployAgent.dataDirectory(context)));
    }

    @Override
    public List<DeploymentRecord> recent(int max) {
        return history.recent(max);
    }
}
