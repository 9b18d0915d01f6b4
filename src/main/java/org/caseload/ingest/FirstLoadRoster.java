package org.caseload.ingest;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The roster's employment periods while a first load of appointments is under way (the table's
 * indexes dropped for it by {@code sql/ingest/drop_indexes_for_first_load.sql}): an appointment that
 * loads by them is written straight into {@code appointment} while it is staged; the others are
 * staged for the merge, which rejects them with their reason. The rule is the merge's
 * ({@code appointment_reject_reason}, V8), on the roster the run merged before staging
 * appointments. Read once a run and shared by the run's staging worker steps ({@link OfRun}):
 * read once a file, as it was, the thousand clinicians of the 1,000 × 52 benchmark came to
 * fifteen thousand rows, enough for the JIT to compile the JDBC driver's result-set code while
 * staging: about 1.3 s of the compiler's time on one of the two cores.
 */
final class FirstLoadRoster {

    private record Employment(LocalDate hire, LocalDate end) {
    }

    private final Map<String, Employment> employment;

    private FirstLoadRoster(Map<String, Employment> employment) {
        this.employment = employment;
    }

    /** The roster, if a first load of appointments is under way; null otherwise. */
    static FirstLoadRoster ifFirstLoad(JdbcTemplate jdbc) {
        if (!InboxKind.APPOINTMENTS.firstLoadUnderWay(jdbc)) {
            return null;
        }
        Map<String, Employment> employment = new HashMap<>();
        jdbc.query("select clinician_id, hire_date, end_date from clinician", rs -> {
            employment.put(rs.getString(1), new Employment(rs.getObject(2, LocalDate.class),
                    rs.getObject(3, LocalDate.class)));
        });
        return new FirstLoadRoster(employment);
    }

    /** Whether an appointment of this clinician on this (local) day loads. */
    boolean loads(String clinicianId, LocalDate startDate) {
        Employment e = employment.get(clinicianId);
        return e != null && !startDate.isBefore(e.hire()) && (e.end() == null || !startDate.isAfter(e.end()));
    }
}
