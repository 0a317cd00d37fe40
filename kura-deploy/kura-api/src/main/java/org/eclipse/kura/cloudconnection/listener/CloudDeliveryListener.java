package org.eclipse.kura.cloudconnection.listener;

import org.osgi.annotation.versioning.ConsumerType;

/** Declaration of Kura's delivery listener: told the id {@code CloudPublisher.publish} returned once it is delivered. */
@ConsumerType
public interface CloudDeliveryListener {

    void onMessageConfirmed(String messageId);
}
