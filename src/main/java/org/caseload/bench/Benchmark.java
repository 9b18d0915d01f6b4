package org.caseload.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.caseload.ingest.EtlRunner;
import org.caseload.pay.PayrollRunner;
import org.caseload.workbooks.MonthlyWorkbooks;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * The benchmark of contract-size practices (see docs/performance.md): on an empty database, the
 * floor (the appointment and payment files loaded with plain COPY into unlogged tables, then one
 * GROUP BY clinician and week of both), then full etl, a one-day incremental etl, payroll and check-ins
 * for a month, each with rows, seconds, rows per second and peak Java heap (see {@link HeapPeak}).
 */
@Component
public class Benchmark {

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final EtlRunner etl;
    private final PayrollRunner payroll;
    private final MonthlyWorkbooks workbooks;

    Benchmark(DataSource dataSource, JdbcTemplate jdbc, EtlRunner etl, PayrollRunner payroll, MonthlyWorkbooks workbooks) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.etl = etl;
        this.payroll = payroll;
        this.workbooks = workbooks;
    }

    /** One measured stage. */
    public record Stage(String name, long rows, double seconds, long peakHeapMb) {
        double rate() {
            return seconds == 0 ? 0 : rows / seconds;
        }
    }

    /**
     * @param night1 every generated file but the last day's status updates
     * @param night2 those updates (the next night's inbox)
     */
    public List<Stage> run(Path night1, Path night2, LocalDate end, Path reports, PrintStream out) throws Exception {
        List<Stage> stages = new ArrayList<>();
        long inputRows = countRows(night1);
        double[] parts = new double[2];
        stages.add(measure("(a) floor: COPY + GROUP BY", () -> {
            floor(night1, parts);
            return inputRows;
        }, out));
        out.printf("      (a) in parts: COPY %.1f s, GROUP BY %.1f s%n", parts[0], parts[1]);
        stages.add(measure("(b) etl, full", () -> {
            check(etl.run(night1, end, false).succeeded(), "full etl");
            return inputRows;
        }, out));
        long nextDayRows = countRows(night2);
        stages.add(measure("(c) etl, next day", () -> {
            check(etl.run(night2, end.plusDays(1), false).succeeded(), "incremental etl");
            return nextDayRows;
        }, out));
        YearMonth month = YearMonth.from(end).minusMonths(1);
        stages.add(measure("(d) payroll " + month + ", lines", () -> {
            PayrollRunner.Result r = payroll.run(month, false, reports);
            check(r.succeeded(), "payroll");
            return (long) r.lines();
        }, out));
        stages.add(measure("(e) checkins " + month + ", workbooks", () ->
                (long) workbooks.write(month, reports).checkins().size() + 1, out));
        return stages;
    }

    /**
     * The floor; {@code seconds} gets its two parts: the COPY of every file, and the one GROUP BY
     * clinician and week of both (the appointments by their week; the payments, which carry no
     * clinician, by their appointment's clinician, through a join, and the week they were posted:
     * what the facts' sessions and collections are grouped by).
     */
    private void floor(Path inbox, double[] seconds) throws Exception {
        long start = System.nanoTime();
        jdbc.execute("drop table if exists floor_appointment, floor_payment");
        jdbc.execute("create unlogged table floor_appointment (appointment_id text, clinician_id text, client_id text, "
                + "start text, duration_minutes text, service_code text, status text, cancelled_at text, group_id text, "
                + "charge text)");
        jdbc.execute("create unlogged table floor_payment (payment_id text, appointment_id text, posted_date text, "
                + "amount text, payer text, kind text)");
        try (Connection c = dataSource.getConnection(); Stream<Path> listing = Files.list(inbox)) {
            PGConnection pg = c.unwrap(PGConnection.class);
            for (Path file : listing.sorted().toList()) {
                String name = file.getFileName().toString();
                String table = name.startsWith("appointments") ? "floor_appointment"
                        : name.startsWith("payments") ? "floor_payment" : null;
                if (table == null || name.contains("zz-bad")) {
                    continue;
                }
                // the file's bytes as they are, as psql's \copy sends them: nothing decoded in the JVM
                try (InputStream in = Files.newInputStream(file)) {
                    pg.getCopyAPI().copyIn("copy " + table + " from stdin (format csv, header true)", in, 65_536);
                }
            }
        }
        long copied = System.nanoTime();
        // the results stream past, as a client that reads them would take them; none is kept
        RowCallbackHandler discard = rs -> { };
        jdbc.query("select clinician_id, week, count(minutes), sum(minutes), sum(amount) from ("
                + "select clinician_id, week_of(left(start, 10)::date) as week, duration_minutes::int as minutes, "
                + "null::numeric as amount from floor_appointment "
                + "union all select a.clinician_id, week_of(p.posted_date::date), null, p.amount::numeric "
                + "from floor_payment p join floor_appointment a using (appointment_id)) r group by 1, 2", discard);
        long grouped = System.nanoTime();
        jdbc.execute("drop table floor_appointment, floor_payment");
        seconds[0] = (copied - start) / 1e9;
        seconds[1] = (grouped - copied) / 1e9;
    }

    private static Stage measure(String name, Callable<Long> work, PrintStream out) throws Exception {
        long rows;
        double seconds;
        long peakMb;
        try (HeapPeak heap = new HeapPeak()) {
            long start = System.nanoTime();
            rows = work.call();
            seconds = (System.nanoTime() - start) / 1e9;
            peakMb = heap.peakMb();
        }
        Stage stage = new Stage(name, rows, seconds, peakMb);
        out.printf("  %-34s %,12d rows  %8.1f s  %,10.0f rows/s  %,6d MB heap%n", stage.name(), stage.rows(),
                stage.seconds(), stage.rate(), stage.peakHeapMb());
        return stage;
    }

    private static long countRows(Path inbox) throws IOException {
        long rows = 0;
        try (Stream<Path> listing = Files.list(inbox)) {
            for (Path file : listing.toList()) {
                try (Stream<String> lines = Files.lines(file)) {
                    rows += lines.count() - 1;
                }
            }
        }
        return rows;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("The benchmark's " + what + " failed; see the log above");
        }
    }
}
