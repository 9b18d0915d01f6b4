package org.caseload;

import java.time.ZoneId;

/** The validated configuration, as the rest of the program reads it. */
public record PracticeConfig(CaseloadProperties properties) {

    public ZoneId zone() {
        return properties.zone();
    }

    public CaseloadProperties.Policy policy() {
        return properties.policy();
    }

    public boolean hasPlan(String name) {
        return properties.plans().containsKey(name);
    }
}
