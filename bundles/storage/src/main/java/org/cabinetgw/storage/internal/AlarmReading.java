package org.cabinetgw.storage.internal;

/**
 * Why an alarm is on (or what cleared it): the value measured, the threshold, a sentence.
 *
 * @param value     the measured value
 * @param threshold the configured limit
 * @param text      a sentence for logs, health and the event's reason
 */
public record AlarmReading(Number value, Number threshold, String text) {
}
