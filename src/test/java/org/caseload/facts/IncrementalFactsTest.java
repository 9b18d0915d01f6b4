package org.caseload.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.caseload.EtlTestSupport;
import org.caseload.TestDatabase;
import org.caseload.Inbox;
import org.caseload.PracticeConfig;
import org.caseload.generate.PracticeGenerator;
import org.caseload.ingest.EtlReport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A nightly run rebuilds only the weeks its data touched and the weeks after them, and ends with
 * the same facts, metrics and flags as a rebuild of everything.
 */
class IncrementalFactsTest extends EtlTestSupport {

    static final LocalDate END = LocalDate.of(2026, 4, 22);   // a Wednesday

    @Autowired
    NamedParameterJdbcTemplate named;

    @Autowired
    PracticeConfig config;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void lateUpdatesForOldWeeksAndTheNextDayEqualAFullRebuild() throws Exception {
        Path generated = tmp.resolve("generated");
        PracticeGenerator.generate(new PracticeGenerator.Settings(30, 16, 3, END, ZoneId.of("America/New_York"),
                List.of("salaried", "split-60", "base-plus", "tiered", "fee-for-service")), generated);
        // night 1: everything but the status updates of the last days
        copy(generated, name -> !name.startsWith("appointments-update"));
        assertThat(run(END).succeeded()).isTrue();
        assertThat(rebuiltFrom()).isEqualTo(BuildWeeklyFacts.EVERYTHING);
        // a full rebuild: the weekly facts were built in two ranges of clinicians, each its own worker step
        assertThat(rangesOfLastRun()).hasSize(2).allSatisfy(weeks -> assertThat(weeks).isPositive());
        Map<String, Object> firstNight = tables();

        // night 2: those updates, a late status change for a week in February (a client's first
        // visit turns out a no-show: the client becomes new in a later week), a day of PTO in March
        copy(generated, name -> name.startsWith("appointments-update"));
        String old = jdbc.queryForObject("""
                select appointment_id from appointment a
                 where status = 'completed' and start_date between '2026-02-09' and '2026-02-13' and group_id is null
                   and not exists (select 1 from appointment b where b.client_id = a.client_id
                                      and b.status = 'completed' and b.start_at < a.start_at)
                   and exists (select 1 from appointment b where b.client_id = a.client_id
                                  and b.status = 'completed' and b.start_at > a.start_at + interval '7 days')
                 order by appointment_id limit 1""", String.class);
        String client = jdbc.queryForObject("select client_id from appointment where appointment_id = ?", String.class, old);
        LocalDate firstWeek = jdbc.queryForObject("select week_of from client_first_visit where client_id = ?",
                LocalDate.class, client);
        Map<String, Object> a = jdbc.queryForMap("select * from appointment where appointment_id = ?", old);
        inbox.file("appointments-late.csv", Inbox.APPOINTMENT_HEADER, String.join(",", old, (String) a.get("clinician_id"),
                (String) a.get("client_id"), a.get("start_at").toString().replace(' ', 'T'),
                a.get("duration_minutes").toString(), (String) a.get("service_code"), "no_show", "", "", ""));
        inbox.file("time_off-late.csv", Inbox.TIME_OFF_HEADER, "C0001,2026-03-18,8,sick");
        LocalDate nextDay = END.plusDays(1);
        assertThat(run(nextDay).succeeded()).isTrue();

        assertThat(rebuiltFrom()).isEqualTo(LocalDate.of(2026, 2, 9));
        assertThat(rangesOfLastRun()).hasSize(2); // ten weeks, in two ranges too
        assertThat(firstWeek).isEqualTo(LocalDate.of(2026, 2, 9));
        assertThat(jdbc.queryForObject("select week_of from client_first_visit where client_id = ?", LocalDate.class,
                client)).isAfter(firstWeek);
        Map<String, Object> incremental = tables();
        assertThat(incremental).isNotEqualTo(firstNight);
        assertThat(jdbc.queryForObject("select no_show_rows from clinician_week where clinician_id = ? and week_of = '2026-02-09'",
                Integer.class, a.get("clinician_id"))).isPositive();
        assertThat(jdbc.queryForObject("select time_off_hours from clinician_week where clinician_id = 'C0001' "
                + "and week_of = '2026-03-16'", Double.class)).isGreaterThanOrEqualTo(8.0);

        // everything rebuilt in one go, in one transaction
        transactions.executeWithoutResult(tx -> new BuildWeeklyFacts(named, config, "asOf",
                transactions.getTransactionManager()).build(BuildWeeklyFacts.EVERYTHING, nextDay));
        assertThat(tables()).isEqualTo(incremental);
    }

    /**
     * The metrics and flags step runs its two halves at once, each committing on its own: when one
     * fails (here the database refuses its 8-week window), the other's rows stay, the facts are
     * not marked built, and the next run rebuilds both halves to what an uninterrupted run has.
     */
    @Test
    void aRunWhoseMetricsFailInOneHalfIsFinishedByTheNextRun() throws Exception {
        Map<String, Object> uninterrupted = uninterruptedRun();
        assertThat(count("select count(*) from clinician_week_trailing where window_weeks = 8")).isPositive();
        TestDatabase.reset(jdbc);

        runRefusing("clinician_week_trailing", "when (new.window_weeks = 8)");
        // the utilization half committed; the facts are not marked built
        assertThat(count("select count(*) from clinician_week_trailing where window_weeks = 4")).isPositive();
        assertThat(count("select count(*) from clinician_week_trailing where window_weeks = 8")).isZero();
        assertThat(count("select count(*) from facts_state where built_through is not null")).isZero();

        assertThat(run(END).succeeded()).isTrue();

        assertThat(tables()).isEqualTo(uninterrupted);
    }

