package org.caseload.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PracticeGeneratorTest {

    static final List<String> PLANS = List.of("salaried", "split-60", "base-plus", "tiered", "fee-for-service");

    @TempDir
    Path tmp;

    private Map<String, byte[]> generate(String dir, long seed) throws IOException {
        Path out = tmp.resolve(dir);
        PracticeGenerator.generate(new PracticeGenerator.Settings(12, 26, seed, LocalDate.of(2026, 6, 30),
                ZoneId.of("America/New_York"), PLANS), out);
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(out)) {
            for (Path p : list.toList()) {
                files.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    @Test
    void theSameSeedWritesTheSameBytes() throws IOException {
        Map<String, byte[]> a = generate("a", 42);
        Map<String, byte[]> b = generate("b", 42);

        assertThat(a.keySet()).isEqualTo(b.keySet());
        a.forEach((name, bytes) -> assertThat(b.get(name)).as(name).isEqualTo(bytes));
    }

    @Test
    void anotherSeedWritesAnotherPractice() throws IOException {
        Map<String, byte[]> a = generate("a", 42);
        Map<String, byte[]> c = generate("c", 43);

        assertThat(a.get("appointments-2026-05.csv")).isNotEqualTo(c.get("appointments-2026-05.csv"));
    }

    @Test
    void thePracticeHasTheMixOfARealOne() throws IOException {
        Map<String, byte[]> files = generate("a", 1);
        String appointments = files.entrySet().stream().filter(e -> e.getKey().matches("appointments-\\d{4}-\\d{2}\\.csv"))
                .map(e -> new String(e.getValue())).reduce("", String::concat);
        List<String[]> rows = appointments.lines().filter(l -> !l.startsWith("appointment_id"))
                .map(l -> l.split(",", -1)).toList();
        long codes90837 = rows.stream().filter(r -> r[5].equals("90837")).count();
        assertThat(Stream.of("90834", "90832", "90791", "90853"))
                .allSatisfy(code -> assertThat(rows.stream().filter(r -> r[5].equals(code)).count())
                        .isPositive().isLessThan(codes90837));
        long missed = rows.stream().filter(r -> !r[6].equalsIgnoreCase("completed") && !r[6].equalsIgnoreCase("show")
                && !r[6].equalsIgnoreCase("cancelled")).count();
        assertThat((double) missed / rows.size()).isBetween(0.08, 0.20);
        String roster = new String(files.get("clinicians-2026-01-05.csv"));
        assertThat(PLANS).allSatisfy(plan -> assertThat(roster).contains("," + plan));
        assertThat(files).containsKeys("appointments-update-2026-06-30.csv", "time_off.csv", "time_off-holidays.csv",
                "clinicians-2026-06-30.csv", "appointments-zz-bad.csv", "payments-zz-bad.csv",
                "clinicians-zz-bad.csv", "time_off-zz-bad.csv");
        assertThat(new String(files.get("payments-2026-06.csv"))).contains(",refund");
    }
}
