package org.caseload.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.caseload.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark at a small size, so that it cannot rot: correctness only, no timing. */
class BenchTest {

    @TempDir
    Path tmp;

    @Test
    void theBenchmarkRunsEveryStageOnANewDatabaseAndPrintsTheRatio() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = Cli.run(new String[] {"bench", "--clinicians", "15", "--weeks", "10", "--end", "2026-11-20",
            "--work", tmp.resolve("bench").toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        // numbers as printed in the default locale: grouped by commas or points, a decimal point or comma
        assertThat(printed).containsPattern("\\(a\\) floor: COPY \\+ GROUP BY +[\\d,.]+ rows")
                .containsPattern("\\(b\\) etl, full +[\\d,.]+ rows")
                .containsPattern("\\(c\\) etl, next day +[\\d,.]+ rows")
                .containsPattern("\\(d\\) payroll 2026-10, lines +[1-9][\\d,.]* rows")
                .containsPattern("\\(e\\) checkins 2026-10, workbooks +1[5-6] rows")
                .containsPattern("\\(b\\)/\\(a\\) = \\d+[.,]\\d\\d");
        Matcher floor = Pattern.compile("\\(a\\) floor: COPY \\+ GROUP BY +[\\d,.]+ rows +(\\d+[.,]\\d) s").matcher(printed);
        Matcher parts = Pattern.compile("\\(a\\) in parts: COPY (\\d+[.,]\\d) s, GROUP BY (\\d+[.,]\\d) s").matcher(printed);
        assertThat(floor.find()).as(printed).isTrue();
        assertThat(parts.find()).as(printed).isTrue();
        double sum = seconds(parts.group(1)) + seconds(parts.group(2));
        // each printed to a tenth: the parts add up to the floor, within their rounding
        assertThat(sum).isCloseTo(seconds(floor.group(1)), within(0.2));
        assertThat(tmp.resolve("bench/reports/2026-10/payroll-2026-10.xlsx")).isRegularFile();
        assertThat(tmp.resolve("bench/db/postgres")).isDirectory();
    }

    private static double seconds(String printed) {
        return Double.parseDouble(printed.replace(',', '.'));
    }
}
