package org.caseload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.caseload.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Contract section 2: the example loads; a wrong value stops the program naming the key. */
class ConfigValidatorTest {

    @TempDir
    Path tmp;

    /** Runs 'generate' (which loads and validates the configuration without a database). */
    private Result generateWith(String yaml) throws Exception {
        Path config = tmp.resolve("practice.yml");
        Files.writeString(config, yaml);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Cli.run(new String[] {"--config", config.toString(), "generate", "--out", tmp.resolve("out").toString(),
            "--clinicians", "2", "--weeks", "1", "--end", "2026-03-31"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    record Result(int status, String out, String err) {
    }

    private static String example() throws Exception {
        return Files.readString(Path.of("jobs/practice.yml"));
    }

    @Test
    void theContractExampleLoads() throws Exception {
        Result r = generateWith(example());

        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
    }

    @Test
    void aWrongCronInTheScheduleStopsServeNamingTheKey() throws Exception {
        Path config = tmp.resolve("practice.yml");
        Files.writeString(config, example());
        Files.writeString(tmp.resolve("schedule.yml"), "caseload:\n  schedule:\n    etl:\n      cron: \"every night\"\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = Cli.run(new String[] {"--config", config.toString(), "serve",
            "--spring.datasource.url=" + TestDatabase.url(), "--spring.datasource.username=postgres"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("caseload.schedule.etl.cron: 'every night' is not a Quartz cron");
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "type: commission|type: commision|caseload.plans.split-60.type: unknown plan type 'commision'",
        "rate: 0.60|rate: 1.60|caseload.plans.split-60.rate: 1.6 is outside 0..1",
        "      rate: 0.60\\n|\\n|caseload.plans.split-60.rate: missing",
        "- { up-to: 25, rate: 0.60 }|- { up-to: 18, rate: 0.60 }|caseload.plans.tiered.tiers[1].up-to: 18 overlaps",
        "below: 0.70|below: 70|caseload.policy.low-utilization.below: 70 is outside 0..1",
        "systemic-share: 0.30|systemic-share: -0.3|caseload.policy.systemic-share: -0.3 is outside 0..1",
        "timezone: America/New_York|timezone: Mars/Olympus|caseload.practice.timezone: 'Mars/Olympus' is not a time zone",
        "no-intakes-weeks: 8|no-intake-weeks: 8|caseload.policy.no-intake-weeks",
        "rate: 0.60|rate: sixty|caseload.plans.split-60.rate",
    })
    void aWrongValueStopsTheProgramNamingTheKey(String find, String replace, String message) throws Exception {
        String yaml = example();
        assertThat(yaml).contains(find.replace("\\n", "\n"));
        Result r = generateWith(yaml.replaceFirst(java.util.regex.Pattern.quote(find.replace("\\n", "\n")),
                replace.replace("\\n", "\n")));

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("Invalid configuration").contains(message);
        assertThat(r.err()).doesNotContain("\tat ");
    }
}