    /**
     * The first visits and the collections are found at once, each committing on its own: when
     * the collections fail, the first visits stay, nothing after them runs, and the next run
     * ends with what an uninterrupted run has.
     */
    @Test
    void aRunWhoseCollectionsFailAfterTheFirstVisitsCommittedIsFinishedByTheNextRun() throws Exception {
        Map<String, Object> uninterrupted = uninterruptedRun();
        assertThat(count("select count(*) from clinician_week_collections")).isPositive();
        TestDatabase.reset(jdbc);

        runRefusing("clinician_week_collections", "");
        // the first visits, found at the same time, committed; nothing after them ran
        assertThat(count("select count(*) from client_first_visit")).isPositive();
        assertThat(count("select count(*) from clinician_week_collections")).isZero();
        assertThat(count("select count(*) from clinician_week")).isZero();

        assertThat(run(END).succeeded()).isTrue();

        assertThat(tables()).isEqualTo(uninterrupted);
    }

    /** The tables of an uninterrupted run on a generated practice. */
    private Map<String, Object> uninterruptedRun() throws Exception {
        PracticeGenerator.generate(new PracticeGenerator.Settings(12, 10, 3, END, ZoneId.of("America/New_York"),
                List.of("salaried", "split-60", "base-plus", "tiered", "fee-for-service")), inbox.dir);
        assertThat(run(END).succeeded()).isTrue();
        return tables();
    }

    /** A run in which the database refuses the rows of {@code table} ({@code when}: which); it fails. */
    private void runRefusing(String table, String when) throws Exception {
        jdbc.execute("create function refuse() returns trigger language plpgsql as "
                + "$$ begin raise exception 'injected failure: " + table + " refused'; end $$");
        jdbc.execute("create trigger refuse before insert on " + table + " for each row " + when
                + " execute function refuse()");
        try {
            EtlReport failed = run(END);
            assertThat(failed.succeeded()).isFalse();
            assertThat(failed.failures()).anySatisfy(f -> assertThat(f).contains("injected failure"));
        } finally {
            jdbc.execute("drop trigger refuse on " + table);
            jdbc.execute("drop function refuse()");
        }
    }

    @Test
    void aRunWithNothingNewRebuildsNothingAndANewWeekOnlyThatWeek() throws Exception {
        inbox.roster().file("appointments.csv", Inbox.APPOINTMENT_HEADER,
                "A1,C1,K1,2026-03-09T10:00:00-04:00,53,90837,completed,,,");
        run(LocalDate.of(2026, 3, 13));
        Map<String, Object> before = tables();

        run(LocalDate.of(2026, 3, 14));
        assertThat(tables()).isEqualTo(before);

        run(LocalDate.of(2026, 3, 16));
        assertThat(rebuiltFrom()).isEqualTo(LocalDate.of(2026, 3, 16));
        assertThat(count("select count(*) from clinician_week where clinician_id = 'C1'"))
                .isEqualTo(count("select count(*) from clinician_week where clinician_id = 'C1' and week_of < '2026-03-16'") + 1);
    }

    @Test
    void clinicianIdsOfTheLongestLengthSplitIntoRangesToo() throws Exception {
        String a = "A".repeat(63) + "1";
        String b = "B".repeat(63) + "2";
        inbox.file("clinicians.csv", Inbox.ROSTER_HEADER, a + ",Ann,,2026-01-05,,30,,split-60,",
                        b + ",Bo,,2026-01-05,,30,,split-60,")
                .file("appointments.csv", Inbox.APPOINTMENT_HEADER,
                        "X1," + a + ",K1,2026-03-09T10:00:00-04:00,53,90837,completed,,,",
                        "X2," + b + ",K2,2026-03-10T10:00:00-04:00,53,90837,completed,,,");

        assertThat(run(LocalDate.of(2026, 3, 13)).succeeded()).isTrue();

        assertThat(rangesOfLastRun()).containsExactly(1, 1); // a range each, from the first appointment week
        assertThat(count("select count(*) from clinician_week where contact_minutes = 53")).isEqualTo(2);
    }

    /** Clinician-weeks written by each range of the last run's weekly facts step. */
    private List<Integer> rangesOfLastRun() {
        return jdbc.queryForList("""
                select s.write_count from batch_step_execution s
                 where s.step_name like 'buildClinicianWeeksOfRange:%'
                   and s.job_execution_id = (select max(job_execution_id) from batch_job_execution)""", Integer.class);
    }

    private LocalDate rebuiltFrom() {
        return jdbc.queryForObject("select rebuilt_from from facts_state", LocalDate.class);
    }

    private void copy(Path from, java.util.function.Predicate<String> which) throws Exception {
        Files.createDirectories(inbox.dir);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(p -> which.test(p.getFileName().toString())).toList()) {
                Files.copy(f, inbox.dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private Map<String, Object> tables() {
        return Map.of(
                "weeks", jdbc.queryForList("select * from clinician_week order by clinician_id, week_of"),
                "firstVisits", jdbc.queryForList("select * from client_first_visit order by client_id"),
                "collections", jdbc.queryForList("select * from clinician_week_collections order by clinician_id, week_of"),
                "trailing", jdbc.queryForList("select * from clinician_week_trailing order by clinician_id, week_of, window_weeks"),
                "flags", jdbc.queryForList("select clinician_id, week_of, code, pattern, detail from flag "
                        + "order by clinician_id, week_of, code"));
    }
}
