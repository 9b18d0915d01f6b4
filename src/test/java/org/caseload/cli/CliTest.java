package org.caseload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.caseload.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line as an operator uses it: exit codes, help, messages, and etl end to end. */
class CliTest {

    @TempDir
    Path tmp;

    record Result(int status, String out, String err) {
    }

    static Result caseload(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "generate", "etl", "payroll", "checkins", "serve", "jobs"})
    void everyCommandHasHelp(String command) {
        Result r = caseload(command, "--help");

        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("Usage: caseload " + command);
    }

    @Test
    void wrongUsageExitsWithTwoAndSaysWhat() {
        assertThat(caseload().status()).isEqualTo(2);
        Result unknown = caseload("etl", "--inbx", "x");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option --inbx for etl");
        Result date = caseload("generate", "--out", tmp.toString(), "--end", "31/03/2026");
        assertThat(date.status()).isEqualTo(2);
        assertThat(date.err()).contains("--end takes a date YYYY-MM-DD");
        Result config = caseload("--config", tmp.resolve("none.yml").toString(), "generate", "--out", tmp.toString());
        assertThat(config.err()).contains("none.yml does not exist");
    }

    @Test
    void generateThenEtlPrintsEveryFileWithItsCountsAndNoClientId() throws Exception {
        Path inbox = tmp.resolve("inbox");
        Result gen = caseload("generate", "--out", inbox.toString(), "--clinicians", "6", "--weeks", "6",
                "--end", "2026-03-27", "--config", "jobs/practice.yml");
        assertThat(gen.status()).isZero();
        String url = TestDatabase.url();
        TestDatabase.reset();

        Result etl = caseload("etl", "--inbox", inbox.toString(), "--as-of", "2026-03-27",
                "--spring.datasource.url=" + url, "--spring.datasource.username=postgres");

        assertThat(etl.status()).as(etl.err()).isZero();
        try (var files = Files.list(inbox)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .allSatisfy(name -> assertThat(etl.out()).contains(name));
        }
        assertThat(etl.out()).contains("appointments-zz-bad.csv line 2: BAD_DATETIME");
        assertThat(etl.out()).doesNotContain("CL-BAD").doesNotContain("CL0001");
        Result again = caseload("etl", "--inbox", inbox.toString(), "--as-of", "2026-03-27",
                "--spring.datasource.url=" + url, "--spring.datasource.username=postgres");
        assertThat(again.out()).contains("skipped: ingested before").doesNotContain("line 2:");
    }

    @Test
    void payrollWritesTheWorkbookAndRefusesToFinalizeAMonthNotEnded() throws Exception {
        Path inbox = tmp.resolve("inbox");
        caseload("generate", "--out", inbox.toString(), "--clinicians", "5", "--weeks", "9", "--end", "2026-03-27");
        String url = TestDatabase.url();
        TestDatabase.reset();
        String[] db = {"--spring.datasource.url=" + url, "--spring.datasource.username=postgres"};
        assertThat(caseload(concat(new String[] {"etl", "--inbox", inbox.toString(), "--as-of", "2026-03-27"}, db)).status())
                .isZero();

        Result payroll = caseload(concat(new String[] {"payroll", "--month", "2026-02", "--reports",
            tmp.resolve("reports").toString()}, db));

        assertThat(payroll.status()).as(payroll.err()).isZero();
        assertThat(payroll.out()).contains("Payroll 2026-02 (draft): 5 clinicians");
        assertThat(tmp.resolve("reports/2026-02/payroll-2026-02.xlsx")).isRegularFile();
        Result refused = caseload(concat(new String[] {"payroll", "--month", java.time.YearMonth.now().toString(),
            "--finalize"}, db));
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("cannot be finalized before the month has ended");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void jobsListsASuccessAndAFailureWithItsStepAndError() throws Exception {
        String url = TestDatabase.url();
        TestDatabase.reset();
        String[] db = {"--spring.datasource.url=" + url, "--spring.datasource.username=postgres"};
        caseload(concat(new String[] {"etl", "--inbox", tmp.resolve("missing").toString(), "--as-of", "2026-03-27"}, db));
        Files.createDirectories(tmp.resolve("missing"));
        caseload(concat(new String[] {"etl", "--inbox", tmp.resolve("missing").toString(), "--as-of", "2026-03-27"}, db));

        Result all = caseload(concat(new String[] {"jobs"}, db));
        Result failed = caseload(concat(new String[] {"jobs", "--failed"}, db));

        assertThat(all.status()).as(all.err()).isZero();
        assertThat(all.out()).containsPattern("(?m)^ +\\d+ +etl +COMPLETED .*asOf=2026-03-27")
                .containsPattern("(?m)^ +\\d+ +etl +FAILED .*asOf=2026-03-27")
                .contains("failed in registerInboxFiles: The inbox directory").contains("does not exist");
        assertThat(failed.out()).contains("FAILED").doesNotContain("COMPLETED");
    }

    @Test
    void theDefaultEmbeddedDatabaseKeepsItsDataBetweenRuns() throws Exception {
        Path inbox = tmp.resolve("inbox");
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("clinicians.csv"),
                "clinician_id,full_name,hire_date,weekly_available_hours,pay_plan\nC1,Ada,2026-01-05,30,salaried\n");
        String dataDir = "--caseload.data-dir=" + tmp.resolve("data");

        Result first = caseload("etl", "--inbox", inbox.toString(), dataDir);
        Result second = caseload("etl", "--inbox", inbox.toString(), dataDir);

        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.out()).containsPattern("clinicians.csv +1 +1 +0 +0");
        assertThat(second.out()).contains("clinicians.csv").contains("skipped: ingested before");
        assertThat(Files.isDirectory(tmp.resolve("data/postgres"))).isTrue();
    }

    @Test
    void aFailingRunExitsNonZeroWithOneParagraphAndNoStackTrace() throws Exception {
        String url = TestDatabase.url();
        TestDatabase.reset();

        Result r = caseload("etl", "--inbox", tmp.resolve("missing").toString(), "--spring.datasource.url=" + url,
                "--spring.datasource.username=postgres");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("caseload etl failed").contains("missing does not exist").doesNotContain("\tat ");
        // the failed run is finished (here: failing again) before a new one starts; --fresh gives it up
        Files.createDirectories(tmp.resolve("missing"));
        Result fresh = caseload("etl", "--inbox", tmp.resolve("missing").toString(), "--fresh",
                "--spring.datasource.url=" + url, "--spring.datasource.username=postgres");
        assertThat(fresh.status()).as(fresh.err()).isZero();
        assertThat(fresh.out()).contains("no inbox files");
    }
}
